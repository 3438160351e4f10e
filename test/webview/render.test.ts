// `thinktrim render` writes one self-contained HTML file; it must open offline (file://, no request to
// anywhere), show the same tree as the view, and keep hostile trace text inert.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { renderCommand } from '../../src/cli/renderCommand';
import { analyzeTrace } from '../../src/core/engine/analyzeTrace';
import { parseTraceJsonl } from '../../src/core/traces/traceRecord';
import { modelFromAnalysis } from '../../src/core/tree/fromAnalysis';
import { chromiumMissing, launchChromium, webviewBundle } from './webviewPage';

const ROOT = join(__dirname, '..', '..');
const SAMPLES = join(ROOT, 'media', 'traces', 'samples.jsonl');
const skip = chromiumMissing();

async function render(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
	let stdout = '';
	let stderr = '';
	const code = await renderCommand.run(args, {
		stdout: (t) => (stdout += t),
		stderr: (t) => (stderr += t),
	});
	return { code, stdout, stderr };
}

/** Opens a file offline and records every request the page makes and every error. */
async function openOffline(
	browser: Browser,
	file: string,
): Promise<{ page: Page; requests: string[]; errors: string[] }> {
	const context = await browser.newContext({
		offline: true,
		viewport: { width: 900, height: 900 },
	});
	const page = await context.newPage();
	const requests: string[] = [];
	const errors: string[] = [];
	page.on('request', (r) => requests.push(r.url()));
	page.on('pageerror', (e) => errors.push(e.message));
	page.on('console', (m) => {
		if (m.type() === 'error') {
			errors.push(m.text());
		}
	});
	await page.goto(pathToFileURL(file).href);
	return { page, requests, errors };
}

