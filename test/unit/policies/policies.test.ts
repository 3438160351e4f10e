import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replayPolicy } from '../../../src/core/engine/analyzeTrace';
import { BudgetPolicy, NoCutPolicy } from '../../../src/core/policies/budgetPolicy';
import { createPolicy } from '../../../src/core/policies/createPolicy';
import { DeerPolicy } from '../../../src/core/policies/deerPolicy';
import { DynasorPolicy } from '../../../src/core/policies/dynasorPolicy';
import { RepetitionDetector } from '../../../src/core/policies/repetitionDetector';
import { POLICY_NAMES } from '../../../src/shared/protocol';
import { TokenPieceScanner } from '../../../src/core/policies/tokenPieces';
import { numbersIn, restatesGivenNumbers } from '../../../src/core/policies/givenNumbers';
import { TrimrPolicy } from '../../../src/core/policies/trimrPolicy';
import {
	agreeingNeeded,
	isWeakStatement,
	TRIMR_PAPER,
} from '../../../src/core/policies/trimrSettings';
import { extractAnswer } from '../../../src/core/answers/extract';
import { handMadeChain, type HandMadeThought } from './handMade';
import { parseSweepSpec } from '../../../src/core/dataset/policyVariants';

const A = (answer: string, extra: Partial<HandMadeThought> = {}): HandMadeThought => ({
	answer,
	...extra,
});
const work: HandMadeThought = {};

function cutOf(policy: ReturnType<typeof createPolicy>, spec: readonly HandMadeThought[]) {
	const { thoughts, steps } = handMadeChain(spec);
	return replayPolicy(policy, thoughts, steps);
}

describe('TrimR overthinking rule', () => {
	it('by default cuts right after the statement that confirms the first answer (M = 1)', () => {
		const { thoughts, steps } = handMadeChain([work, A('204'), work, A('204'), work, A('204')]);
		const cut = replayPolicy(new TrimrPolicy(), thoughts, steps);
		assert.equal(cut?.policy, 'trimr');
		assert.equal(cut?.trigger, 'overthinking');
		assert.equal(cut?.thought, 3);
		// Inside thought 3, where "204" ends, not at the thought's end.
		assert.equal(cut?.tokenOffset, 390);
		const third = thoughts[3];
		assert.ok(third !== undefined && cut?.charOffset !== undefined);
		assert.equal(third.text.slice(0, cut.charOffset - third.charStart), 'So the answer is 204');
		assert.match(cut.explanation, /204 has now been stated 2 times in a row \(thoughts 2–4\)/);
	});

	it('is published TrimR under its own name: M = 2, the cut at the end of the thought', () => {
		const spec = [work, A('204'), work, A('204'), work, A('204'), work, A('204')];
		const paper = cutOf(createPolicy('trimr-paper'), spec);
		assert.equal(paper?.policy, 'trimr-paper');
		assert.equal(paper?.thought, 5);
		assert.equal(paper?.tokenOffset, 600);
		assert.equal(paper?.charOffset, undefined);
		assert.equal(
			cutOf(createPolicy('trimr-paper', { trimr: { consecutiveAnswers: 1 } }), spec)?.thought,
			3,
		);
	});

	it('cuts after M = 2 consecutive equivalent answers after the first (three agreeing answers)', () => {
		const cut = cutOf(new TrimrPolicy(TRIMR_PAPER), [
			work,
			A('204'),
			work,
			A('204'),
			work,
			A('204'),
			work,
			A('204'),
		]);
		assert.equal(cut?.trigger, 'overthinking');
		assert.equal(cut?.thought, 5);
		assert.equal(cut?.tokenOffset, 600);
		assert.match(
			cut?.explanation ?? '',
			/204 has now been stated 3 times in a row \(thoughts 2–6\)/,
		);
	});

	it("resets on a mismatch, so A A B A A never stops (the reviewers' example)", () => {
		assert.equal(
			cutOf(new TrimrPolicy(TRIMR_PAPER), [A('1'), A('1'), A('2'), A('1'), A('1')]),
			undefined,
		);
		assert.equal(
			cutOf(new TrimrPolicy(TRIMR_PAPER), [A('1'), A('1'), A('2'), A('1'), A('1'), A('1')])
				?.thought,
			5,
		);
	});

	it('follows p2, not the answer strings: a verifier "no" resets even on equal text', () => {
		assert.equal(
			cutOf(new TrimrPolicy(TRIMR_PAPER), [A('x'), A('x'), A('x', { same: false }), A('x')]),
			undefined,
		);
		assert.equal(
			cutOf(new TrimrPolicy(TRIMR_PAPER), [
				A('1/2'),
				A('0.5', { same: true }),
				A('.5', { same: true }),
			])?.thought,
			2,
		);
	});

	it('takes M from its options', () => {
		assert.equal(
			cutOf(new TrimrPolicy({ consecutiveAnswers: 1 }), [A('7'), work, A('7')])?.thought,
			2,
		);
		assert.equal(
			cutOf(new TrimrPolicy({ consecutiveAnswers: 3 }), [A('7'), A('7'), A('7')]),
			undefined,
		);
		assert.throws(() => new TrimrPolicy({ consecutiveAnswers: 0 }), /positive integer/);
	});

	it('tolerates one disagreement when asked (A A B A stops like A A A)', () => {
		const spec = [A('1'), A('1'), A('2'), A('1')];
		assert.equal(cutOf(new TrimrPolicy(TRIMR_PAPER), spec), undefined);
		assert.equal(
			cutOf(new TrimrPolicy({ ...TRIMR_PAPER, tolerateOneDisagreement: true }), spec)?.thought,
			3,
		);
		// A second disagreement resets, and B B after it starts a new run from the first B.
		const twice = [A('1'), A('1'), A('2'), A('2'), A('2')];
		assert.equal(
			cutOf(new TrimrPolicy({ ...TRIMR_PAPER, tolerateOneDisagreement: true }), twice)?.thought,
			4,
		);
		assert.equal(
			cutOf(new TrimrPolicy({ ...TRIMR_PAPER, tolerateOneDisagreement: true }), [
				A('1'),
				A('1'),
				A('2'),
				A('3'),
				A('1'),
			]),
			undefined,
		);
	});

	it('reports its state after each thought for the UI', () => {
		const policy = new TrimrPolicy(TRIMR_PAPER);
		cutOf(policy, [work, A('204'), A('204'), A('204'), work]);
		assert.equal(policy.stateAt(0), 'no answer yet');
		assert.equal(policy.stateAt(1), '0 of 2 equivalent answers (answer 204)');
		assert.equal(policy.stateAt(2), '1 of 2 equivalent answers (answer 204)');
		assert.equal(policy.stateAt(3), '2 of 2 equivalent answers (answer 204) → cut');
	});
});

