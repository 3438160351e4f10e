import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { wilsonInterval } from '../../../src/core/evaluation/rateInterval';

const close = (actual: number, expected: number, what: string): void =>
	assert.ok(Math.abs(actual - expected) < 5e-5, `${what}: ${actual} ≠ ${expected}`);

describe('wilsonInterval (how sure a flip rate is)', () => {
	it('matches the Wilson score interval computed by hand', () => {
		// 6 flips of 613 chains: 0.98 %, and anywhere from 0.45 % to 2.12 %.
		const dev = wilsonInterval(6, 613);
		close(dev.low, 0.004493, 'low');
		close(dev.high, 0.021189, 'high');
		// 1 of 2: symmetric about one half.
		const half = wilsonInterval(1, 2);
		close(half.low + half.high, 1, 'symmetric');
		close(half.low, 0.094529, 'low of 1 of 2');
	});

	it('gives no flips an upper bound above zero, and all flips a lower bound below one', () => {
		const none = wilsonInterval(0, 24);
		assert.equal(none.low, 0);
		close(none.high, 0.137999, 'high of 0 of 24');
		const all = wilsonInterval(24, 24);
		assert.equal(all.high, 1);
		close(all.low, 1 - 0.137999, 'low of 24 of 24');
	});

	it('narrows as the chains grow, always around the measured rate', () => {
		let previous = 1;
		for (const n of [100, 1000, 10000]) {
			const { low, high } = wilsonInterval(n / 100, n);
			assert.ok(low < 0.01 && high > 0.01, `${n}: [${low}, ${high}] holds 1 %`);
			assert.ok(high - low < previous, `${n}: narrower`);
			previous = high - low;
		}
		assert.deepEqual(wilsonInterval(0, 0), { low: 0, high: 1 });
	});

	it('refuses counts that are not a rate', () => {
		assert.throws(() => wilsonInterval(3, 2), /0 ≤ k ≤ n/);
		assert.throws(() => wilsonInterval(-1, 2), /0 ≤ k ≤ n/);
		assert.throws(() => wilsonInterval(0.5, 2), /whole numbers/);
	});
});