describe('thinktrim render', { skip }, () => {
	let browser: Browser;
	let dir: string;
	let assets: string;
	before(async () => {
		browser = await launchChromium();
		dir = mkdtempSync(join(tmpdir(), 'thinktrim-render-'));
		assets = join(dir, 'dist');
		const { js, css } = await webviewBundle();
		const { mkdirSync } = await import('node:fs');
		mkdirSync(assets);
		writeFileSync(join(assets, 'webview.js'), js);
		writeFileSync(join(assets, 'webview.css'), css);
		copyFileSync(
			join(ROOT, 'node_modules/@vscode/codicons/dist/codicon.css'),
			join(assets, 'codicon.css'),
		);
		copyFileSync(
			join(ROOT, 'node_modules/@vscode/codicons/dist/codicon.ttf'),
			join(assets, 'codicon.ttf'),
		);
	});
	after(async () => {
		await browser.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('writes a file that opens offline and shows the same tree, cut and timeline as the view', async () => {
		const out = join(dir, 'tree.html');
		const result = await render([
			SAMPLES,
			'--id',
			'tegra-dsr1.5-aime24-b8192-62',
			'--out',
			out,
			'--assets',
			assets,
		]);
		assert.equal(result.code, 0, result.stderr);
		assert.match(
			result.stdout,
			/tree\.html: tegra-dsr1\.5-aime24-b8192-62, \d+ thoughts, trimr cut after thought \d+/,
		);

		const trace = parseTraceJsonl(readFileSync(SAMPLES, 'utf8'), 'samples').records.find(
			(r) => r.id === 'tegra-dsr1.5-aime24-b8192-62',
		);
		assert.ok(trace);
		const expected = modelFromAnalysis(await analyzeTrace(trace), { runId: 'x' }).snapshot();

		const { page, requests, errors } = await openOffline(browser, out);
		await page.locator('g.node[data-id="problem"]').waitFor();
		const ids = new Set(expected.nodes.map((n) => n.id));
		const drawnIds = (): Promise<Array<string | undefined>> =>
			page
				.locator('g.node')
				.evaluateAll((nodes) => nodes.map((n) => (n as SVGGElement).dataset.id));
		const first = await drawnIds();
		assert.ok(
			first.includes('problem') && first.every((id) => id !== undefined && ids.has(id)),
			'the nodes in view are nodes of the chain',
		);
		await page.locator('vscode-button[aria-label="Fit the tree to the view"]').click();
		await page.waitForTimeout(100);
		assert.deepEqual(new Set(await drawnIds()), ids, 'fitted, every node of the chain is drawn');
		const trimr = expected.cuts.find((c) => c.policy === 'trimr');
		assert.ok(trimr);
		assert.equal(
			await page
				.locator(`g.cut-marker[data-policy="trimr"][data-thought="${trimr.thought}"]`)
				.count(),
			1,
			'the TrimR cut is drawn at its thought',
		);
		const bars = await page
			.locator('rect.tl-thought')
			.evaluateAll((rects) =>
				rects.map((r) => [
					Number((r as SVGRectElement).dataset.first),
					Number((r as SVGRectElement).dataset.last),
				]),
			);
		assert.deepEqual(
			bars.flatMap(([first, last]) =>
				Array.from({ length: (last ?? 0) - (first ?? 0) + 1 }, (_, i) => (first ?? 0) + i),
			),
			expected.nodes.slice(1).map((n) => n.index),
			'the timeline covers every thought once, in order',
		);
		// Hovering the timeline highlights the same thought in the tree.
		const strip = await page.locator('svg.timeline-strip').boundingBox();
		assert.ok(strip);
		await page.mouse.move(strip.x + strip.width * 0.5, strip.y + strip.height / 2);
		const hoveredInTree = await page.locator('g.node.hovered').getAttribute('data-id');
		const hoveredInTimeline = await page.locator('rect.tl-hover').getAttribute('data-id');
		assert.ok(
			hoveredInTree !== null && hoveredInTree === hoveredInTimeline,
			`hover is shared (${hoveredInTree} / ${hoveredInTimeline})`,
		);
		assert.equal(
			await page.locator('.tl-cut').count(),
			expected.cuts.length,
			'each policy cut is on the timeline',
		);
		assert.equal(await page.locator('.tl-oracle').count(), expected.oracle === undefined ? 0 : 1);

		await page.locator('svg.tree').focus();
		await page.keyboard.press('Home');
		await page.keyboard.press('ArrowDown');
		assert.equal(await page.locator('g.node.selected').getAttribute('data-id'), 't0');
		assert.equal(await page.locator('.detail-text').textContent(), expected.nodes[1]?.text);
		assert.ok(
			(await page.locator('.detail-explanation').textContent())?.includes('heuristic verifier'),
			'the explanation names the verifier',
		);

		assert.deepEqual(
			requests.filter((url) => !url.startsWith('file:') && !url.startsWith('data:')),
			[],
			'the page loads nothing from anywhere',
		);
		assert.deepEqual(errors, []);
		await page.context().close();
	});

	it('keeps script tags in the trace inert in the exported file', async () => {
		const hostile = join(dir, 'hostile.jsonl');
		const thinking =
			'First </script><script>window.__pwned = 1</script> step.\n\nWait, <img src=x onerror="window.__pwned = 2"> so the answer is \\boxed{4}.\n\nCheck: 2+2 = 4. So \\boxed{4}.';
		writeFileSync(
			hostile,
			`${JSON.stringify({ id: 'x<script>', problem: '<svg onload="window.__pwned = 3">', thinking })}\n`,
		);
		const out = join(dir, 'hostile.html');
		const result = await render([hostile, '--out', out, '--assets', assets]);
		assert.equal(result.code, 0, result.stderr);
		const { page, errors } = await openOffline(browser, out);
		await page.locator('g.node[data-id="t0"]').dispatchEvent('click');
		assert.equal(
			await page.locator('.detail-text').textContent(),
			'First </script><script>window.__pwned = 1</script> step.\n\n',
		);
		assert.equal(
			await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null),
			null,
		);
		assert.equal(
			await page.evaluate(
				() => document.querySelectorAll('#app img, #app script, #app svg svg').length,
			),
			0,
			'no element made from trace text',
		);
		assert.equal(
			await page.evaluate(() => document.scripts.length),
			2,
			'only the data block and the bundle',
		);
		assert.deepEqual(errors, []);
		await page.context().close();
	});

	it('says what is wrong with bad arguments and a missing bundle', async () => {
		await assert.rejects(
			render([SAMPLES, '--out', join(dir, 'x.html'), '--assets', assets]),
			/holds 24 traces; choose one with --id/,
		);
		await assert.rejects(
			render([SAMPLES, '--id', 'nope', '--out', join(dir, 'x.html'), '--assets', assets]),
			/no trace .* has the id "nope"/,
		);
		await assert.rejects(
			render([
				SAMPLES,
				'--id',
				'rasbt-r1-0',
				'--out',
				join(dir, 'x.html'),
				'--assets',
				join(dir, 'nowhere'),
			]),
			/webview bundle is incomplete .* run "npm run build"/,
		);
		await assert.rejects(
			render([join(dir, 'nope.jsonl'), '--out', join(dir, 'x.html'), '--assets', assets]),
			/cannot read the trace file .*nope\.jsonl \(ENOENT/,
		);
		// The output path is checked before the work: a folder is no file name.
		await assert.rejects(
			render([SAMPLES, '--id', 'rasbt-r1-0', '--out', dir, '--assets', assets]),
			/--out .* is a directory; give a file name/,
		);
		assert.equal((await render([SAMPLES, '--id', 'rasbt-r1-0'])).code, 2, '--out is required');
		assert.equal(
			(await render([SAMPLES, '--id', 'rasbt-r1-0', '--out', 'x', '--policy', 'magic'])).code,
			2,
		);
	});
});
