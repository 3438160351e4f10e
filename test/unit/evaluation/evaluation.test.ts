import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeTrace } from '../../../src/core/engine/analyzeTrace';
import { evaluateTrace } from '../../../src/core/evaluation/evaluateTrace';
import { summarize, summaryShares } from '../../../src/core/evaluation/summary';
import type { StopCut } from '../../../src/core/policies/stopPolicy';
import type { TraceRecord } from '../../../src/core/traces/traceRecord';
import { handMadeChain } from '../policies/handMade';

const cutAt = (thought: number, tokenOffset: number): StopCut => ({
	policy: 'trimr',
	thought,
	tokenOffset,
	trigger: 'overthinking',
	explanation: '',
});

/** A chain whose texts state answers the reference extraction finds ("the answer is …"). */
function chain(answers: ReadonlyArray<string | undefined>, trace: Partial<TraceRecord> = {}) {
	const { thoughts, steps } = handMadeChain(
		answers.map((a) => (a === undefined ? {} : { answer: a })),
	);
	return {
		trace: { id: 't', thinking: thoughts.map((t) => t.text).join(''), ...trace },
		thoughts,
		steps,
	};
}

describe('oracle cut and evaluation', () => {
	it('puts the oracle at the first statement of the final answer after the last other answer', () => {
		const input = chain([undefined, '3', '5', undefined, '5', undefined, '5', undefined], {
			predictedAnswer: '5',
		});
		const e = evaluateTrace(input, undefined);
		// At the end of "5" in thought 2 ("So the answer is 5.\n\n", tokens 200–300): 18 of 21 characters in.
		assert.deepEqual(e.oracle, { thought: 2, tokenOffset: 286, savedTokens: 514, reached: true });
		assert.equal(e.savedTokens, 0);
		assert.equal(e.flipped, false);
	});

	it('keeps the whole chain when the final answer never settles in the thinking', () => {
		const e = evaluateTrace(chain(['3', undefined], { predictedAnswer: '4' }), undefined);
		assert.deepEqual(e.oracle, { thought: 1, tokenOffset: 200, savedTokens: 0, reached: false });
	});

	it('flags a cut whose answer differs from the final answer, or that comes before any answer', () => {
		const input = chain(['3', '3', '5', '5'], { predictedAnswer: '5', goldAnswer: '5' });
		const early = evaluateTrace(input, cutAt(1, 200));
		assert.equal(early.answerAtCut, '3');
		assert.equal(early.flipped, true);
		assert.equal(early.savedTokens, 200);
		assert.equal(early.compressionRatio, 0.5);
		assert.deepEqual([early.correct, early.correctAtCut], [true, false]);
		const good = evaluateTrace(input, cutAt(2, 300));
		assert.deepEqual([good.flipped, good.savedTokens, good.correctAtCut], [false, 100, true]);
		assert.equal(
			evaluateTrace(input, cutAt(0, 50)).flipped,
			true,
			'no answer stated yet at token 50',
		);
		assert.equal(evaluateTrace(input, undefined).answerSwitches, 1);
	});

	it('accepts either recorded form of the final answer (predicted_answer or the final response)', () => {
		const input = chain(['\\frac{1}{2}', '\\frac{1}{2}'], {
			predictedAnswer: 'x = garbled',
			final: 'So the answer is $\\boxed{\\frac{1}{2}}$.',
		});
		assert.equal(evaluateTrace(input, cutAt(0, 100)).flipped, false);
	});

	it('sums evaluations into shares', () => {
		const a = evaluateTrace(
			chain(['1', '1', '1', '1'], { predictedAnswer: '1', goldAnswer: '1' }),
			cutAt(2, 300),
		);
		const b = evaluateTrace(
			chain(['2', '3', '3', '3'], { predictedAnswer: '3', goldAnswer: '3' }),
			cutAt(0, 100),
		);
		const s = summarize('trimr', [a, b]);
		// Oracles at the statements in thought 0 of a (400 - 86 = 314 saved) and thought 1 of b (400 - 186 = 214).
		assert.deepEqual(
			[s.traces, s.thinkingTokens, s.savedTokens, s.oracleSavedTokens, s.flips, s.cuts],
			[2, 800, 400, 528, 1, 2],
		);
		const shares = summaryShares(s);
		assert.equal(shares.saved, 0.5);
		assert.equal(shares.oracleCaptured, 400 / 528);
		assert.equal(shares.flipRate, 0.5);
		assert.equal(shares.accuracyDelta, -0.5);
	});

	it('analyzes a real-looking trace end to end with the default policy', async () => {
		const thinking = [
			'We need 15 * 30 = 450 minutes for the boss calls, plus 300 others, so 750 used. The answer is 250.',
			'Wait, let me double-check: 1000 - 750 = 250. So the answer is 250.',
			'Hmm, is the 300 per day? No, per month. So the answer is 250.',
			'But let me verify once more: 450 + 300 = 750, and 1000 - 750 = 250.',
			'Alternatively, maybe extra minutes are over the plan. No: the answer is 250.',
		].join('\n\n');
		const analysis = await analyzeTrace({
			id: 'phone',
			thinking,
			predictedAnswer: '250',
			goldAnswer: '250',
		});
		assert.equal(analysis.thoughts.length, 5);
		assert.equal(analysis.cut?.trigger, 'overthinking');
		// M = 1: the second statement of 250 confirms it; the cut is right after that "250", in thought 1.
		assert.equal(analysis.cut?.thought, 1);
		const second = analysis.thoughts[1];
		assert.ok(second !== undefined && analysis.cut?.charOffset !== undefined);
		assert.equal(
			thinking.slice(0, analysis.cut.charOffset),
			thinking.slice(0, second.charStart + second.text.lastIndexOf('250') + 3),
		);
		assert.equal(analysis.evaluation.flipped, false);
		assert.equal(analysis.evaluation.oracle.thought, 0);
		assert.ok(analysis.evaluation.savedTokens > 0);
		assert.deepEqual(
			analysis.labels.map((l) => l.usefulness),
			['useful', 'useful', 'redundant', 'redundant', 'redundant'],
		);
	});
});
