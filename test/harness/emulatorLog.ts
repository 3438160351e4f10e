import type { RequestLogEntry } from '../../src/emulator/requestLog';
import type { RunningEmulator } from '../../src/emulator/server';
import { UI_TIMEOUT_MS } from './workbench';

/** Waits until `predicate` holds for the entries logged after the first `since` (see `RequestLog.total`), and returns them. */
export async function emulatorEntries(
	emulator: RunningEmulator,
	since: number,
	predicate: (entries: readonly RequestLogEntry[]) => boolean,
	what: string,
): Promise<RequestLogEntry[]> {
	const deadline = Date.now() + UI_TIMEOUT_MS;
	for (;;) {
		const entries = emulator.log.entriesSince(since);
		if (predicate(entries)) {
			return [...entries];
		}
		if (Date.now() > deadline) {
			throw new Error(
				`the emulator log never showed ${what}: ${JSON.stringify(entries.map((e) => [e.kind, e.traceId, e.outcome]))}`,
			);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}
