// `thinktrim analyze` explains "captured", and what a share over 100 % means, where it prints it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capturedNote } from '../../../src/cli/analyzeOutput';

describe('captured note', () => {
	it('explains the share and, over 100 %, that the policy cut before the oracle at the price of flips', () => {
		assert.match(capturedNote(0.4), /share of the oracle's/);
		assert.doesNotMatch(capturedNote(1), /over 100 %/);
		assert.match(
			capturedNote(3.212),
			/over 100 % means the policy cut earlier than the oracle.*flips/,
		);
	});
});
