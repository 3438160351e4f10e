/**
 * How sure a measured rate is: the Wilson score interval of `k` events in `n` trials. A flip rate
 * measured on a few hundred chains is a handful of flips ("6 of 613"), and the same setting on other
 * chains may flip two or three times as often; the interval says how far it can go. Wilson's interval,
 * unlike the plain normal one, stays inside [0, 1] and gives an upper bound above 0 for 0 events.
 */

/** A two-sided interval of a proportion, both ends 0–1. */
export interface RateInterval {
	readonly low: number;
	readonly high: number;
}

/** z of a two-sided 95 % interval. */
export const Z_95 = 1.959964;

/** The Wilson score interval of `k` events in `n` trials (95 % by default); [0, 1] when `n` is 0. */
export function wilsonInterval(k: number, n: number, z = Z_95): RateInterval {
	if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || n < 0 || k > n) {
		throw new RangeError(`a rate needs 0 ≤ k ≤ n, whole numbers; got ${k} of ${n}`);
	}
	if (n === 0) {
		return { low: 0, high: 1 };
	}
	const z2 = z * z;
	const p = k / n;
	const denominator = 1 + z2 / n;
	const centre = (p + z2 / (2 * n)) / denominator;
	const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
	// At k = 0 and k = n one end is exact; rounding must not push it past it.
	return {
		low: k === 0 ? 0 : Math.max(0, centre - half),
		high: k === n ? 1 : Math.min(1, centre + half),
	};
}