describe('TrimR given-number guard (the default trimr)', () => {
	// "Is 220 or 2220 a multiple of 30?": the chain twice restates 30, a number the problem gives,
	// before it settles on 2220.
	const restated = [
		work,
		A('30', { given: true }),
		A('30', { given: true }),
		work,
		A('2220'),
		A('2220'),
		work,
	];

	it('asks an answer given in the problem for one more agreeing statement', () => {
		const cut = cutOf(createPolicy('trimr'), restated);
		assert.equal(cut?.thought, 5);
		assert.match(cut?.explanation ?? '', /2220 has now been stated 2 times/);
		// Three agreeing statements of a given number are enough.
		const thrice = [
			work,
			A('30', { given: true }),
			A('30', { given: true }),
			A('30', { given: true }),
			work,
		];
		assert.equal(cutOf(createPolicy('trimr'), thrice)?.thought, 3);
	});

	it('is off with G = 0 and in published TrimR, which cut on the restated given', () => {
		assert.equal(
			cutOf(createPolicy('trimr', { trimr: { givenNumbers: false } }), restated)?.thought,
			2,
		);
		const paper = cutOf(
			createPolicy('trimr-paper', { trimr: { consecutiveAnswers: 1 } }),
			restated,
		);
		assert.equal(paper?.thought, 2);
	});

	it('adds up with the long-chain rule', () => {
		assert.equal(agreeingNeeded(1, false, false), 1);
		assert.equal(agreeingNeeded(1, true, false), 2);
		assert.equal(agreeingNeeded(1, true, true), 3);
		assert.match(new TrimrPolicy().description, /one more for an answer given in the problem/);
		assert.doesNotMatch(createPolicy('trimr-paper').description, /given in the problem/);
	});
});

