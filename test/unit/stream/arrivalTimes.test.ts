import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ArrivalTimes } from '../../../src/core/stream/arrivalTimes';

describe('ArrivalTimes', () => {
	it('keeps every time in order past its first store', () => {
		const times = new ArrivalTimes();
		const expected = Array.from({ length: 1000 }, (_, i) => i * 20.125);
		expected.forEach((t) => times.push(t));
		assert.equal(times.count, 1000);
		assert.deepEqual(times.toArray(), expected);
	});

	it('gives a plain array, empty when nothing arrived', () => {
		const times = new ArrivalTimes();
		assert.deepEqual(times.toArray(), []);
		times.push(1.5);
		assert.ok(Array.isArray(times.toArray()));
	});
});
