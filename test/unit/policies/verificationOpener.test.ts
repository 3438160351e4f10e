import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replayPolicy } from '../../../src/core/engine/analyzeTrace';
import { ChainAnalyzer } from '../../../src/core/engine/chainAnalyzer';
import { parseSweepSpec } from '../../../src/core/dataset/policyVariants';
import { sweepVariants } from '../../../src/core/evaluation/sweep';
import { createPolicy } from '../../../src/core/policies/createPolicy';
import type { StopCut } from '../../../src/core/policies/stopPolicy';
import { TrimrPolicy } from '../../../src/core/policies/trimrPolicy';
import { readOpening } from '../../../src/core/policies/verificationOpener';
import { handMadeChain, type HandMadeThought } from './handMade';

const WHOLE_CHECK =
	"Wait, let me double-check my calculations to make sure I didn't make a mistake. 16 - 3 - 4 = 9, " +
	'and 9 * 2 = 18.\n\n';
const STEP_CHECK = 'Wait, let me double-check that. Twice 30 is 60, and 60 - 12 = 48.\n\n';

const stated = (answer: string): HandMadeThought => ({
	answer,
	text: `She sells 9 eggs at $2 each. So the answer is ${answer}.\n\n`,
});
const opener = (text: string): HandMadeThought => ({ text, marker: 'Wait' });
const work: HandMadeThought = {};

function cutOf(policy: ReturnType<typeof createPolicy>, spec: readonly HandMadeThought[]) {
	const { thoughts, steps } = handMadeChain(spec);
	return replayPolicy(policy, thoughts, steps);
}

describe('reading a thought opener as a check of the whole solution', () => {
	it('takes a check that names the whole solution, after any lead-in words', () => {
		for (const text of [
			WHOLE_CHECK,
			'But just to make sure I didn’t make any mistakes, let me go through it again. ',
			'**Wait**, let me double-check my work. ',
			'**Let me verify the answer.** ',
			'Hmm, that seems straightforward, but let me double-check my calculations. ',
			'Just to be thorough, let me verify each step. ',
		]) {
			assert.equal(readOpening(text, false), 'whole-check', text);
		}
	});

	it('does not take a check of one step, of the reading of the problem, or no check at all', () => {
		for (const text of [
			STEP_CHECK,
			"Wait, let me make sure I'm interpreting the problem correctly. ",
			'Let me check: 3 + 4 = 7. So the answer is 7. ',
			'Alternatively, maybe the problem wants my answer in cents. ',
			'Now, the next step is to check my calculations. ',
		]) {
			assert.equal(readOpening(text, false), 'other', text);
		}
	});

	it('waits for the first sentence to end, a paragraph break, the window or the thought to close', () => {
		assert.equal(readOpening('Wait, let me double-check my calc', false), 'undecided');
		assert.equal(readOpening('Wait.', false), 'undecided');
		assert.equal(readOpening('Wait, let me double-check my calculations.', false), 'undecided');
		assert.equal(readOpening('Wait, let me double-check my calculations.', true), 'whole-check');
		assert.equal(readOpening('Wait, let me double-check my work\n\nSo', false), 'whole-check');
		// A long first sentence is read up to the window: the check is named early or not at all.
		const long = `Let me double-check ${'the order of '.repeat(10)}`;
		assert.equal(readOpening(long, false), 'other');
		// The next paragraph (maybe the next thought) is never read.
		assert.equal(readOpening('Wait, that is 4.\n\nLet me double-check my work. ', false), 'other');
	});
});

/** TrimR with the opener (V = 1; the default is without: docs/engine.md, "Tuning"). */
const withOpener = () => createPolicy('trimr', { trimr: { verificationOpener: true } });