describe('TrimR re-derived answers (R = 1, a gentler setting of the sweep)', () => {
	// "960" re-derived on the way to the total ("… 800 + 160 is 960, and then the finale"), then 1110.
	const onTheWay = [A('960'), A('960', { rederived: true }), work, A('1110'), A('1110'), work];

	it('asks an answer stated without an answer phrase for one more agreeing answer', () => {
		assert.equal(cutOf(createPolicy('trimr'), onTheWay)?.thought, 1);
		const gentle = createPolicy('trimr', { trimr: { rederivedNeedsMore: true } });
		const cut = cutOf(gentle, onTheWay);
		assert.equal(cut?.thought, 4);
		assert.match(cut?.explanation ?? '', /1110 has now been stated 2 times/);
		assert.match(gentle.description, /one more for an answer only re-derived/);
		assert.doesNotMatch(new TrimrPolicy().description, /re-derived/);
	});

	it('still counts a re-derived answer as agreeing: it neither resets the run nor needs two more', () => {
		const gentle = () => createPolicy('trimr', { trimr: { rederivedNeedsMore: true } });
		// A, A re-derived, A stated: the third statement confirms with two agreeing answers.
		assert.equal(cutOf(gentle(), [A('7'), A('7', { rederived: true }), A('7'), work])?.thought, 2);
		// A confirmation by re-derivation alone needs a second one.
		const derived = A('7', { rederived: true });
		assert.equal(cutOf(gentle(), [A('7'), derived, work, work]), undefined);
		assert.equal(cutOf(gentle(), [A('7'), derived, derived, work])?.thought, 2);
		assert.equal(agreeingNeeded(1, false, true, true), 3);
	});

	it('is a sweep parameter (R), off by default', () => {
		const [off, on] = parseSweepSpec('trimr:R=0,1');
		assert.equal(off?.options.trimr?.rederivedNeedsMore, false);
		assert.equal(on?.options.trimr?.rederivedNeedsMore, true);
		assert.equal(on?.label, 'TrimR R=1');
		assert.throws(() => parseSweepSpec('trimr:R=2'), /trimr R must be an integer between 0 and 1/);
	});
});

describe('TrimR weak confirmations (S = 1, a gentle setting of the sweep)', () => {
	const said = (answer: string): HandMadeThought => A(answer, { kind: 'conclusion' });
	const gentle = () => createPolicy('trimr', { trimr: { weakNeedsMore: true } });

	it('asks an answer confirmed only by a concluding sentence for one more agreeing answer', () => {
		const chain = [said('18'), said('18'), work, said('18'), work];
		assert.equal(cutOf(createPolicy('trimr'), chain)?.thought, 1);
		const cut = cutOf(gentle(), chain);
		assert.equal(cut?.thought, 3);
		assert.match(cut?.explanation ?? '', /18 has now been stated 3 times/);
		assert.match(gentle().description, /one more for a weak confirming statement/);
		assert.doesNotMatch(new TrimrPolicy().description, /weak/);
	});

	it('cuts at a confirmation that says "the answer is", boxes the answer or names a choice', () => {
		for (const kind of ['answer-is', 'boxed', 'choice'] as const) {
			assert.equal(cutOf(gentle(), [said('18'), A('18', { kind }), work])?.thought, 1, kind);
		}
		// A strong first statement does not make a weak confirmation enough.
		assert.equal(cutOf(gentle(), [A('18'), said('18'), work, work]), undefined);
	});

	it('treats a re-derived confirmation as weak too, and adds up with the other rules', () => {
		assert.equal(cutOf(gentle(), [A('7'), A('7', { rederived: true }), work, work]), undefined);
		assert.equal(
			cutOf(gentle(), [A('7'), A('7', { rederived: true }), A('7', { kind: 'boxed' }), work])
				?.thought,
			2,
		);
		// Given in the problem and weak: two more agreeing answers than M.
		const given = { kind: 'conclusion', given: true } as const;
		const chain = [A('30', given), A('30', given), A('30', given), A('30', given), work];
		assert.equal(cutOf(gentle(), chain)?.thought, 3);
	});

	it('reads the strength from what the extractor found', () => {
		const weak = (text: string): boolean | undefined => {
			const extracted = extractAnswer(text);
			return extracted === undefined
				? undefined
				: isWeakStatement({ text: extracted.value, extracted, hedged: false, tokenOffset: 0 });
		};
		assert.equal(weak('So, she makes $18 every day.'), true);
		assert.equal(weak('So the answer is 18.'), false);
		assert.equal(weak('That gives \\boxed{18}.'), false);
		assert.equal(isWeakStatement({ text: '18', hedged: false, tokenOffset: 0 }), true);
	});

	it('is a sweep parameter (S), off by default', () => {
		const [off, on] = parseSweepSpec('trimr:S=0,1');
		assert.equal(off?.options.trimr?.weakNeedsMore, false);
		assert.equal(on?.options.trimr?.weakNeedsMore, true);
		assert.equal(on?.label, 'TrimR S=1');
		assert.throws(() => parseSweepSpec('trimr:S=2'), /trimr S must be an integer between 0 and 1/);
	});
});

