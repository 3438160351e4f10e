import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareAnswers } from '../../../src/core/answers/equivalence';
import { durationSeconds } from '../../../src/core/answers/duration';

describe('durations in time units', () => {
	it('reads single, compound and TeX-wrapped durations as seconds', () => {
		assert.equal(durationSeconds('204 minutes'), 204 * 60);
		assert.equal(durationSeconds('3 hours and 24 minutes'), 204 * 60);
		assert.equal(durationSeconds('2h 24min'), 144 * 60);
		assert.equal(durationSeconds('\\text{1 hr, 30 mins}'), 90 * 60);
		assert.equal(durationSeconds('$3.4$ hours'), 3.4 * 3600);
		assert.equal(durationSeconds('90 seconds.'), 90);
	});

	it('leaves anything that is not wholly a duration alone', () => {
		assert.equal(durationSeconds('204'), undefined);
		assert.equal(durationSeconds('5 m'), undefined, 'a bare m may be metres');
		assert.equal(durationSeconds('2 hours and some minutes'), undefined);
		assert.equal(durationSeconds('18 dollars'), undefined);
	});

	it('makes equal durations equivalent and different ones not', () => {
		assert.equal(compareAnswers('204 minutes', '3 hours and 24 minutes').equivalent, true);
		assert.equal(compareAnswers('3.4 hours', '204 minutes').equivalent, true);
		assert.equal(compareAnswers('204 minutes', '2 hours and 24 minutes').equivalent, false);
		assert.equal(
			compareAnswers('204 minutes', '204').equivalent,
			true,
			'a unit on one side only: as before',
		);
	});
});
