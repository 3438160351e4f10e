/**
 * Replaces `target[key]` with `make(original)` and returns a function that puts the original back. Used to
 * observe (never to stub) the VS Code API: the extension host hands the extension and its tests the same
 * API object, so a pass-through wrapper sees the extension's own calls.
 */
export function observe<T extends object, K extends keyof T>(
	target: T,
	key: K,
	make: (original: T[K]) => T[K],
): () => void {
	const original = target[key];
	if (!Reflect.set(target, key, make(original))) {
		throw new Error(`cannot observe ${String(key)}: the object is read-only`);
	}
	return () => {
		Reflect.set(target, key, original);
	};
}

/** Polls `probe` every 50 ms until it returns a value other than undefined; rejects after `timeoutMs`. */
export async function waitFor<T>(
	probe: () => T | undefined,
	timeoutMs: number,
	what: string,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value !== undefined) {
			return value;
		}
		if (Date.now() > deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
