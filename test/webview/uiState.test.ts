// The view is rebuilt when it is shown again (no retainContextWhenHidden): it must come back with the
// user's zoom, selection, collapsed runs and shown policy for the same chain, and start fresh for another.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { TreeModel } from '../../src/core/tree/treeModel';
import type { ChainView } from '../../src/shared/protocol';
import { chromiumMissing, launchChromium, WebviewPage } from './webviewPage';

function chain(runId: string): ChainView {
	const model = new TreeModel(
		{
			runId,
			title: 'state',
			problem: 'p',
			figures: { policy: 'trimr', mode: 'watch', verifier: { kind: 'heuristic' } },
		},
		'complete',
	);
	const verdicts = [
		'useful',
		'useful',
		'redundant',
		'redundant',
		'redundant',
		'useful',
		'useful',
	] as const;
	verdicts.forEach((usefulness, i) =>
		model.upsertThought({
			index: i,
			text: `thought ${i}`,
			tokenStart: i * 10,
			tokenEnd: i * 10 + 10,
			label: { role: 'progress', usefulness },
		}),
	);
	model.setCut({
		policy: 'trimr',
		thought: 4,
		tokenOffset: 50,
		trigger: 'overthinking',
		explanation: 'x',
	});
	model.setCut({
		policy: 'dynasor',
		thought: 2,
		tokenOffset: 30,
		trigger: 'probe-consensus',
		explanation: 'y',
	});
	return model.snapshot();
}

const skip = chromiumMissing();

describe('UI state survives the view being hidden and shown again', { skip }, () => {
	let browser: Browser;
	before(async () => {
		browser = await launchChromium();
	});
	after(async () => {
		await browser.close();
	});

	const saved = {
		runId: 'run-a',
		selectedNodeId: 't5',
		zoom: { x: 40, y: 12, k: 0.8 },
		collapsedRuns: ['t2'],
		shownPolicy: 'dynasor',
	};

	it('restores zoom, selection, collapsed runs and the shown cut for the same run', async () => {
		const view = await WebviewPage.open(browser, undefined, undefined, saved);
		await view.send({ type: 'snapshot', seq: 1, state: { kind: 'chain', chain: chain('run-a') } });
		await view.page.locator('g.node.selected[data-id="t5"]').waitFor();
		assert.equal(await view.page.locator('.detail-text').textContent(), 'thought 5');
		assert.equal(
			await view.page.locator('g.viewport').getAttribute('transform'),
			'translate(40,12) scale(0.8)',
		);
		assert.equal(
			await view.page.locator('g.node[data-id="t3"]').count(),
			0,
			'the collapsed run hides its later thoughts',
		);
		assert.equal(await view.page.locator('g.node.run-collapsed[data-id="t2"]').count(), 1);
		assert.equal(
			await view.page.locator('g.cut-marker[data-policy="dynasor"]').count(),
			1,
			"the chosen policy's cut is shown",
		);
		const posted = await view.posted();
		assert.ok(
			posted.some((m) => m.type === 'selectNode' && m.nodeId === 't5'),
			'the host learns the restored selection',
		);
	});

	it('starts fresh for another run', async () => {
		const view = await WebviewPage.open(browser, undefined, undefined, saved);
		await view.send({ type: 'snapshot', seq: 1, state: { kind: 'chain', chain: chain('run-b') } });
		await view.page.locator('g.node[data-id="t6"]').waitFor();
		assert.equal(await view.page.locator('g.node.selected').count(), 0);
		assert.equal(await view.page.locator('g.node[data-id="t3"]').count(), 1, 'no run collapsed');
		assert.equal(
			await view.page.locator('g.cut-marker[data-policy="trimr"]').count(),
			1,
			"the chain's own policy",
		);
		const state = await view.page.evaluate(
			() =>
				(globalThis as unknown as { __state: { runId: string; selectedNodeId: unknown } }).__state,
		);
		assert.equal(state.runId, 'run-b');
		assert.equal(state.selectedNodeId, null);
	});
});
