/** A timer the batcher can use: `setTimeout`/`clearTimeout` in the host, a fake clock in tests. */
export interface BatchTimer {
	set(callback: () => void, delayMs: number): unknown;
	clear(handle: unknown): void;
}

/** About one frame at 60 Hz. */
export const FRAME_MS = 16;

/**
 * Coalesces bursts of changes into one flush per frame: `schedule()` may be called for every token,
 * `flush` runs at most once per `frameMs`. The host drains the tree model's patch in `flush`.
 */
export class FrameBatcher {
	private handle: unknown;
	private scheduled = false;

	constructor(
		private readonly flush: () => void,
		private readonly timer: BatchTimer,
		private readonly frameMs = FRAME_MS,
	) {}

	/** Asks for a flush within a frame; further calls before it runs are free. */
	schedule(): void {
		if (this.scheduled) {
			return;
		}
		this.scheduled = true;
		this.handle = this.timer.set(() => this.run(), this.frameMs);
	}

	/** Flushes now (e.g. before a snapshot or when the run ends) and drops the scheduled flush. */
	flushNow(): void {
		this.cancel();
		this.flush();
	}

	/** Drops the scheduled flush without running it. */
	cancel(): void {
		if (this.scheduled) {
			this.timer.clear(this.handle);
			this.scheduled = false;
		}
	}

	private run(): void {
		this.scheduled = false;
		this.flush();
	}
}

/** The host's timer. */
export const systemTimer: BatchTimer = {
	set: (callback, delayMs) => setTimeout(callback, delayMs),
	clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
