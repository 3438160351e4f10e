// A new chain in the same view (another run, same node ids problem, t0, t1, …) must redraw every label:
// nothing of the previous chain may survive on screen.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { TreeModel } from '../../src/core/tree/treeModel';
import type { ChainView } from '../../src/shared/protocol';
import { chromiumMissing, launchChromium, WebviewPage } from './webviewPage';

function chain(runId: string, problem: string, word: string): ChainView {
	const model = new TreeModel(
		{
			runId,
			title: problem,
			problem,
			figures: { policy: 'trimr', mode: 'watch', verifier: { kind: 'heuristic' } },
		},
		'complete',
	);
	for (let i = 0; i < 5; i++) {
		model.upsertThought({
			index: i,
			text: `${word} ${i}`,
			tokenStart: i * 10,
			tokenEnd: i * 10 + 10,
			label: { role: 'progress', usefulness: 'useful' },
		});
	}
	return model.snapshot();
}

describe('switching chains in the view', { skip: chromiumMissing() }, () => {
	let browser: Browser;
	before(async () => {
		browser = await launchChromium();
	});
	after(async () => {
		await browser.close();
	});

	it("shows the new chain's problem and thoughts, not the previous chain's", async () => {
		const view = await WebviewPage.open(browser);
		await view.send({
			type: 'snapshot',
			seq: 1,
			state: { kind: 'chain', chain: chain('run-a', 'Aya walks nine kilometres', 'alpha') },
		});
		await view.page.locator('g.node[data-id="t4"] text.label').waitFor();
		await view.send({
			type: 'snapshot',
			seq: 2,
			state: { kind: 'chain', chain: chain('run-b', 'Count the triples', 'beta') },
		});
		await view.page
			.locator('g.node[data-id="problem"] text.label', { hasText: 'Count the triples' })
			.waitFor({ timeout: 5000 });
		const labels = await view.page.locator('g.node text.label').allTextContents();
		assert.ok(labels.length >= 6, `labels drawn: ${labels.join(' | ')}`);
		assert.ok(
			labels.every((l) => !l.includes('alpha') && !l.includes('Aya')),
			`no label of the previous chain: ${labels.join(' | ')}`,
		);
		assert.ok(labels.some((l) => l.includes('beta 4')));
	});
});
