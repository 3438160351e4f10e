import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractAnswer, extractBoxedAnswers } from '../../../src/core/answers/extract';

/** Shorthand: kind and value of the extracted answer. */
function got(text: string): [string, string] | undefined {
	const a = extractAnswer(text);
	return a === undefined ? undefined : [a.kind, a.value];
}

describe('extractAnswer: boxes', () => {
	it('reads nested braces and reports offsets of the value', () => {
		const text = 'Thus the sum is \\(\\boxed{\\dfrac{13}{15}}\\).';
		const a = extractAnswer(text);
		assert.equal(a?.kind, 'boxed');
		assert.equal(a?.value, '\\dfrac{13}{15}');
		assert.equal(text.slice(a?.charStart, a?.charEnd), '\\dfrac{13}{15}');
		assert.equal(a?.normalized, '\\frac{13}{15}');
	});

	it('reads \\boxed 5, \\fbox and takes the last box', () => {
		assert.deepEqual(got('So it is \\boxed 5.'), ['boxed', '5']);
		assert.deepEqual(got('First \\boxed{3}, then \\fbox{4}'), ['boxed', '4']);
		assert.deepEqual(got('\\boxed{\\left(3, \\frac{\\pi}{2}\\right)}'), [
			'boxed',
			'\\left(3, \\frac{\\pi}{2}\\right)',
		]);
	});

	it('ignores an unclosed box (a chain cut mid-answer) and keeps the earlier one', () => {
		assert.deepEqual(got('The answer is \\boxed{12}. Actually \\boxed{\\frac{1'), ['boxed', '12']);
	});

	it('prefers the box to the words around it', () => {
		assert.deepEqual(got('Therefore, I think the answer is $\\boxed{92}$.'), ['boxed', '92']);
		assert.deepEqual(got('**Final Answer:**\n\\[\n\\boxed{-10,\\!000}\n\\]'), [
			'boxed',
			'-10,\\!000',
		]);
	});

	it('lists every box', () => {
		assert.deepEqual(
			extractBoxedAnswers('a \\boxed{1} b \\boxed{x^2}').map((a) => a.value),
			['1', 'x^2'],
		);
	});
});

describe('extractAnswer: statements in words', () => {
	it('reads "the answer is …" up to the end of the sentence', () => {
		assert.deepEqual(got('So the answer is 204 minutes. Hmm'), ['answer-is', '204 minutes']);
		assert.deepEqual(got('the final answer should be 3.5, which makes sense'), [
			'answer-is',
			'3.5',
		]);
		assert.deepEqual(got('The answer is \\(3\\sqrt{13}\\) units.'), [
			'answer-is',
			'\\(3\\sqrt{13}\\)',
		]);
	});

	it('does not take "the answer is not …" or "the answer is that …" as an answer', () => {
		assert.equal(extractAnswer('I need to see whether the answer is not obvious'), undefined);
	});

	it('reads a **Final Answer** header with the answer on the same or the next line', () => {
		assert.deepEqual(got('**Final Answer:** The robe takes a total of 3 bolts.'), [
			'final-answer',
			'3',
		]);
		assert.deepEqual(got('**Final Answer**\n42'), ['final-answer', '42']);
		assert.deepEqual(got('**Final Answer**  \nBoth statements are true.'), [
			'final-answer',
			'Both statements are true',
		]);
	});

	it('reads an "Answer:" line, narrowing a sentence to its answer', () => {
		assert.deepEqual(
			got('**Answer:** The zookeeper needs to order **1,400 bananas** to last for 2 months.'),
			['answer-label', '1,400 bananas'],
		);
		assert.deepEqual(got('Answer: The perimeter of the regular hexagon is 42 inches.'), [
			'answer-label',
			'42',
		]);
	});

	it('keeps the last statement when the thought changes its mind', () => {
		assert.deepEqual(got('So the answer is 18. Wait, I misread. The answer is 20.'), [
			'answer-is',
			'20',
		]);
	});
});

describe('extractAnswer: multiple choice', () => {
	it('reads letters in answer statements', () => {
		assert.deepEqual(got('So the answer is (B).'), ['choice', '(B)']);
		assert.equal(extractAnswer('So the answer is (B).')?.normalized, 'B');
		assert.deepEqual(got('Therefore, option C is correct.'), ['choice', 'C']);
		assert.deepEqual(got('The correct option is (D).'), ['choice', '(D)']);
		assert.deepEqual(got('Option B is correct.'), ['choice', 'B']);
		assert.equal(extractAnswer('Hence, option a appears twice in the list')?.kind, undefined);
		assert.notEqual(extractAnswer('so the answer is a bit more than 3')?.kind, 'choice');
		assert.deepEqual(got('Answer: H'), ['choice', 'H']);
		assert.deepEqual(got('C'), ['choice', 'C']);
	});

	it('does not take a mere mention of an option as an answer', () => {
		assert.equal(extractAnswer('Let me check option C against the data first.'), undefined);
	});
});

