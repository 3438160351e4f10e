/**
 * Waiting for a condition that other code makes true (a webview that has loaded and said `ready`),
 * woken by the code that changes it instead of polling: whoever may have made the condition hold calls
 * `changed()`, and every waiter whose condition now holds resumes at once.
 */
export class Readiness {
	private readonly waiters = new Set<() => void>();

	/** `isReady` is read on `wait` and on each `changed()`; it must be cheap and side-effect free. */
	constructor(private readonly isReady: () => boolean) {}

	/** Something the condition depends on changed: wakes the waiters if it now holds. */
	changed(): void {
		if (!this.isReady()) {
			return;
		}
		const woken = [...this.waiters];
		this.waiters.clear();
		for (const wake of woken) {
			wake();
		}
	}

	/**
	 * Resolves once the condition holds (at once when it already does). Rejects with `timeoutError()` after
	 * `timeoutMs`, or with the signal's reason when `signal` aborts first.
	 */
	wait(timeoutMs: number, timeoutError: () => Error, signal?: AbortSignal): Promise<void> {
		if (this.isReady()) {
			return Promise.resolve();
		}
		return new Promise<void>((resolve, reject) => {
			const settle = (error?: Error): void => {
				clearTimeout(timer);
				signal?.removeEventListener('abort', onAbort);
				this.waiters.delete(wake);
				if (error === undefined) {
					resolve();
				} else {
					reject(error);
				}
			};
			const wake = (): void => settle();
			const onAbort = (): void =>
				settle(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
			const timer = setTimeout(() => settle(timeoutError()), timeoutMs);
			this.waiters.add(wake);
			signal?.addEventListener('abort', onAbort, { once: true });
			if (signal?.aborted === true) {
				onAbort();
			}
		});
	}

	/** Waiters still pending (for tests and leak checks). */
	get pending(): number {
		return this.waiters.size;
	}
}