describe('TrimR verification opener (V = 1)', () => {
	it('cuts right after the answer that a check of the whole solution follows', () => {
		const chain = [work, stated('18'), opener(WHOLE_CHECK), stated('18'), work];
		const cut = cutOf(withOpener(), chain);
		const { thoughts } = handMadeChain(chain);
		const second = thoughts[1];
		assert.ok(second !== undefined);
		assert.equal(cut?.thought, 1);
		assert.equal(cut?.trigger, 'overthinking');
		assert.equal(cut?.charOffset, second.charStart + second.text.lastIndexOf('18') + 2);
		assert.match(
			cut?.explanation ?? '',
			/18 was stated in thought 2, and thought 3 opens by re-checking the whole solution/,
		);
		assert.match(
			new TrimrPolicy({ verificationOpener: true }).description,
			/an opener re-checking the whole solution confirms/,
		);
		// The default (V = 0) waits for the restatement; published TrimR for two.
		assert.doesNotMatch(new TrimrPolicy().description, /opener/);
		assert.equal(cutOf(createPolicy('trimr'), chain)?.thought, 3);
		assert.equal(cutOf(createPolicy('trimr-paper'), chain), undefined);
	});

	it('does nothing for an opener after a thought with no answer, or for a check of one step', () => {
		assert.equal(
			cutOf(withOpener(), [opener(WHOLE_CHECK), work, stated('18'), stated('18'), work])?.thought,
			3,
		);
		assert.equal(
			cutOf(withOpener(), [stated('18'), work, opener(WHOLE_CHECK), work])?.thought,
			undefined,
		);
		assert.equal(
			cutOf(withOpener(), [stated('48'), opener(STEP_CHECK), stated('168'), work]),
			undefined,
		);
	});

	it('counts as one agreeing answer: an answer given in the problem still needs a restatement', () => {
		const given = { ...stated('30'), given: true };
		const chain = [given, opener(WHOLE_CHECK), { ...given }, opener(WHOLE_CHECK), work];
		assert.equal(cutOf(withOpener(), chain)?.thought, 2);
	});

	it('decides live at the end of the opener’s first sentence, before the check is written', () => {
		const { thoughts, steps } = handMadeChain([stated('18'), opener(WHOLE_CHECK), work]);
		const [first, second] = thoughts;
		assert.ok(first !== undefined && second !== undefined && steps[0] !== undefined);
		const text = (chunk: string, tokenStart: number) => ({
			text: chunk,
			thoughtIndex: 1,
			tokenStart,
			tokenEnd: tokenStart + 5,
		});
		const expected = (cut: StopCut | undefined) => {
			assert.equal(cut?.thought, 0);
			assert.equal(cut?.charOffset, first.text.lastIndexOf('18') + 2);
		};
		// The verdict first, then the opener streams in.
		const policy = withOpener();
		policy.onText({ ...text(first.text, 0), thoughtIndex: 0 });
		assert.equal(policy.onThought(steps[0]), undefined);
		assert.equal(policy.onText(text('Wait, let me double-', 100)), undefined);
		assert.equal(policy.onText(text('check my calculations to make sure I', 105)), undefined);
		expected(policy.onText(text(" didn't make a mistake. 16 - 3", 110)));
		// The opener first (a slow verifier), then the verdict.
		const late = withOpener();
		late.onText({ ...text(first.text, 0), thoughtIndex: 0 });
		assert.equal(late.onText(text(second.text.slice(0, 90), 100)), undefined);
		expected(late.onThought(steps[0]));
	});

	it('cuts a live stream in the chain analyzer while the checking thought is still open', async () => {
		const analyzer = new ChainAnalyzer({
			problem: 'How much does she make selling 9 eggs at $2?',
			policy: withOpener(),
		});
		const pieces = `${stated('18').text}${WHOLE_CHECK}So the answer is 18.`.match(/\S+\s*/g) ?? [];
		let arrived = '';
		for (const piece of pieces) {
			analyzer.push(piece, 1);
			arrived += piece;
			await new Promise((resolve) => setImmediate(resolve));
			if (analyzer.cut !== undefined) {
				break;
			}
		}
		assert.equal(analyzer.cut?.thought, 0);
		assert.ok(arrived.endsWith('mistake. '), arrived);
		assert.ok(!arrived.includes('16 - 3'));
		const analysis = await analyzer.end();
		assert.equal(analysis.cut?.thought, 0);
	});

	it('is a sweep parameter (V), in the grid of --sweep all both ways', () => {
		const [off, on] = parseSweepSpec('trimr:V=0,1');
		assert.equal(off?.options.trimr?.verificationOpener, false);
		assert.equal(on?.options.trimr?.verificationOpener, true);
		assert.equal(off?.label, 'TrimR V=0');
		assert.throws(() => parseSweepSpec('trimr:V=2'), /trimr V must be an integer between 0 and 1/);
		const keys = sweepVariants('all').map((v) => v.key);
		assert.ok(keys.includes('trimr:M=1:L=2000'));
		assert.ok(keys.includes('trimr:M=1:L=2000:V=1'));
	});
});
