import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findRestatement } from '../../../src/core/verifier/restatement';
import { lastSentences } from '../../../src/core/verifier/excerpt';
describe('restatements (heuristic p1)', () => {
	it('recognises a re-derived answer in the last sentences, and not an intermediate value', () => {
		assert.equal(
			findRestatement('Check: 1000 - 750 is 250. That seems right.', '250 minutes')?.value,
			'250',
		);
		assert.equal(findRestatement('So the total is 1,250, as before.', '1250')?.value, '1,250');
		assert.equal(findRestatement('We get 98, which matches.', '98')?.value, '98');
		assert.equal(findRestatement('I think 250 is correct.', '250')?.value, '250');
		assert.equal(
			findRestatement('Boss calls: 15 * 30 = 450. So 450 + 300 = 750.', '250'),
			undefined,
		);
		assert.equal(
			findRestatement('First 1000 - 750 = 250. Then the boss share is 450.', '250'),
			undefined,
			'ends on another value',
		);
		assert.equal(findRestatement('So the option is B.', '(B)')?.value, 'B');
	});

	it('reads a re-derived root whole, as code or as LaTeX, not as its leading number', () => {
		// A real R1 check (MATH-500): before, "is 2*sqrt(5)" was read as 2 and matched nothing.
		assert.equal(
			findRestatement(
				'So, 16 + 4 is 20, sqrt(20) is 2*sqrt(5). Yeah, that is correct.',
				'2*sqrt(5)',
			)?.value,
			'2*sqrt(5)',
		);
		assert.equal(
			findRestatement('The distance is 2\\sqrt{5}, as before.', '2*sqrt(5)')?.value,
			'2\\sqrt{5}',
		);
		assert.equal(
			findRestatement("So I'm confident that 2*sqrt(5) is correct.", '2\\sqrt{5}')?.value,
			'2*sqrt(5)',
		);
		assert.equal(
			findRestatement('Then sqrt(20) is 2*sqrt(5), and the area is 3*sqrt(5).', '2*sqrt(5)'),
			undefined,
			'ends on another root',
		);
		assert.equal(findRestatement('So the root gives 2*sqrt(3).', '2*sqrt(5)'), undefined);
	});
});

describe('lastSentences (the verifier excerpt)', () => {
	it('takes the last N sentences, not splitting decimals, and caps the length from the front', () => {
		assert.equal(lastSentences('One. Two is 2.5 km. Three? Four!', 2), 'Three? Four!');
		assert.equal(lastSentences('A.\n\nB is 2.5.\n', 1), 'B is 2.5.');
		assert.equal(lastSentences('x'.repeat(50), 3, 10), 'x'.repeat(10));
		assert.equal(lastSentences('Only one sentence here', 3), 'Only one sentence here');
	});
});