describe('answers that restate the numbers a problem gives', () => {
	const problem = 'Which of 220 and 2020 is a multiple of 30? Each costs $1,200.';

	it('are those whose every number is in the problem', () => {
		assert.equal(restatesGivenNumbers('30', problem), true);
		assert.equal(restatesGivenNumbers('30 and 220', problem), true);
		assert.equal(restatesGivenNumbers('$1200', problem), true);
		assert.equal(restatesGivenNumbers('30.0', problem), true);
		assert.equal(restatesGivenNumbers('2220', problem), false);
		assert.equal(restatesGivenNumbers('74', problem), false);
		assert.equal(restatesGivenNumbers('30 and 74', problem), false);
	});

	it('never include an answer without numbers, or any answer when the problem is unknown', () => {
		assert.equal(restatesGivenNumbers('the second one', problem), false);
		assert.equal(restatesGivenNumbers('30', undefined), false);
		assert.deepEqual(numbersIn('1,200 and 3,4 and 2.50'), ['1200', '3', '4', '2.5']);
	});
});

describe('TrimR underthinking rule', () => {
	const switching = (n: number, tokens: number): HandMadeThought[] =>
		Array.from({ length: n }, (_, i) => A(String(i % 3), { tokens }));

	it('cuts a chain that keeps switching once it has used half the budget AND made 20 thoughts', () => {
		const policy = new TrimrPolicy({
			underthinking: { tokenBudget: 4000, budgetShare: 0.5, thoughts: 20 },
			repetition: false,
		});
		const cut = cutOf(policy, switching(30, 150));
		assert.equal(cut?.trigger, 'underthinking');
		// 20 thoughts reached at index 19 (3000 tokens ≥ 2000).
		assert.equal(cut?.thought, 19);
		assert.match(
			cut?.explanation ?? '',
			/3000 of the 4000-token budget used .* over 20 thoughts without converging \(19 answer switches/,
		);
	});

	it('needs both conditions: many thoughts within budget, or few long thoughts, do not cut', () => {
		const opts = { underthinking: { tokenBudget: 100000 }, repetition: false } as const;
		assert.equal(cutOf(new TrimrPolicy(opts), switching(40, 100)), undefined);
		assert.equal(
			cutOf(
				new TrimrPolicy({ underthinking: { tokenBudget: 1000 }, repetition: false }),
				switching(5, 1000),
			),
			undefined,
		);
	});

	it('can be turned off', () => {
		assert.equal(
			cutOf(new TrimrPolicy({ underthinking: false, repetition: false }), switching(40, 2000)),
			undefined,
		);
	});
});

describe('TrimR repetition rule', () => {
	it('splits text into the same pieces whatever the chunking', () => {
		const text = 'Let x=12.5; so 3x  = 37.5!\nDone';
		const pieces = (size: number): string[] => {
			const scanner = new TokenPieceScanner();
			const out: string[] = [];
			for (let i = 0; i < text.length; i += size) {
				scanner.scan(text.slice(i, i + size), (p) => out.push(p));
			}
			scanner.flush((p) => out.push(p));
			return out;
		};
		assert.deepEqual(pieces(1000), [
			'Let',
			'x',
			'=',
			'12',
			'.',
			'5',
			';',
			'so',
			'3x',
			'=',
			'37',
			'.',
			'5',
			'!',
			'Done',
		]);
		assert.deepEqual(pieces(1), pieces(1000));
		assert.deepEqual(pieces(3), pieces(1000));
	});

	it('finds a window that occurs the given number of times, and nothing in text that does not loop', () => {
		const detector = new RepetitionDetector(4, 3);
		const hits = [...'abcdabcdabcdx'].map((p) => detector.push(p));
		const first = hits.findIndex((h) => h !== undefined);
		// "abcd" completes for the third time at the 12th piece.
		assert.equal(first, 11);
		assert.equal(hits[first]?.occurrences, 3);
		assert.equal(hits[first]?.passage, 'a b c d');
		const quiet = new RepetitionDetector(4, 3);
		assert.ok([...'abcdefghijklmnopqrstuvwxyz'].every((p) => quiet.push(p) === undefined));
		assert.throws(() => new RepetitionDetector(1, 3), /window/);
	});

	it('cuts a looping chain inside the thought where the loop is detected', () => {
		const loop = 'So the area is 12 times 7 which gives 84 and then we add the border. '.repeat(12);
		const { thoughts, steps } = handMadeChain([
			{ text: 'Start here.\n\n', tokens: 10 },
			{ text: loop, tokens: 600 },
		]);
		const cut = replayPolicy(
			new TrimrPolicy({ repetition: { window: 24, occurrences: 3 } }),
			thoughts,
			steps,
		);
		assert.equal(cut?.trigger, 'repetition');
		assert.equal(cut?.thought, 1);
		assert.ok(
			(cut?.tokenOffset ?? 0) > 10 && (cut?.tokenOffset ?? 0) < 610,
			`cut at ${cut?.tokenOffset}`,
		);
		assert.match(cut?.explanation ?? '', /appeared 3 times/);
		assert.equal(replayPolicy(new TrimrPolicy({ repetition: false }), thoughts, steps), undefined);
	});
});

describe('Dynasor-style policy (offline)', () => {
	it('cuts at the probe where the last N probes all gave the same certain answer', () => {
		// Thought 1 states 42 at token 190; probes every 64 tokens: 192, 256, 320 all see 42.
		const cut = cutOf(new DynasorPolicy({ interval: 64, agreeing: 3 }), [
			work,
			A('42'),
			work,
			work,
		]);
		assert.equal(cut?.trigger, 'probe-consensus');
		assert.equal(cut?.tokenOffset, 320);
		assert.equal(cut?.thought, 3);
	});

	it('does not count hedged answers or answers containing a hedge word', () => {
		assert.equal(
			cutOf(new DynasorPolicy(), [A('42', { hedged: true }), work, work, work]),
			undefined,
		);
		assert.equal(cutOf(new DynasorPolicy(), [A('no solution'), work, work, work]), undefined);
	});

	it('needs the probes to agree: a changed answer restarts the count', () => {
		const cut = cutOf(new DynasorPolicy({ interval: 50, agreeing: 3 }), [
			A('1'),
			A('2'),
			A('3'),
			work,
		]);
		// Probes at 50..150 see 1, 1?; 2 only from token 190; agreement on 3 first at 350.
		assert.equal(cut?.tokenOffset, 400);
		assert.throws(() => new DynasorPolicy({ agreeing: 0 }), /N ≥ 1/);
	});
});

describe('DEER-style policy (offline)', () => {
	it('exits at a "Wait" once the last two stated answers agree, cutting before the Wait', () => {
		const cut = cutOf(new DeerPolicy(), [
			A('9'),
			A('9', { marker: 'Alternatively' }),
			{ marker: 'Wait' },
			work,
		]);
		assert.equal(cut?.trigger, 'confident-answer');
		assert.equal(cut?.thought, 1);
		assert.equal(cut?.tokenOffset, 200);
		assert.match(cut?.explanation ?? '', /trial answer 9 has confidence 1.00 > 0.95/);
	});

	it('does not exit at other markers, on disagreeing answers, or on a hedged trial answer', () => {
		assert.equal(
			cutOf(new DeerPolicy(), [A('9'), A('9'), { marker: 'But' }, { marker: 'Hmm' }]),
			undefined,
		);
		assert.equal(cutOf(new DeerPolicy(), [A('9'), A('8'), { marker: 'Wait' }]), undefined);
		assert.equal(
			cutOf(new DeerPolicy(), [A('9'), A('9', { hedged: true }), { marker: 'Wait' }]),
			undefined,
		);
		assert.equal(cutOf(new DeerPolicy({ window: 1 }), [A('9'), { marker: 'Wait' }])?.thought, 0);
	});
});

describe('budget and none', () => {
	it('cuts at the budget, inside the thought that crosses it', () => {
		const cut = cutOf(new BudgetPolicy(250), [work, work, work, work]);
		assert.deepEqual([cut?.thought, cut?.tokenOffset, cut?.trigger], [2, 250, 'budget']);
		assert.equal(cutOf(new BudgetPolicy(400), [work, work, work, work]), undefined);
		assert.throws(() => new BudgetPolicy(0), /positive/);
	});

	it('never cuts with none, and every policy name is constructible', () => {
		assert.equal(cutOf(new NoCutPolicy(), [A('1'), A('1'), A('1'), A('1')]), undefined);
		for (const name of POLICY_NAMES) {
			assert.equal(createPolicy(name).name, name);
		}
	});
});

describe('TrimR repetition on token ids', () => {
	it('hashes the server token ids when they come with the text', () => {
		const policy = new TrimrPolicy({ repetition: { window: 4, occurrences: 3 } });
		const ids = [1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 9];
		let cut;
		for (let i = 0; i < ids.length && cut === undefined; i++) {
			cut = policy.onText({
				text: 'x',
				thoughtIndex: 0,
				tokenStart: i,
				tokenEnd: i + 1,
				tokenIds: [ids[i] ?? 0],
			});
		}
		assert.equal(cut?.trigger, 'repetition');
		assert.equal(cut?.tokenOffset, 12);
		assert.match(cut?.explanation ?? '', /4-token passage has now appeared 3 times \(token ids\)/);
	});
});
