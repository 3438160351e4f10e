// Issue 6 end to end: the packaged VSIX in a fresh code-server, driven from Debian Chromium like a user,
// against the project's vLLM-compatible emulator (never a mock) running in this test process on 127.0.0.1.
// Configure the endpoint and the API key, Test Connection, stream a sample problem into the tree, stop a
// second one midway, replay with truncation, "what if I stopped here?", reload the window, import a trace
// file with a bad line, evaluate a 20-problem dataset with two policies and export the report; then grep
// the whole profile and the exports for the API key.
//
// Run alone: node --import tsx --test --test-reporter=spec test/e2e/workflow.test.ts (after npm run package).
// It prints its wall time; the README pictures go to docs/images (THINKTRIM_README_IMAGES=none skips them).
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server';
import { comparisonRow, intOf } from '../harness/comparisonPanel';
import { emulatorEntries } from '../harness/emulatorLog';
import { runExactCommand } from '../harness/palette';
import { QuickInputClosedError, answerFileDialog, pickByLabel, pickMany, submitInputBox } from '../harness/quickInput';
import { saveReadmeImage } from '../harness/readmeImages';
import { extensionId } from '../harness/repo';
import { bundledSamples } from '../harness/sampleTraces';
import { filesContaining, filesUnder } from '../harness/secretScan';
import { scanBrowserStorage } from '../harness/browserStorage';
import { startWorkbenchSession, type WorkbenchSession } from '../harness/session';
import { ensureVsix } from '../harness/vsix';
import { UI_TIMEOUT_MS, resizeSideBar, waitForActivityBarTab, waitForNotification } from '../harness/workbench';
import { clickNotificationButton, readTreeView, readTreeViewRow, resizeSideBarPane, statusBarItem, treeViewRow, treeViewRows, webviewByTitle } from '../harness/workbenchParts';
import { label40, pickerLabel40, pickTraces, startsWith, thoughtsOf, type Picks } from '../harness/workflowTraces';

/** The API key: the emulator demands it, and it must appear in no file of the run. */
const SECRET = 'sk-thinktrim-e2e-3b9d71c04f5a';
/** The model the emulator serves: the demo model's name, so Stream Reasoning offers the sample problems. */
const MODEL = 'thinktrim-demo-r1';
/**
 * The first server streams at a pace where Stop, from the palette, surely lands mid-chain: while a chain
 * streams fast the workbench is busy, and the palette took up to 7 s to run Stop on a loaded 2-core machine.
 */
const SLOW_TOKENS_PER_SECOND = 300;
/** The second server: fast enough for a short test, slow enough that the tree visibly grows. */
const LIVE_TOKENS_PER_SECOND = 1200;
/** The dataset evaluation runs 20 problems × 3 runs: a second, fast emulator keeps it to seconds. */
const EVAL_TOKENS_PER_SECOND = 20_000;
const HISTORY = 'History';

/** Records how long each stage of a step took; `print` writes them on one line (where the time goes in CI). */
function laps(step: string): { lap(stage: string): void; print(): void } {
	let last = Date.now();
	const parts: string[] = [];
	return {
		lap: (stage) => {
			const now = Date.now();
			parts.push(`${stage} ${((now - last) / 1000).toFixed(1)} s`);
			last = now;
		},
		print: () => console.log(`# ${step}: ${parts.join(', ')}`),
	};
}

