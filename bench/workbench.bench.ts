// The workbench while a fast chain streams (issue 14, items 6 and 7): the packaged VSIX in a fresh
// code-server, driven from Debian Chromium, streaming from the emulator at a GPU-like 300 tokens/s.
// (1) Keypress-to-render latency in an editor: letters typed into a text file, one every 100 ms, each
//     timed from just before the key is sent to the frame after the editor shows it — first with nothing
//     streaming, then while the chain streams into the Reasoning view (target: p95 ≤ 100 ms).
// (2) Stop, from the palette, in the middle of the stream: when the emulator saw the client leave
//     (target ≤ 1 s), when History listed the run as partial (≤ 2 s), when the tree said "partial".
// Several rounds (THINKTRIM_BENCH_ROUNDS, default 3) of stream → type → Stop in one workbench.
// Needs code-server and Chromium (bash scripts/setup-code-server.sh; skipped without them); builds the
// VSIX when missing (THINKTRIM_REBUILD_VSIX=1 rebuilds it after a change; THINKTRIM_BENCH_VSIX=FILE
// measures another build, e.g. the one before a change).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { startEmulator } from '../src/emulator/server';
import { parseTraceJsonl, type TraceRecord } from '../src/core/traces/traceRecord';
import { emulatorEntries } from '../test/harness/emulatorLog';
import { runExactCommand } from '../test/harness/palette';
import { pickByLabel, ROW_LABEL, submitInputBox } from '../test/harness/quickInput';
import { assertToolsInstalled, extensionId } from '../test/harness/repo';
import { startWorkbenchSession } from '../test/harness/session';
import { installRenderProbe, percentile, typeAndMeasure } from '../test/harness/typingLatency';
import { ensureVsix } from '../test/harness/vsix';
import { UI_TIMEOUT_MS, resizeSideBar, waitForActivityBarTab } from '../test/harness/workbench';
import { treeViewRow, webviewByTitle } from '../test/harness/workbenchParts';

const TOKENS_PER_SECOND = 300;
const MODEL = 'thinktrim-demo-r1';
const ROUNDS = Number(process.env.THINKTRIM_BENCH_ROUNDS ?? 3);
const KEYS_IDLE = 60;
const KEYS_STREAMING = 120;
const KEY_INTERVAL_MS = 100;
/** THINKTRIM_BENCH_PROFILE=FILE saves a CPU profile of the workbench's renderer while typing in round 1. */
const PROFILE = process.env.THINKTRIM_BENCH_PROFILE;
/** THINKTRIM_BENCH_TRACE=FILE saves a Chromium trace (style, layout, paint per frame) while typing in round 1. */
const TRACE = process.env.THINKTRIM_BENCH_TRACE;
const PROBLEM = 'ThinkTrim workbench benchmark: three AIME problems solved one after another';

/** One long chain (the three longest bundled samples back to back, about 60k characters) under a unique problem. */
function longTrace(): TraceRecord {
	const samples = parseTraceJsonl(
		readFileSync(join(__dirname, '..', 'media', 'traces', 'samples.jsonl'), 'utf8'),
		'samples',
	).records;
	const longest = [...samples].sort((a, b) => b.thinking.length - a.thinking.length).slice(0, 3);
	const last = longest.at(-1);
	return {
		id: 'workbench-bench',
		problem: PROBLEM,
		thinking: longest.map((t) => t.thinking).join('\n\n'),
		final: last?.final ?? '',
		goldAnswer: last?.goldAnswer,
	};
}

/** Runs "ThinkTrim: Stop" from the palette and returns when its row was clicked (Date.now()). */
async function stopFromPalette(page: Page): Promise<number> {
	const label = 'ThinkTrim: Stop';
	const row = page
		.locator('.quick-input-widget .monaco-list-row')
		.filter({ has: page.locator(ROW_LABEL, { hasText: /^\s*ThinkTrim: Stop\s*$/ }) });
	await page.keyboard.press('F1');
	await page.locator('.quick-input-widget .quick-input-box input').fill(`>${label}`);
	await row.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
	const clickedAt = Date.now();
	await row.first().click();
	return clickedAt;
}

function fmt(values: readonly number[]): string {
	return `p50 ${percentile(values, 50)} ms, p95 ${percentile(values, 95)} ms, max ${percentile(values, 100)} ms (${values.filter(Number.isFinite).length} keys)`;
}

