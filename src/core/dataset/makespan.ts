/**
 * Time under load: how long the whole dataset takes at a concurrency, from each run's measured wall time.
 * The runs are placed in dataset order on `slots` slots, each on the first slot to come free, as eval's
 * worker pool hands out problems; the makespan is when the last one ends. Computed for the untrimmed runs
 * and for each variant's trimmed runs, so the two are compared at the same concurrency, from wall times
 * that include the verifier's waits, the trials and the continuation after a cut.
 */

/** When the last of `durations` (ms, in order) ends on `slots` slots. */
export function listScheduleMakespan(durations: readonly number[], slots: number): number {
	if (!Number.isInteger(slots) || slots < 1) {
		throw new Error(`the makespan needs a positive integer concurrency, got ${slots}`);
	}
	const free = new Array<number>(Math.min(slots, Math.max(durations.length, 1))).fill(0);
	for (const duration of durations) {
		let first = 0;
		for (let i = 1; i < free.length; i++) {
			if ((free[i] ?? 0) < (free[first] ?? 0)) {
				first = i;
			}
		}
		free[first] = (free[first] ?? 0) + Math.max(0, duration);
	}
	return Math.max(0, ...free);
}

/** The dataset's makespan untrimmed vs trimmed at one concurrency, and how the time saving compares with the token saving. */
export interface MakespanFigures {
	readonly concurrency: number;
	readonly untrimmedMs: number;
	readonly trimmedMs: number;
	/** 1 − trimmed / untrimmed makespan. */
	readonly savedShare: number | undefined;
	/** Makespan saving ÷ thinking-token saving (1 = time saved in proportion to the tokens). */
	readonly timeToTokenRatio: number | undefined;
}

/** Makespans of paired runs (same problems, same order) at `concurrency`. */
export function makespanFigures(
	untrimmedMs: readonly number[],
	trimmedMs: readonly number[],
	concurrency: number,
	savedThinkingShare: number | undefined,
): MakespanFigures {
	const untrimmed = listScheduleMakespan(untrimmedMs, concurrency);
	const trimmed = listScheduleMakespan(trimmedMs, concurrency);
	const savedShare = untrimmed > 0 ? 1 - trimmed / untrimmed : undefined;
	return {
		concurrency,
		untrimmedMs: untrimmed,
		trimmedMs: trimmed,
		savedShare,
		timeToTokenRatio:
			savedShare !== undefined && savedThinkingShare !== undefined && savedThinkingShare > 0
				? savedShare / savedThinkingShare
				: undefined,
	};
}
