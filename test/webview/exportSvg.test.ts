// Save as SVG: the webview serializes its tree on the host's request; the file must hold the whole tree
// (also the parts outside the view), resolved theme colours, the labels as escaped text, and pass the
// host's check for passive SVG.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { analyzeTrace } from '../../src/core/engine/analyzeTrace';
import { parseTraceJsonl } from '../../src/core/traces/traceRecord';
import { modelFromAnalysis } from '../../src/core/tree/fromAnalysis';
import { checkExportedSvg } from '../../src/core/tree/svgCheck';
import { chromiumMissing, launchChromium, WebviewPage } from './webviewPage';

const skip = chromiumMissing();

describe('Save tree as SVG (webview side)', { skip }, () => {
	let browser: Browser;
	before(async () => {
		browser = await launchChromium();
	});
	after(async () => {
		await browser.close();
	});

	it('answers exportSvg with the whole tree as a passive, self-styled SVG document', async () => {
		const samples = parseTraceJsonl(
			readFileSync(join(__dirname, '../../media/traces/samples.jsonl'), 'utf8'),
			'samples',
		).records;
		const trace = samples.find((t) => t.id === 'tegra-dsr1.5-aime24-b8192-62');
		assert.ok(trace);
		const model = modelFromAnalysis(
			await analyzeTrace({ ...trace, problem: `<script>alert(1)</script> ${trace.problem ?? ''}` }),
			{ runId: 'svg' },
		);
		const chain = model.snapshot();
		const view = await WebviewPage.open(browser);
		await view.send({ type: 'snapshot', seq: 1, state: { kind: 'chain', chain } });
		await view.page.locator('g.node[data-id="problem"]').waitFor();
		await view.send({ type: 'exportSvg', requestId: 7 });
		const answer = await view.waitForPosted((m) => m.type === 'svgExport' && m.requestId === 7);
		const svg = String(answer.svg);
		assert.equal(checkExportedSvg(svg), undefined, 'the host accepts it');
		for (const node of chain.nodes) {
			assert.ok(svg.includes(`data-id="${node.id}"`), `node ${node.id} is in the file`);
		}
		assert.ok(svg.includes('Problem: &lt;script&gt;alert(1)'), 'labels are there, escaped');
		assert.ok(!svg.includes('var(--'), 'theme variables are resolved to colours');
		assert.match(svg, /viewBox="[-\d.]+ [-\d.]+ [\d.]+ [\d.]+"/);
		assert.equal(
			await view.page.locator('g.cut-marker[data-policy="trimr"]').count(),
			1,
			'the view is unchanged afterwards',
		);
		assert.deepEqual(view.errors, []);
	});
});