describe('ThinkTrim issue 6 workflow: the VSIX in code-server against the emulator', () => {
	const started = Date.now();
	const samples = bundledSamples();
	const dataset = samples.slice(0, 20).map((t) => ({ id: t.id, problem: t.problem, gold_answer: t.goldAnswer }));
	let picks: Picks;
	let slow: RunningEmulator | undefined;
	let live: RunningEmulator | undefined;
	let fast: RunningEmulator | undefined;
	let session: WorkbenchSession | undefined;
	/** The Reasoning view's content (found again after the reload). */
	let web: FrameLocator;
	let exportedReport = '';

	function ui(): WorkbenchSession {
		assert.ok(session !== undefined, 'the workbench session started');
		return session;
	}

	function emulator(which: RunningEmulator | undefined): RunningEmulator {
		assert.ok(which !== undefined, 'the emulator started');
		return which;
	}

	const reasoningView = async (page: Page): Promise<FrameLocator> => (await webviewByTitle(page, extensionId(), 'Reasoning')).frame;
	const nodes = (): Locator => web.locator('g.node[data-id]');
	/** The chain's thought count from the view's header ("42 thoughts"; collapsed runs included). */
	const thoughtCount = async (): Promise<number> => intOf(await web.locator('.chain-figures .figure-thoughts').textContent({ timeout: UI_TIMEOUT_MS }));
	const chainStatus = (status: string): Locator => web.locator(`#app[data-status="${status}"]`);

	/** The four steps of Configure Endpoint for the reasoning endpoint, through the quick picks. */
	async function configureEndpoint(page: Page, url: string): Promise<void> {
		for (let attempt = 1; ; attempt++) {
			await runExactCommand(page, 'ThinkTrim: Configure Endpoint');
			try {
				await pickByLabel(page, 'Configure Endpoint (1/5)', 'Reasoning endpoint');
				break;
			} catch (err) {
				// The previous command revealed the Reasoning view as it finished, which closed this pick.
				if (!(err instanceof QuickInputClosedError) || attempt >= 3) {
					throw err;
				}
			}
		}
		await pickByLabel(page, 'Configure Endpoint (2/5)', /^\s*vLLM\s*$/);
		await submitInputBox(page, 'Configure Endpoint (3/5)', url);
		// The model list comes from the server, which demands the API key: the key set above reached it.
		await pickByLabel(page, 'Configure Endpoint (5/5)', MODEL);
		await waitForNotification(page, `reasoning endpoint set to ${url}`);
	}

	before(async () => {
		picks = await pickTraces(samples);
		slow = await startEmulator({ traces: samples, dialect: 'vllm', model: MODEL, apiKey: SECRET, tokensPerSecond: SLOW_TOKENS_PER_SECOND, host: '127.0.0.1', port: 0 });
		live = await startEmulator({ traces: samples, dialect: 'vllm', model: MODEL, apiKey: SECRET, tokensPerSecond: LIVE_TOKENS_PER_SECOND, host: '127.0.0.1', port: 0 });
		fast = await startEmulator({ traces: samples, dialect: 'vllm', model: MODEL, apiKey: SECRET, tokensPerSecond: EVAL_TOKENS_PER_SECOND, ttftMs: 20, host: '127.0.0.1', port: 0 });
		const [a, b] = picks.imports;
		session = await startWorkbenchSession({
			label: 'e2e-workflow',
			vsix: ensureVsix(),
			activityBarTab: 'ThinkTrim',
			settings: {
				'workbench.colorTheme': 'Default Dark Modern',
				'thinktrim.evaluation.concurrency': 4,
				'thinktrim.policy.budgetTokens': 2048,
			},
			workspaceFiles: {
				// One good trace, one line that is not JSON, one good trace under an id with a slash and spaces.
				'traces/mixed.jsonl': [JSON.stringify(a), '{"id": "broken", thinking', JSON.stringify({ ...b, id: 'imported/with spaces' })].join('\n'),
				'datasets/aime-20.jsonl': `${dataset.map((p) => JSON.stringify(p)).join('\n')}\n`,
			},
		});
		console.log(`# code-server up and the workbench ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);
	});

	after(async () => {
		try {
			await session?.close();
		} finally {
			await slow?.close();
			await live?.close();
			await fast?.close();
			console.log(`# e2e workflow wall time: ${((Date.now() - started) / 1000).toFixed(1)} s${session !== undefined ? ` (artifacts in ${session.artifacts.dir})` : ''}`);
		}
	});

	it('opens the ThinkTrim side bar with the Reasoning and History views', async () => {
		const { page } = ui();
		const tab = await waitForActivityBarTab(page, 'ThinkTrim');
		await tab.click();
		await resizeSideBar(page, 560);
		web = await reasoningView(page);
		await web.locator('#app').waitFor({ timeout: UI_TIMEOUT_MS });
		// Room for the tree: History needs only a few rows.
		await resizeSideBarPane(page, HISTORY, 190);
	});

	it('stores the API key through the password box', async () => {
		const { page } = ui();
		await runExactCommand(page, 'ThinkTrim: Set API Key');
		await pickByLabel(page, 'ThinkTrim: Set API Key', 'Reasoning endpoint');
		await submitInputBox(page, 'API key for the reasoning endpoint', SECRET, { password: true });
		await waitForNotification(page, 'API key for the reasoning endpoint stored in Secret Storage');
	});

	it('configures the endpoint through the quick picks and passes Test Connection', async () => {
		const { page, server } = ui();
		const emu = emulator(slow);
		const since = emu.log.total;
		await configureEndpoint(page, emu.url);
		// Issue 14.8: the endpoint lands in the User settings (Settings → User), not code-server's Machine
		// settings, where machine-scoped settings went because code-server's extension host is its "remote".
		const read = (dir: string): string => {
			const file = join(server.profile.userData, dir, 'settings.json');
			return existsSync(file) ? readFileSync(file, 'utf8') : '';
		};
		const settings = read('User');
		assert.ok(settings.includes(`"thinktrim.endpoint.baseUrl": "${emu.url}"`), `the base URL is in the User settings:\n${settings}`);
		assert.ok(settings.includes(`"thinktrim.endpoint.model": "${MODEL}"`), 'the model is in the User settings');
		assert.ok(!read('Machine').includes('thinktrim.'), `no ThinkTrim setting in the Machine settings:\n${read('Machine')}`);
		await clickNotificationButton(page, `reasoning endpoint set to ${emu.url}`, 'Test Connection');
		const summary = await waitForNotification(page, 'ThinkTrim: connected to vllm');
		assert.match(summary, /, 1 model\(s\)\.$/, `one model, every check passed: ${summary}`);
		const entries = await emulatorEntries(emu, since, (e) => e.some((x) => x.kind === 'tokenize'), 'the /tokenize check');
		assert.deepEqual(
			entries.filter((e) => e.status === 401).map((e) => e.path),
			[],
			'every request carried the API key',
		);
	});

	it('stops a typed prompt midway from the palette and keeps the partial run in History', async () => {
		const { page } = ui();
		const trace = picks.long;
		const emu = emulator(slow);
		const since = emu.log.total;
		const time = laps('stop');
		await runExactCommand(page, 'ThinkTrim: Stream Reasoning');
		await pickByLabel(page, 'ThinkTrim: Stream Reasoning', 'Type a prompt');
		await submitInputBox(page, 'ThinkTrim: Stream Reasoning', trace.problem ?? '');
		await web.locator('.chain-title', { hasText: label40(trace) }).waitFor({ timeout: UI_TIMEOUT_MS });
		await chainStatus('streaming').waitFor({ timeout: UI_TIMEOUT_MS });
		await nodes().nth(2).waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
		time.lap('two thoughts streamed');
		await runExactCommand(page, 'ThinkTrim: Stop');
		const stoppedAt = Date.now();
		time.lap('palette ran Stop');
		// The host's side first (the run saved as partial, listed with a warning), then the view's.
		const row = treeViewRow(page, HISTORY, startsWith(label40(trace)));
		await row.locator('.codicon-warning').waitFor({ timeout: UI_TIMEOUT_MS });
		time.lap('History partial');
		await chainStatus('partial').waitFor({ timeout: UI_TIMEOUT_MS });
		time.lap('tree partial');
		const shown = await thoughtCount();
		const all = thoughtsOf(picks, trace);
		assert.ok(shown >= 2 && shown < all, `the partial tree has ${shown} of ${all} thoughts`);
		const entries = await emulatorEntries(emu, since, (e) => e.some((x) => x.kind === 'chat' && x.traceId === trace.id), 'the stopped stream');
		const chat = entries.find((e) => e.kind === 'chat' && e.traceId === trace.id);
		assert.equal(chat?.outcome, 'client-disconnected', 'Stop aborted the request');
		console.log(`# stop: the server saw the client leave ${(((chat?.receivedAtEpochMs ?? 0) + (chat?.durationMs ?? 0) - stoppedAt) / 1000).toFixed(1)} s after the palette ran Stop`);
		const entry = await readTreeViewRow(row);
		assert.match(entry.description, /^live · [\d,]+ tok/);
		assert.ok(intOf(entry.description) > 0, 'the partial run kept its thinking tokens');
		time.print();
	});

	it('streams a sample problem picked from the list: the tree grows live, then shows every thought', async () => {
		const { page, artifacts } = ui();
		const trace = picks.overthought;
		const thoughts = thoughtsOf(picks, trace);
		// Another server: Configure Endpoint again, as when switching from a test box to the GPU server.
		await configureEndpoint(page, emulator(live).url);
		await runExactCommand(page, 'ThinkTrim: Stream Reasoning');
		await pickByLabel(page, 'ThinkTrim: Stream Reasoning', startsWith(pickerLabel40(trace)), pickerLabel40(trace).slice(0, 30));
		await chainStatus('streaming').waitFor({ timeout: UI_TIMEOUT_MS });
		await statusBarItem(page, /ThinkTrim: (thinking|streaming)/).waitFor({ timeout: UI_TIMEOUT_MS });
		await waitForNotification(page, 'ThinkTrim: streaming reasoning');
		// Watch the thought count while the chain streams; the README picture is taken a third of the way in.
		const seen: number[] = [];
		let screenshot: string | undefined;
		for (let status = 'streaming'; status === 'streaming'; status = (await web.locator('#app').getAttribute('data-status')) ?? '') {
			const count = await thoughtCount();
			if (count !== seen.at(-1)) {
				seen.push(count);
			}
			if (screenshot === undefined && count >= thoughts / 3) {
				screenshot = await artifacts.screenshot(page, 'streaming-tree');
			}
			await page.waitForTimeout(100);
		}
		assert.ok(seen.length >= 2 && (seen[0] ?? 0) < thoughts && (seen.at(-1) ?? 0) > (seen[0] ?? 0), `the tree grew while streaming: ${seen.join(' → ')} thoughts`);
		assert.ok(screenshot !== undefined, 'a screenshot of the tree while it streamed');
		await chainStatus('complete').waitFor({ timeout: UI_TIMEOUT_MS });
		assert.equal(await thoughtCount(), thoughts, 'every thought of the chain is in the tree');
		const row = treeViewRow(page, HISTORY, startsWith(label40(trace)));
		await row.waitFor({ timeout: UI_TIMEOUT_MS });
		const entry = await readTreeViewRow(row);
		assert.equal(entry.icon, 'pass', `a complete run: ${JSON.stringify(entry)}`);
		assert.match(entry.description, /^live · [\d,]+ tok/);
		const [chat] = emulator(live).log.entries.filter((e) => e.kind === 'chat' && e.traceId === trace.id);
		assert.equal(chat?.outcome, 'completed', 'the emulator replayed exactly this trace to its end');
	});

	it('replays the streamed run with truncation: fewer thinking tokens, the same answer, abort and continuation on the server', async () => {
		const { page, artifacts } = ui();
		const trace = picks.overthought;
		const emu = emulator(live);
		await treeViewRow(page, HISTORY, startsWith(label40(trace))).click();
		await web.locator('.chain-title', { hasText: startsWith(label40(trace)) }).waitFor({ timeout: UI_TIMEOUT_MS });
		const since = emu.log.total;
		const time = laps('replay');
		await runExactCommand(page, 'ThinkTrim: Replay with Truncation');
		time.lap('palette');
		const panel = (await webviewByTitle(page, extensionId(), 'ThinkTrim: Replay — ', 2 * UI_TIMEOUT_MS)).frame;
		time.lap('comparison panel');
		const [original, trimmed] = (await comparisonRow(panel, 'Thinking tokens')).map(intOf);
		time.lap('table');
		assert.ok(original !== undefined && trimmed !== undefined && trimmed < original, `trimmed ${String(trimmed)} < original ${String(original)} thinking tokens`);
		const summary = ((await panel.locator('p.summary').textContent()) ?? '').trim();
		assert.match(summary, /^Same answer/, summary);
		const entries = await emulatorEntries(emu, since, (e) => e.some((x) => x.kind === 'completion'), 'the continuation');
		time.lap('server log');
		const aborted = entries.find((e) => e.kind === 'chat' && e.traceId === trace.id);
		assert.equal(aborted?.outcome, 'client-disconnected', 'the replay aborted the stream when TrimR fired');
		const continuation = entries.find((e) => e.kind === 'completion')?.continuation;
		assert.ok(continuation !== undefined && continuation.cutChars > 0 && continuation.cutChars < trace.thinking.length, 'the continuation asked for the answer from the cut thinking');
		await panel.locator('h2', { hasText: 'Why it cut' }).waitFor({ timeout: UI_TIMEOUT_MS });
		saveReadmeImage(await artifacts.screenshot(page, 'replay-comparison'), 'replay-comparison');
		time.lap('screenshot');
		const row = treeViewRow(page, HISTORY, /^\s*Replay: /);
		await row.waitFor({ timeout: UI_TIMEOUT_MS });
		const replayed = await readTreeViewRow(row);
		assert.match(replayed.description, /^replay · [\d,]+ tok/);
		assert.equal(intOf(replayed.description.split('·')[1] ?? ''), trimmed, 'History lists the replay with its kept thinking tokens');
		time.lap('History');
		time.print();
	});

	it('answers "What if I stopped here?" for a thought clicked in the tree', async () => {
		const { page, artifacts } = ui();
		const trace = picks.overthought;
		await treeViewRow(page, HISTORY, startsWith(label40(trace))).click();
		// The replay's tree carries the same title: the live run is back when the header says "watch" again.
		await web.locator('.chain-figures .figure-policy', { hasText: 'watch' }).waitFor({ timeout: UI_TIMEOUT_MS });
		await web.locator('.chain-title', { hasText: startsWith(label40(trace)) }).waitFor({ timeout: UI_TIMEOUT_MS });
		await chainStatus('complete').waitFor({ timeout: UI_TIMEOUT_MS });
		assert.equal(await thoughtCount(), thoughtsOf(picks, trace));
		// A thought early in the chain (later ones may be folded into a run of redundant thoughts). The fitted
		// tree may have it outside the narrow side bar's view (under the activity bar), where a pointer
		// cannot reach it; the click event is what the tree's pointer handler selects on.
		await web.locator('g.node[data-id^="t"]').nth(4).dispatchEvent('click');
		const selected = web.locator('g.node[aria-selected="true"]');
		await selected.waitFor({ timeout: UI_TIMEOUT_MS });
		const id = (await selected.getAttribute('data-id')) ?? '';
		const index = Number(/^t(\d+)$/.exec(id)?.[1]);
		assert.ok(Number.isInteger(index), `a thought is selected (${id})`);
		await runExactCommand(page, 'ThinkTrim: What if I stopped here?');
		const panel = (await webviewByTitle(page, extensionId(), 'ThinkTrim: What if — ', 2 * UI_TIMEOUT_MS)).frame;
		// Attached, not visible: in a narrow editor group the table reflows into labelled blocks and hides its head.
		await panel.locator('thead th', { hasText: `Stopped after thought ${index + 1}` }).waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
		const [original, kept] = (await comparisonRow(panel, 'Thinking tokens')).map(intOf);
		assert.ok(original !== undefined && kept !== undefined && kept < original, `kept ${String(kept)} < original ${String(original)}`);
		const [, answer] = await comparisonRow(panel, 'Answer');
		assert.notEqual(answer, '—', 'the server answered from the kept thinking');
		await artifacts.screenshot(page, 'what-if');
		await treeViewRow(page, HISTORY, /^\s*What if: /).waitFor({ timeout: UI_TIMEOUT_MS });
	});

	it('keeps the whole history across "Developer: Reload Window"', async () => {
		const { page } = ui();
		const before = await readTreeView(page, HISTORY);
		assert.equal(before.length, 4, `partial, live, replay and what-if runs: ${JSON.stringify(before)}`);
		await runExactCommand(page, 'Developer: Reload Window', { navigates: true });
		await waitForActivityBarTab(page, 'ThinkTrim');
		await treeViewRows(page, HISTORY).nth(before.length - 1).waitFor({ timeout: UI_TIMEOUT_MS });
		const afterReload = await readTreeView(page, HISTORY);
		assert.deepEqual(afterReload, before);
		web = await reasoningView(page);
	});

	it('imports a trace file with one bad line: the notification says so, the good traces are in History', async () => {
		const { page, server } = ui();
		const [a, b] = picks.imports;
		await runExactCommand(page, 'ThinkTrim: Open Trace File');
		await answerFileDialog(page, 'ThinkTrim: Open Trace File', join(server.workspace, 'traces', 'mixed.jsonl'), { exists: true });
		const message = await waitForNotification(page, 'ThinkTrim: imported 2 traces from mixed.jsonl');
		assert.match(message, /skipped 1 bad record \(first: line 2: /);
		for (const trace of [a, b]) {
			const row = treeViewRow(page, HISTORY, startsWith(label40(trace)));
			await row.waitFor({ timeout: UI_TIMEOUT_MS });
			assert.match((await readTreeViewRow(row)).description, /^imported · [\d,]+ tok/);
		}
		await web.locator('.chain-title', { hasText: startsWith(label40(a)) }).waitFor({ timeout: UI_TIMEOUT_MS });
	});

	it('evaluates a 20-problem dataset with two policies and exports the report from the notification', async () => {
		const { page, server, artifacts } = ui();
		const emu = emulator(fast);
		await configureEndpoint(page, emu.url);
		// One editor group, so that the report gets the whole editor area.
		await runExactCommand(page, 'View: Close All Editor Groups');
		await runExactCommand(page, 'ThinkTrim: Evaluate Dataset');
		await answerFileDialog(page, 'ThinkTrim: Evaluate Dataset', join(server.workspace, 'datasets', 'aime-20.jsonl'), { exists: true });
		await pickMany(page, 'Evaluate Dataset — policies', ['trimr', 'budget']);
		await submitInputBox(page, 'threshold sweep', '');
		const report = (await webviewByTitle(page, extensionId(), 'ThinkTrim: Dataset Evaluation', 3 * UI_TIMEOUT_MS)).frame;
		await report.locator('table.runs').waitFor({ timeout: UI_TIMEOUT_MS });
		assert.equal(await report.locator('td.problem').count(), 20, 'one row group per problem');
		const policies = (await report.locator('table.summary:not(.time-under-load) tbody th[scope="row"]').allTextContents()).map((t) => t.trim());
		assert.equal(policies.length, 3, `untrimmed + two policies: ${policies.join(', ')}`);
		assert.ok(policies.some((p) => /trimr/i.test(p)) && policies.some((p) => /budget/i.test(p)), policies.join(', '));
		assert.ok((await report.locator('svg').count()) >= 2, 'the accuracy-against-savings plots');
		const problems = new Set(emu.log.entries.filter((e) => e.kind === 'chat' && e.outcome !== 'error-status').map((e) => e.traceId));
		assert.ok(problems.size >= 16, `the emulator served every distinct problem (${problems.size})`);
		const budget = ((await report.locator('ul.policies').textContent()) ?? '').replace(/\s+/g, ' ');
		assert.match(budget, /fixed budget of 2048 thinking tokens/, 'the configured budget (thinktrim.policy.budgetTokens), not the default');
		const target = join(server.workspace, 'thinktrim-evaluation.html');
		await clickNotificationButton(page, 'ThinkTrim: dataset evaluation 20 problems done', 'Export HTML');
		await answerFileDialog(page, 'ThinkTrim: Export HTML', target, { exists: false });
		const deadline = Date.now() + UI_TIMEOUT_MS;
		while (!existsSync(target) && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		exportedReport = readFileSync(target, 'utf8');
		assert.match(exportedReport, /<svg/);
		assert.equal((exportedReport.match(/class="pid"/g) ?? []).length, 20, 'the exported report covers the 20 problems');
		copyFileSync(target, artifacts.path('thinktrim-evaluation.html'));
		// The README picture: the report across the window, the side bar out of the way for a moment, and no
		// toast over the accuracy-against-savings plots (the front).
		await runExactCommand(page, 'Notifications: Clear All Notifications');
		await page.locator('.notifications-toasts .notification-list-item').first().waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
		await runExactCommand(page, 'View: Toggle Primary Side Bar Visibility');
		await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: UI_TIMEOUT_MS });
		await report.locator('table.runs').scrollIntoViewIfNeeded();
		await report.locator('h1').scrollIntoViewIfNeeded();
		await report.locator('svg').last().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
		saveReadmeImage(await artifacts.screenshot(page, 'dataset-evaluation'), 'dataset-evaluation');
		await runExactCommand(page, 'View: Toggle Primary Side Bar Visibility');
		await page.locator('.part.sidebar').waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
	});

	it('never writes the API key to settings, history, logs, state or exports', async () => {
		const { page, server, console: consoleLog, artifacts } = ui();
		const files = [...filesUnder(server.profile.root), server.logFile];
		const names = files.map((f) => f.slice(server.profile.root.length));
		assert.ok(names.some((f) => f.endsWith('/User/settings.json')), 'the scan covers the user settings');
		assert.ok(names.some((f) => /\/User\/globalStorage\/thinktrim\.thinktrim\/.+\.json$/.test(f)), 'the scan covers the saved runs');
		assert.ok(names.some((f) => /ThinkTrim\.log$/.test(f)), 'the scan covers the ThinkTrim log');
		assert.ok(names.some((f) => f.endsWith('/workspace/thinktrim-evaluation.html')), 'the scan covers the export');
		assert.ok(exportedReport.length > 0);
		const { hits, unreadable } = filesContaining(files, SECRET);
		assert.deepEqual(hits, [], 'no file holds the API key');
		assert.deepEqual(unreadable, [], 'every file could be read');
		assert.deepEqual(
			consoleLog.entries.filter((e) => e.text.includes(SECRET)).map((e) => e.text),
			[],
			'no console message holds the API key',
		);
		// code-server keeps SecretStorage in the browser, encrypted: the key is there, but never in plain text.
		const browser = await scanBrowserStorage(page, SECRET);
		assert.ok(browser.localStorageKeys.includes('secrets.provider'), `the browser holds code-server's secret store (${browser.localStorageKeys.join(', ')})`);
		assert.deepEqual(browser.hits, [], 'no browser storage holds the API key in plain text');
		console.log(`# secret scan: ${files.length} files under the profile, ${browser.localStorageKeys.length} localStorage keys, ${browser.stores.length} IndexedDB stores (${artifacts.dir})`);
	});
});
