/**
 * Runs async tasks with at most `limit` in flight; the rest wait in order. A waiting task whose
 * signal aborts leaves the queue and rejects with the signal's reason.
 */
export class ConcurrencyLimit {
	private active = 0;
	private readonly waiting: Array<() => void> = [];

	constructor(readonly limit: number) {
		if (!Number.isInteger(limit) || limit < 1) {
			throw new Error(`concurrency limit must be a positive integer, got ${limit}`);
		}
	}

	/** Tasks running now. */
	get inFlight(): number {
		return this.active;
	}

	/** Runs `task` when a slot is free. */
	async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
		await this.acquire(signal);
		try {
			return await task();
		} finally {
			this.release();
		}
	}

	private acquire(signal?: AbortSignal): Promise<void> {
		signal?.throwIfAborted();
		if (this.active < this.limit) {
			this.active++;
			return Promise.resolve();
		}
		return new Promise<void>((resolve, reject) => {
			const grant = (): void => {
				signal?.removeEventListener('abort', onAbort);
				this.active++;
				resolve();
			};
			const onAbort = (): void => {
				const at = this.waiting.indexOf(grant);
				if (at !== -1) {
					this.waiting.splice(at, 1);
				}
				reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			this.waiting.push(grant);
		});
	}

	private release(): void {
		this.active--;
		this.waiting.shift()?.();
	}
}
