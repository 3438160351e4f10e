// Issue 14.3, 14.4 and 14.11 in the real webview bundle: the header of a replay states its savings against
// the original chain, says where the verdicts come from, offers Re-analyse, and names TrimR's parameters.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { TreeModel } from '../../src/core/tree/treeModel';
import type { ChainFigures, ChainView } from '../../src/shared/protocol';
import { chromiumMissing, launchChromium, WebviewPage } from './webviewPage';

/** A replay that kept 3 thoughts of 100 tokens and was cut after the third. */
function replayChain(figures: Partial<ChainFigures>): ChainView {
	const model = new TreeModel(
		{
			runId: 'replay-1',
			title: 'Replay: Aya walks',
			problem: 'Aya walks nine kilometres',
			figures: { policy: 'trimr', mode: 'act', verifier: { kind: 'heuristic' }, ...figures },
			options: {
				policy: 'trimr',
				consecutiveAnswers: 3,
				verifierThreshold: 0.5,
				underthinkingThoughts: 20,
				underthinkingBudgetShare: 0.5,
			},
		},
		'complete',
	);
	for (let i = 0; i < 3; i++) {
		model.upsertThought({
			index: i,
			text: `thought ${i}`,
			tokenStart: i * 100,
			tokenEnd: (i + 1) * 100,
			label: { role: 'progress', usefulness: 'useful' },
		});
	}
	model.setCut({
		policy: 'trimr',
		thought: 2,
		tokenOffset: 300,
		trigger: 'overthinking',
		explanation: '3 of 3',
	});
	return model.snapshot();
}

describe('the chain header', { skip: chromiumMissing() }, () => {
	let browser: Browser;
	before(async () => {
		browser = await launchChromium();
	});
	after(async () => {
		await browser.close();
	});

	it("states a replay's savings against the original chain, with wall time, and where its verdicts come from", async () => {
		const view = await WebviewPage.open(browser);
		await view.send({
			type: 'snapshot',
			seq: 1,
			state: {
				kind: 'chain',
				chain: replayChain({
					elapsedMs: 6_000,
					original: { thinkingTokens: 2_000, elapsedMs: 19_000 },
					verdicts: 'recorded',
				}),
			},
		});
		const kept = view.page.locator('.chain-figures .figure-kept');
		await kept.waitFor();
		assert.equal(
			await kept.textContent(),
			'kept 300 · saved 1,700 of 2,000 thinking tokens (85.0 %)',
		);
		assert.equal(
			await view.page.locator('.chain-figures .figure-saved-time').textContent(),
			'saved 13.00 s of 19.00 s wall time (68.4 %)',
		);
		assert.match(
			(await view.page.locator('.chain-figures .figure-verifier').textContent()) ?? '',
			/heuristic verifier · verdicts as recorded with the run/,
		);
		const reanalyse = view.page.locator('vscode-button[aria-label^="Re-analyse"]');
		await reanalyse.click();
		await view.waitForPosted((m) => m.type === 'runCommand' && m.command === 'reanalyze');
	});

	it("names TrimR's parameters with what they mean", async () => {
		const view = await WebviewPage.open(browser);
		await view.send({ type: 'snapshot', seq: 1, state: { kind: 'chain', chain: replayChain({}) } });
		const m = view.page.locator(
			'vscode-text-field[aria-label="M — answers that must agree before a cut"]',
		);
		await m.waitFor();
		assert.equal(await m.getAttribute('value'), '3');
		assert.match((await m.textContent()) ?? '', /M — answers that must agree before a cut/);
		assert.equal(
			await view.page
				.locator('vscode-text-field[aria-label^="N — thoughts without a settled answer"]')
				.count(),
			1,
		);
		assert.equal(
			await view.page
				.locator('vscode-text-field[aria-label="M"], vscode-text-field[aria-label="N"]')
				.count(),
			0,
			'no bare letters',
		);
	});
});