describe('extractAnswer: trailing "= x"', () => {
	it('takes an equation that ends the thought', () => {
		assert.deepEqual(got('Then 16 - 3 - 4 = 9 eggs, and 9 * 2 = 18.'), ['trailing-equals', '18']);
		assert.deepEqual(got('\\[\n3 + 0.4 = 3.4 \\text{ hours}\n\\]'), [
			'trailing-equals',
			'3.4 \\text{ hours}',
		]);
	});

	it('does not take an intermediate computation followed by more reasoning', () => {
		assert.equal(
			extractAnswer('First, 16 - 3 = 13 eggs left. Then she bakes muffins with four of them.'),
			undefined,
		);
	});

	it('rejects an equation cut mid-expression and a comparison', () => {
		assert.equal(extractAnswer('so x = -\\frac{5'), undefined);
		assert.equal(extractAnswer('we need n <= 10'), undefined);
	});

	it('is only a fallback after an explicit statement unless asked', () => {
		const text = 'The answer is 18. Check: 2 + 2 = 4';
		assert.deepEqual(got(text), ['answer-is', '18']);
		assert.equal(extractAnswer(text, { trailingEquals: 'last' })?.value, '4');
		assert.equal(extractAnswer('so 9 * 2 = 18', { trailingEquals: 'off' }), undefined);
	});
});

describe('extractAnswer: concluding sentences', () => {
	it('takes a concluding sentence that states a value without the word "answer"', () => {
		assert.deepEqual(
			got(
				"Let me compute that: 9 * 2 = 18. So, she makes $18 every day at the farmers' market.\n\n",
			),
			['conclusion', '$18'],
		);
		assert.deepEqual(
			got('So, putting it all together, the polar coordinates should be (3, π/2).\n\n'),
			['conclusion', '(3, π/2)'],
		);
		assert.deepEqual(got('Therefore, the minimal value of \\( a \\) is 3.\n\n'), [
			'conclusion',
			'3',
		]);
		assert.deepEqual(got('So the total is 14/3.\n\nYes, that seems correct.'), [
			'conclusion',
			'14/3',
		]);
	});

	it('flags "…, right?" as hedged and keeps it out of the value', () => {
		const a = extractAnswer(
			'However, (0, 3) is on the positive y-axis, so θ should be π/2, right?\n\n',
		);
		assert.equal(a?.kind, 'conclusion');
		assert.equal(a?.value, 'π/2');
		assert.equal(a?.hedged, true);
	});

	it('needs a conclusion cue, a math-like value, and nothing but remarks after it', () => {
		assert.equal(
			extractAnswer('The distance for each student is the y-value at their time.'),
			undefined,
		);
		assert.equal(extractAnswer('Therefore, Evelyn has the greatest average speed.'), undefined);
		assert.equal(
			extractAnswer(
				'So the total is 14/3. Now consider the case where a is negative and b is 2, then',
			),
			undefined,
		);
	});

	it('reads a root written as code as one value, not the number before or inside it', () => {
		// A train chain read "2*sqrt(5)" as 2 and "sqrt(21)/5" as 21, and flipped on them.
		assert.deepEqual(got('Since 20 = 4 * 5, so, the distance is 2*sqrt(5).\n\n'), [
			'conclusion',
			'2*sqrt(5)',
		]);
		assert.deepEqual(got('So the distance is sqrt(21)/5.'), ['conclusion', 'sqrt(21)/5']);
		assert.deepEqual(got('Therefore the length is sqrt(21) units.'), ['conclusion', 'sqrt(21)']);
		assert.deepEqual(got('So the answer is 2*sqrt(5) units.'), ['answer-is', '2*sqrt(5)']);
		// Plain numbers around it are read as before.
		assert.deepEqual(got('So the answer is 5 units.'), ['answer-is', '5 units']);
	});

	it('can be turned off', () => {
		assert.equal(extractAnswer('So the total is 14/3.', { conclusions: false }), undefined);
	});
});

describe('extractAnswer: hedges', () => {
	it('flags tentative statements', () => {
		assert.equal(extractAnswer('Maybe the answer is 18?')?.hedged, true);
		assert.equal(
			extractAnswer('So the total is 204 minutes, so the answer is 204. So is that the answer?')
				?.hedged,
			true,
		);
		assert.equal(extractAnswer('The answer is 18. Wait, let me recheck the eggs.')?.hedged, true);
		assert.equal(extractAnswer("I'm not sure, but the answer is 7.")?.hedged, true);
	});

	it('does not flag plain statements', () => {
		assert.equal(extractAnswer('So the answer is 18.')?.hedged, false);
		assert.equal(extractAnswer('**Final Answer**\n\\boxed{18}')?.hedged, false);
	});
});

describe('extractAnswer: nothing stated', () => {
	it('returns undefined for plans and empty text', () => {
		assert.equal(extractAnswer(''), undefined);
		assert.equal(
			extractAnswer(
				'Okay, so I need to figure out how much Janet makes. Let me think step by step.',
			),
			undefined,
		);
	});
});

describe('extractAnswer: degenerate chains', () => {
	it('handles a looping chain and an unclosed box without throwing', () => {
		assert.equal(extractAnswer('The answer is 7. '.repeat(2000))?.value, '7');
		assert.equal(extractAnswer(`\\boxed{${'{'.repeat(3000)}`), undefined);
		assert.equal(extractAnswer('= '.repeat(3000)), undefined);
	});
});
