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
});

describe('lastSentences (the verifier excerpt)', () => {
	it('takes the last N sentences, not splitting decimals, and caps the length from the front', () => {
		assert.equal(lastSentences('One. Two is 2.5 km. Three? Four!', 2), 'Three? Four!');
		assert.equal(lastSentences('A.\n\nB is 2.5.\n', 1), 'B is 2.5.');
		assert.equal(lastSentences('x'.repeat(50), 3, 10), 'x'.repeat(10));
		assert.equal(lastSentences('Only one sentence here', 3), 'Only one sentence here');
	});
});
