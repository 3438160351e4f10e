// The savings every view states ("saved N of M thinking tokens (P %)") are measured against the ORIGINAL
// chain. Before, a replay's header said "saved 2 (0 %)": its own kept tokens against themselves.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSavings, summarize, type RunRecord } from '../../../src/core/history/runRecord';
import { TreeModel } from '../../../src/core/tree/treeModel';
import type { ChainFigures, ChainView } from '../../../src/shared/protocol';
import {
	chainSavings,
	computeSavings,
	savingsText,
	timeSavingsText,
	tokenSavingsText,
} from '../../../src/shared/savings';

/** A chain of `thoughts` thoughts of 100 tokens, cut (or marked) by TrimR after thought `cutAfter`. */
function chain(
	thoughts: number,
	cutAfter: number | undefined,
	figures: Partial<ChainFigures> = {},
): ChainView {
	const model = new TreeModel(
		{
			runId: 'r',
			title: 't',
			problem: 'p',
			figures: { policy: 'trimr', mode: 'watch', verifier: { kind: 'heuristic' }, ...figures },
		},
		'complete',
	);
	for (let i = 0; i < thoughts; i++) {
		model.upsertThought({
			index: i,
			text: `thought ${i}`,
			tokenStart: i * 100,
			tokenEnd: (i + 1) * 100,
			label: { role: 'progress', usefulness: 'useful' },
		});
	}
	if (cutAfter !== undefined) {
		model.setCut({
			policy: 'trimr',
			thought: cutAfter,
			tokenOffset: (cutAfter + 1) * 100,
			trigger: 'overthinking',
			explanation: '',
		});
	}
	return model.snapshot();
}

describe('savings against the original chain', () => {
	it('computes and words tokens and wall time', () => {
		const s = computeSavings({
			originalTokens: 5678,
			keptTokens: 4444,
			originalMs: 10_000,
			trimmedMs: 7_000,
		});
		assert.equal(s.savedTokens, 1234);
		assert.equal(s.savedMs, 3000);
		assert.equal(tokenSavingsText(s), 'saved 1,234 of 5,678 thinking tokens (21.7 %)');
		assert.equal(timeSavingsText(s), 'saved 3.00 s of 10.00 s wall time (30.0 %)');
		assert.equal(
			savingsText(s),
			'saved 1,234 of 5,678 thinking tokens (21.7 %); saved 3.00 s of 10.00 s wall time (30.0 %)',
		);
	});

	it('says "more" when the trimmed run used more than the original, and leaves time out when unknown', () => {
		const s = computeSavings({
			originalTokens: 1000,
			keptTokens: 1100,
			originalMs: 5000,
			trimmedMs: 5500,
		});
		assert.equal(
			tokenSavingsText(s),
			'100 more thinking tokens than the original 1,000 (10.0 % more)',
		);
		assert.equal(timeSavingsText(s), '0.50 s slower than the original 5.00 s (10.0 % more)');
		const untimed = computeSavings({ originalTokens: 0, keptTokens: 0 });
		assert.equal(untimed.tokenShare, 0);
		assert.equal(timeSavingsText(untimed), undefined);
		assert.equal(savingsText(untimed), 'saved 0 of 0 thinking tokens (0.0 %)');
	});

	it("measures a replay's header against the original chain, not the replay's own tokens", () => {
		// The replay kept 3 thoughts (300 tokens) and was cut there; the original had 2,000 tokens in 19.0 s.
		const replay = chain(3, 2, {
			mode: 'act',
			elapsedMs: 6_000,
			original: { thinkingTokens: 2000, elapsedMs: 19_000 },
		});
		const s = chainSavings(replay, 'trimr');
		assert.ok(s !== undefined);
		assert.equal(tokenSavingsText(s), 'saved 1,700 of 2,000 thinking tokens (85.0 %)');
		assert.equal(timeSavingsText(s), 'saved 13.00 s of 19.00 s wall time (68.4 %)');
		// Another policy's cut on the replay: tokens against the original, no time (that policy did not act).
		assert.equal(chainSavings(replay, 'deer'), undefined);
	});

	it('measures a chain without an original against itself, with no time saved', () => {
		const watched = chain(10, 3, { elapsedMs: 20_000 });
		const s = chainSavings(watched, 'trimr');
		assert.ok(s !== undefined);
		assert.equal(tokenSavingsText(s), 'saved 600 of 1,000 thinking tokens (60.0 %)');
		assert.equal(timeSavingsText(s), undefined);
		assert.equal(chainSavings(chain(10, undefined), 'trimr'), undefined);
	});

	it('gives History the same numbers for a saved replay, what-if and live run', () => {
		const base: RunRecord = {
			id: 'x',
			name: 'x',
			kind: 'replay',
			status: 'complete',
			createdAt: '2026-12-05T00:00:00Z',
			problem: 'p',
			thinking: 't',
			final: 'f',
			thinkingTokens: 300,
			answerTokens: 10,
			wallMs: 6_000,
			cut: { thought: 2, tokenOffset: 298, trigger: 'overthinking', explanation: '' },
			original: { thinkingTokens: 2000, wallMs: 19_000 },
		};
		const replay = summarize(base).savings;
		assert.ok(replay !== undefined);
		assert.equal(
			savingsText(replay),
			'saved 1,700 of 2,000 thinking tokens (85.0 %); saved 13.00 s of 19.00 s wall time (68.4 %)',
		);
		const whatIf = runSavings({ ...base, kind: 'whatif' });
		assert.equal(
			whatIf !== undefined ? savingsText(whatIf) : '',
			'saved 1,700 of 2,000 thinking tokens (85.0 %)',
		);
		// A replay saved before `original` was recorded says nothing rather than "saved 2 (0 %)".
		assert.equal(runSavings({ ...base, original: undefined }), undefined);
		const live = runSavings({
			...base,
			kind: 'live',
			original: undefined,
			thinkingTokens: 1000,
			cut: { thought: 3, tokenOffset: 400, trigger: 'overthinking', explanation: '' },
		});
		assert.equal(
			live !== undefined ? tokenSavingsText(live) : '',
			'saved 600 of 1,000 thinking tokens (60.0 %)',
		);
	});
});