async function main(): Promise<void> {
	try {
		assertToolsInstalled();
	} catch (err) {
		console.log(`workbench bench skipped: ${err instanceof Error ? err.message : String(err)}`);
		return;
	}
	const trace = longTrace();
	const emulator = await startEmulator({
		traces: [trace],
		dialect: 'vllm',
		model: MODEL,
		tokensPerSecond: TOKENS_PER_SECOND,
		host: '127.0.0.1',
		port: 0,
	});
	const ENDPOINT_SETTINGS = {
		'thinktrim.endpoint.baseUrl': emulator.url,
		'thinktrim.endpoint.model': MODEL,
		'thinktrim.endpoint.dialect': 'vllm',
	};
	const session = await startWorkbenchSession({
		label: 'bench-workbench',
		vsix: process.env.THINKTRIM_BENCH_VSIX ?? ensureVsix(),
		activityBarTab: 'ThinkTrim',
		settings: {
			...ENDPOINT_SETTINGS,
			// Suggestions would pop up on some keys and not others; the figure is about the stream's load.
			'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
		},
		workspaceFiles: { 'notes.txt': '' },
	});
	const { page, server } = session;
	try {
		// Machine-scoped settings (the endpoint) are read from Machine/settings.json under code-server.
		const machine = join(server.profile.userData, 'Machine');
		mkdirSync(machine, { recursive: true });
		writeFileSync(join(machine, 'settings.json'), JSON.stringify(ENDPOINT_SETTINGS, null, 1));
		console.log(
			`# ${TOKENS_PER_SECOND} tokens/s, chain of ${trace.thinking.length.toLocaleString('en-US')} characters; load average ${loadavg()
				.map((l) => l.toFixed(1))
				.join(' ')}`,
		);
		await (await waitForActivityBarTab(page, 'ThinkTrim')).click();
		await resizeSideBar(page, 480);
		const web: FrameLocator = (await webviewByTitle(page, extensionId(), 'Reasoning')).frame;
		await web.locator('#app').waitFor({ timeout: UI_TIMEOUT_MS });
		await page.keyboard.press('Control+P');
		await page.locator('.quick-input-widget .quick-input-box input').fill('notes.txt');
		await page
			.locator('.quick-input-widget .monaco-list-row', { hasText: 'notes.txt' })
			.first()
			.waitFor({ timeout: UI_TIMEOUT_MS });
		await page.keyboard.press('Enter');
		await page
			.locator('.part.editor .tab', { hasText: 'notes.txt' })
			.waitFor({ timeout: UI_TIMEOUT_MS });
		await installRenderProbe(page);
		const editor = page.locator('.part.editor .monaco-editor .view-lines').first();
		await editor.click();
		const idle = await typeAndMeasure(page, KEYS_IDLE, KEY_INTERVAL_MS);
		console.log(`idle: ${fmt(idle)}`);

		const streaming: number[] = [];
		const stops: Array<{ server: number; history: number; tree: number }> = [];
		for (let round = 1; round <= ROUNDS; round++) {
			const since = emulator.log.total;
			await runExactCommand(page, 'ThinkTrim: Stream Reasoning');
			await pickByLabel(page, 'ThinkTrim: Stream Reasoning', 'Type a prompt');
			await submitInputBox(page, 'ThinkTrim: Stream Reasoning', PROBLEM);
			await web.locator('#app[data-status="streaming"]').waitFor({ timeout: UI_TIMEOUT_MS });
			await web
				.locator('g.node[data-id]')
				.nth(3)
				.waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
			await editor.click();
			await page.keyboard.press('Control+End');
			const profiler =
				PROFILE !== undefined && round === 1 ? await page.context().newCDPSession(page) : undefined;
			if (profiler !== undefined) {
				await profiler.send('Profiler.enable');
				await profiler.send('Profiler.start');
			}
			if (TRACE !== undefined && round === 1) {
				await session.browser.startTracing(page, {
					path: TRACE,
					categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc'],
				});
			}
			const keys = await typeAndMeasure(page, KEYS_STREAMING, KEY_INTERVAL_MS);
			if (TRACE !== undefined && round === 1) {
				await session.browser.stopTracing();
				console.log(`# renderer trace while typing (round 1): ${TRACE}`);
			}
			if (profiler !== undefined && PROFILE !== undefined) {
				const { profile } = await profiler.send('Profiler.stop');
				writeFileSync(PROFILE, JSON.stringify(profile));
				console.log(`# renderer CPU profile while typing (round 1): ${PROFILE}`);
			}
			const stillStreaming =
				(await web.locator('#app').getAttribute('data-status')) === 'streaming';
			streaming.push(...keys);
			const clickedAt = await stopFromPalette(page);
			const row = treeViewRow(page, 'History', /^\s*ThinkTrim workbench benchmark/).first();
			await row.locator('.codicon-warning').waitFor({ timeout: UI_TIMEOUT_MS });
			const history = Date.now() - clickedAt;
			await web.locator('#app[data-status="partial"]').waitFor({ timeout: UI_TIMEOUT_MS });
			const tree = Date.now() - clickedAt;
			const entries = await emulatorEntries(
				emulator,
				since,
				(e) => e.some((x) => x.kind === 'chat' && x.traceId === trace.id),
				'the stopped stream',
			);
			const chat = entries.find((x) => x.kind === 'chat' && x.traceId === trace.id);
			const server =
				chat !== undefined ? chat.receivedAtEpochMs + chat.durationMs - clickedAt : Number.NaN;
			stops.push({ server, history, tree });
			console.log(
				`round ${round}: typing while streaming ${fmt(keys)}${stillStreaming ? '' : ' (the chain had ended before the last key)'}; Stop → server saw the client leave ${server} ms (${chat?.outcome ?? '?'}), History partial ${history} ms, tree partial ${tree} ms`,
			);
			// The next round starts from a quiet workbench.
			await page.keyboard.press('Escape');
			await editor.click();
			await page.keyboard.press('Control+A');
			await page.keyboard.press('Delete');
		}
		console.log('\n| keypress to render | p50 | p95 | max | keys |');
		console.log('|---|---:|---:|---:|---:|');
		for (const [what, values] of [
			['nothing streaming', idle],
			[`streaming at ${TOKENS_PER_SECOND} tokens/s`, streaming],
		] as const) {
			console.log(
				`| ${what} | ${percentile(values, 50)} ms | ${percentile(values, 95)} ms | ${percentile(values, 100)} ms | ${values.filter(Number.isFinite).length} |`,
			);
		}
		console.log(
			'\n| after Stop (ms) | server saw the client leave | History lists it partial | tree says partial |',
		);
		console.log('|---|---:|---:|---:|');
		stops.forEach((s, i) =>
			console.log(`| round ${i + 1} | ${s.server} | ${s.history} | ${s.tree} |`),
		);
		console.log(
			`# load average after: ${loadavg()
				.map((l) => l.toFixed(1))
				.join(' ')}`,
		);
	} finally {
		await session.close();
		await emulator.close();
	}
}

main().then(
	() => process.exit(0),
	(err: unknown) => {
		console.error(err);
		process.exit(1);
	},
);
