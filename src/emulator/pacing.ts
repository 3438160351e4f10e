/**
 * Token timing of the emulated model (docs/endpoints.md#the-emulator-thinktrim-without-a-gpu): first token
 * after `ttftMs`, then one token every 1/rate s with ±jitter, grouped `tokensPerChunk` to a chunk. Times are
 * absolute from the start, so timer lateness does not accumulate; at very high rates several chunks fall due
 * at once and go out together.
 */

/** Timing settings. `tokensPerSecond: Infinity` replays at full speed. */
export interface Pacing {
	readonly ttftMs: number;
	readonly tokensPerSecond: number;
	readonly tokensPerChunk: number;
	/** Relative jitter of each token interval, 0–1 (0.2 = ±20 %). */
	readonly jitter: number;
	/**
	 * Decode step (ms) shared by every stream, or undefined. A server batching all running sequences
	 * emits one token for each of them per decode step, so their chunks leave together; with a step set,
	 * each chunk waits for the next step of one clock common to all streams instead of its own time.
	 */
	readonly decodeStepMs?: number;
}

export const DEFAULT_PACING: Pacing = {
	ttftMs: 200,
	tokensPerSecond: 30,
	tokensPerChunk: 1,
	jitter: 0.2,
};

/** Small deterministic PRNG (mulberry32), so replays with the same seed time the same. */
export function seededRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Due times of successive chunks, in ms from the request start. */
export class ChunkClock {
	private dueMs: number;
	private readonly random: () => number;

	constructor(
		private readonly pacing: Pacing,
		seed: number,
	) {
		this.random = seededRandom(seed);
		this.dueMs = pacing.ttftMs;
	}

	/** Due time of the next chunk of `tokens` tokens; advances the clock. */
	next(tokens: number): number {
		const due = this.dueMs;
		if (Number.isFinite(this.pacing.tokensPerSecond) && this.pacing.tokensPerSecond > 0) {
			const base = (tokens * 1000) / this.pacing.tokensPerSecond;
			this.dueMs += base * (1 + this.pacing.jitter * (this.random() * 2 - 1));
		}
		return due;
	}
}

/** The first decode step at or after `atMs` (steps fall on multiples of `stepMs` of one shared clock). */
export function nextDecodeStep(atMs: number, stepMs: number): number {
	return Math.ceil(atMs / stepMs) * stepMs;
}

/** Resolves after `ms` (immediately when ≤ 0, but still yielding to I/O so disconnects are seen). */
export function waitMs(ms: number): Promise<void> {
	return new Promise((resolve) => {
		if (ms <= 0) {
			setImmediate(resolve);
		} else {
			setTimeout(resolve, ms);
		}
	});
}
