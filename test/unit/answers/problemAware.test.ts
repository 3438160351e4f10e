import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answersEquivalent, answersEquivalentWith } from '../../../src/core/answers/equivalence';
import { extractThoughtAnswer } from '../../../src/core/answers/extract';
import { problemOptions } from '../../../src/core/answers/options';

const value = (text: string, problem?: string): string | undefined =>
	extractThoughtAnswer(text, problem)?.value;

const shapes =
	'Which surface does $x^2 + y^2 = 4$ describe in space?\n(A) Line\n(B) Circle\n(C) Plane\n(D) Sphere\n(E) Cylinder\n\nEnter the letter of the correct option.';
const verdicts =
	'Statement 1 | Every cyclic group is abelian. Statement 2 | Every abelian group is cyclic. The options are: \nA: True, True\nB: False, False\nC: True, False\nD: False, True';

describe('answers read with the problem', () => {
	it('parses a problem’s options, in either layout, and none from a problem without a run of them', () => {
		assert.deepEqual([...problemOptions(shapes).keys()], ['A', 'B', 'C', 'D', 'E']);
		assert.equal(problemOptions(verdicts).get('C'), 'True, False');
		assert.equal(problemOptions('A. Smith buys 3 apples. How many?').size, 0);
	});

	it('takes no value from a ruled-out answer or from a chemical formula', () => {
		const carbons =
			'How many carbon atoms are in product 3?\n\nAnswer Choices: A. 11 B. 12 C. 14 D. 10.';
		assert.equal(value('So the answer is not 12.', carbons), undefined);
		assert.equal(
			value('It implies a reaction occurs, so the answer is probably not D.', carbons),
			undefined,
		);
		assert.equal(
			value(
				'So the alpha carbons are the CH of the vinyl group and the CH3 of the ketone.',
				carbons,
			),
			undefined,
		);
		// The same sentences with a value still give it.
		assert.equal(value('So the answer is 12.', carbons), '12');
		assert.equal(value('So product 3 has 11 carbons, from the CH2 added.', carbons), '11');
	});

	it('in a multiple-choice problem, takes only values that name an option, and no undecided pair', () => {
		const structures =
			'What is the structure of product 4?\n\nAnswer Choices: A. (2S,3S)-2-benzyl-2-methylcyclohexan-1-one B. (2R,3R)-2-benzyl-2-methylcyclohexan-1-one C. 1-(benzyloxy)-2-methylbenzene D. (2S,6S)-2-benzyl-6-methylcyclohexan-1-one.';
		// Steps on the way: a count, a position, a product's number.
		assert.equal(value('So now product 2 has two new groups.', structures), undefined);
		assert.equal(value('A has 2-methyl and 2-benzyl, so D has 6-methyl.', structures), undefined);
		assert.equal(value('So product 3 would have a methyl group at C6.', structures), undefined);
		assert.equal(
			value('When the silyl group is removed, you get the alcohol. So option A or B.', structures),
			undefined,
		);
		// An option chosen is still read.
		assert.equal(value('So methylation at C6. So option D.', structures), 'D');
		// Numeric options: a value that is an option's text counts, one that is none does not.
		const carbons =
			'How many carbon atoms are in product 3?\n\nAnswer Choices: A. 11 B. 12 C. 14 D. 10.';
		assert.equal(value('So product 3 has 11 carbons, from the CH2 added.', carbons), '11');
		assert.equal(value('So product 2 has 9 carbons.', carbons), undefined);
		// Without options nothing changes.
		assert.equal(
			value('So now product 2 has two new groups.', 'How many groups does product 2 have?'),
			'two',
		);
	});

	it('parses options listed on one line after their heading, and compares against them', () => {
		const inline =
			'How many carbon atoms are in product 3?\n\nAnswer Choices: A. 11 B. 12 C. 14 D. 10.';
		assert.deepEqual(
			[...problemOptions(inline)],
			[
				['A', '11'],
				['B', '12'],
				['C', '14'],
				['D', '10'],
			],
		);
		// A value stated in the thinking meets the letter the chain finally gives.
		assert.equal(answersEquivalentWith('11', 'A', problemOptions(inline)), true);
		assert.equal(answersEquivalentWith('12', 'A', problemOptions(inline)), false);
		// Option text with its own parentheses and periods is kept whole.
		const named = problemOptions(
			'Which product?\nOptions: (A) (2S,3S)-2-benzyl-3-phenylbutan-1-one (B) 1-(benzyloxy)-2-methyl-4-ol (C) none.',
		);
		assert.equal(named.get('A'), '(2S,3S)-2-benzyl-3-phenylbutan-1-one');
		assert.equal(named.get('B'), '1-(benzyloxy)-2-methyl-4-ol');
		assert.equal(named.get('C'), 'none');
		assert.equal(problemOptions('Choices: A. only one').size, 0, 'one option is no list');
	});

	it('compares an option letter with the text of its option', () => {
		const options = problemOptions(shapes);
		assert.equal(answersEquivalentWith('E', 'cylinder', options), true);
		assert.equal(answersEquivalentWith('(E)', 'Cylinder', options), true);
		assert.equal(answersEquivalentWith('D', 'cylinder', options), false);
		assert.equal(
			answersEquivalent('E', 'cylinder'),
			false,
			'without the options, a letter is a letter',
		);
	});

	it('reads an option letter written with its own text as the letter, and not with another’s', () => {
		const inline =
			'How many carbon atoms are in product 3?\n\nAnswer Choices: A. 11 B. 12 C. 14 D. 10.';
		// A real GPQA chain (Qwen3-Next) ends "So the answer is A.11."; its final answer is "A".
		assert.equal(value('Thus, product 3 has 11 carbons.\n\nSo the answer is A.11.', inline), 'A');
		assert.equal(value('Then the answer would be A. 11.', inline), 'A');
		assert.equal(value('So the answer is (B) 12.', inline), 'B');
		assert.equal(
			value('So the answer is A.12.', inline),
			'A.12',
			'a letter with another option’s text is left as written',
		);
	});

	it('reads option letters in prose, in bold and by their text', () => {
		assert.equal(value('Both checks agree, so answer C.', verdicts), 'C');
		assert.equal(value('That leaves **D**.', verdicts), 'D');
		assert.equal(value('Therefore the equation describes a cylinder.', shapes), 'E');
		assert.equal(
			value('It is not a sphere, nor a cylinder, so more work is needed.', shapes),
			undefined,
		);
	});

	it('does not take a line that only repeats an option', () => {
		assert.equal(value('C: True, False', verdicts), undefined);
		assert.equal(
			value('C: True, False'),
			'C: True, False',
			'without the problem it reads as a bare answer',
		);
	});

	it('reads two-statement verdicts, not a verdict on one statement', () => {
		assert.equal(value('So both statements are true.', verdicts), 'True, True');
		assert.equal(
			value('So Statement 1 is true and Statement 2 is false.', verdicts),
			'True, False',
		);
		assert.equal(value('Therefore, Statement 1 is true.', verdicts), undefined);
	});

	it('reads "X is the answer", a number word and a name the question asks for', () => {
		assert.equal(value('So, yeah, 14 marbles is the answer.'), '14');
		const apples =
			'Four red apples and five green apples are in a bowl. How many apples are in the bowl?';
		assert.equal(
			answersEquivalent(value('So there are nine apples in the bowl.', apples) ?? '', '9'),
			true,
		);
		const race =
			'Ada ran 5 km in 20 minutes and Ben ran 6 km in 30 minutes. Who ran faster on average?';
		assert.equal(value('Therefore, Ada ran faster on average.', race), 'Ada');
		assert.equal(
			value('So Ada ran 15 km/h and Ben 12 km/h.', race),
			'15',
			'a comparison names no one',
		);
	});

	it('takes money only where the question asks for money', () => {
		const ask = 'A pen costs $3 and a pad costs $4. How much does Kim pay for 2 pens and a pad?';
		assert.equal(value('So Kim pays $10 in all.', ask), '$10');
		const visits = 'A visit costs $14 and he has $42. How many times can he visit?';
		assert.equal(value('So each visit is $14 in total.', visits), undefined);
	});

	it('refuses equations still to solve and bounds', () => {
		const walk =
			'A walk of $9$ km at $s$ km/h takes 4 hours including $t$ minutes of rest. Find $t$.';
		assert.equal(value('So 9/s + t = 4', walk), undefined);
		assert.equal(value('So t = 20 - 14 = 6', walk), '6');
		assert.equal(
			value(
				'Therefore, the number of such n ≤2024.',
				'Find the number of $n \\le 2024$ that work.',
			),
			undefined,
		);
	});
});
