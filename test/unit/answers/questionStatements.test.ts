import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answersEquivalent } from '../../../src/core/answers/equivalence';
import { extractAnswer, extractThoughtAnswer } from '../../../src/core/answers/extract';
import { isAboutQuestion, questionFocus } from '../../../src/core/answers/questionFocus';
import { findRestatement } from '../../../src/core/verifier/restatement';

const value = (text: string, problem?: string): string | undefined =>
	extractThoughtAnswer(text, problem)?.value;

describe('question focus', () => {
	const problem =
		'Toni has 60% more plants than Frederick, who has 10. Shondra has 7 fewer plants than Toni. How many plants does Shondra have?';

	it('takes the content words of the question sentence and the variables it names', () => {
		const focus = questionFocus(problem);
		assert.ok(focus.stems.has('plant') && focus.stems.has('shond'));
		assert.ok(!focus.stems.has('many'), 'question words say nothing about what is asked');
		assert.deepEqual(
			[
				...questionFocus('Let $f(x) = x^2$. Find the value of $y$ when $f(y) = 9$.').variables,
			].sort(),
			['f', 'y'],
		);
	});

	it('accepts a sentence about the question, refuses one about something else', () => {
		const focus = questionFocus(problem);
		assert.equal(isAboutQuestion('So Shondra has 9 plants.', focus), true);
		assert.equal(isAboutQuestion('So, yes, 1.6*10=16.', focus), false);
		assert.equal(
			isAboutQuestion('anything at all', questionFocus('2 + 2')),
			true,
			'a bare formula has no focus, so nothing is refused',
		);
	});

	it('counts a closing "= x" only when its sentence is about the question', () => {
		assert.equal(value('Toni has 60% more: 1.6*10=16.', problem), undefined);
		assert.equal(value('Then Shondra has 16 - 7 = 9', problem), '9');
		// Without a problem (a passage judged alone), the closing equation still counts.
		assert.equal(value('Toni has 60% more: 1.6*10=16.'), '16');
	});

	it('never takes arithmetic still to be done as a result', () => {
		assert.equal(extractAnswer('The total is 30 * 3')?.value, undefined);
		assert.equal(extractAnswer('So the cost is $4.20 + $9.45 + $1.35.')?.value, undefined);
		assert.equal(extractAnswer('So the probability is \\frac{3}{4}.')?.value, '\\frac{3}{4}');
		assert.equal(extractAnswer('Therefore, the minimum is -13/12.')?.value, '-13/12');
	});
});

describe('option letters in their common forms', () => {
	const cases: ReadonlyArray<[string, string]> = [
		['So the answer is (C).', 'C'],
		['Therefore, the correct option is **C**.', 'C'],
		['Option C is correct.', 'C'],
		['Hence (A) is correct.', 'A'],
		['So I will go with B.', 'B'],
		['Final answer: **(E)**', 'E'],
		['So the answer should be option (B).', 'B'],
	];
	for (const [text, letter] of cases) {
		it(`reads ${letter} from "${text}"`, () => {
			const found = extractAnswer(text);
			assert.equal(found?.kind, 'choice');
			assert.ok(
				found !== undefined && answersEquivalent(found.value, letter),
				`got ${found?.value}`,
			);
		});
	}

	it('does not take a lower-case variable for an option', () => {
		assert.notEqual(extractAnswer('So the answer is a.')?.kind, 'choice');
	});
});

describe('math written as code meets its LaTeX form', () => {
	const pairs: ReadonlyArray<[string, string, boolean]> = [
		['2*sqrt(5)', '2\\sqrt{5}', true],
		['sqrt(21)/5', '\\dfrac{\\sqrt{21}}{5}', true],
		['20000/π square meters', '\\dfrac{20000}{\\pi}', true],
		['20000/pi', '\\frac{20000}{\\pi}', true],
		['sqrt(20)', '2\\sqrt{6}', false],
		['2 hours 24 minutes', '204', false],
	];
	for (const [a, b, same] of pairs) {
		it(`${a} ${same ? '=' : '≠'} ${b}`, () => assert.equal(answersEquivalent(a, b), same));
	}
});

describe('confirmations anywhere in a verification thought', () => {
	it('finds "98 feet is the correct perimeter" mid-thought when the thought ends on remarks', () => {
		const text =
			'Then P = 2(9 + 40) = 98 feet. So, same result. That gives me more confidence that 98 feet is the correct perimeter.\n\nIt is important to convert units first.';
		const found = findRestatement(text, '98');
		assert.equal(found?.value, '98');
		assert.equal(text.slice(found?.charStart, found?.charEnd), '98');
		assert.ok((found?.charStart ?? 0) > text.indexOf('confidence'));
	});

	it('reads "that\'s X" as a restatement and refuses a different last result', () => {
		assert.equal(
			findRestatement("Counting the places again. So, yes, that's 0.0000672.", '0.0000672')?.value,
			'0.0000672',
		);
		assert.equal(
			findRestatement('10,000,000 times 0.0000672 is 672. So, yes, that is correct.', '0.0000672'),
			undefined,
		);
	});
});
