/**
 * The lifetime of a serving command (`emulate`, `gateway`): it runs until Ctrl-C or SIGTERM, the way a
 * terminal, a container runtime or a process manager stops it, and then closes its server and exits 0.
 */

/** Runs `serve` with a signal that aborts on the first SIGINT or SIGTERM; the handlers go with it. */
export function serveUntilStopped(
	serve: (signal: AbortSignal) => Promise<number>,
): Promise<number> {
	const controller = new AbortController();
	const stop = (): void => controller.abort();
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
	return serve(controller.signal).finally(() => {
		process.off('SIGINT', stop);
		process.off('SIGTERM', stop);
	});
}

/** Resolves once `signal` aborts (at once if it already has). */
export function untilAborted(signal: AbortSignal): Promise<void> {
	return new Promise((resolve) => {
		if (signal.aborted) {
			resolve();
		} else {
			signal.addEventListener('abort', () => resolve(), { once: true });
		}
	});
}
