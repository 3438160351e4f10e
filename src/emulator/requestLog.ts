/**
 * What the emulator did with each request, for tests (in memory, with `waitFor`) and for people
 * (`--log FILE.jsonl`). An entry is recorded when the request ends, however it ended.
 */
import { appendFile } from 'node:fs/promises';

/** How a request ended. */
export type RequestOutcome =
	| 'completed'
	| 'client-disconnected'
	| 'error-status'
	| 'fault-status'
	| 'fault-error-event'
	| 'fault-closed'
	| 'fault-stalled'
	| 'fault-malformed'
	| 'fault-aborted';

/** One request. */
export interface RequestLogEntry {
	readonly seq: number;
	readonly method: string;
	readonly path: string;
	readonly kind: string;
	readonly receivedAtEpochMs: number;
	readonly durationMs: number;
	readonly status: number;
	readonly outcome: RequestOutcome;
	readonly model?: string;
	readonly stream?: boolean;
	/** The parsed JSON body of a POST. */
	readonly body?: unknown;
	readonly traceId?: string;
	readonly traceMatched?: boolean;
	readonly fault?: string;
	readonly chunksSent: number;
	readonly tokensSent: number;
	/** The error message the emulator sent, when it sent one. */
	readonly error?: string;
	/** Continuations: where the thinking was cut and which answer was given. */
	readonly continuation?: { readonly cutChars: number; readonly answer: string | undefined; readonly source: string; readonly addSpecialTokens: boolean; readonly bosTokens?: number };
	/** Verifier requests: the question recognised, the verdict, and the output constraint the server applied. */
	readonly verdict?: { readonly question: string; readonly answer: string; readonly probability: number; readonly constraint?: string };
}

/** The log: entries in completion order, plus waiting for one to appear. */
export class RequestLog {
	private readonly items: RequestLogEntry[] = [];
	private readonly waiters = new Set<() => void>();
	private writes: Promise<void> = Promise.resolve();

	constructor(private readonly file?: string) {}

	get entries(): readonly RequestLogEntry[] {
		return this.items;
	}

	/** Records an entry (and appends it to the JSONL file, in order). */
	add(entry: RequestLogEntry): void {
		this.items.push(entry);
		for (const wake of [...this.waiters]) {
			wake();
		}
		if (this.file !== undefined) {
			const file = this.file;
			this.writes = this.writes.then(() => appendFile(file, `${JSON.stringify(entry)}\n`)).catch((err: unknown) => {
				process.stderr.write(`emulator: cannot write the request log ${file}: ${err instanceof Error ? err.message : String(err)}\n`);
			});
		}
	}

	/** Resolves with the first entry matching `predicate` (already there or yet to come); rejects after `timeoutMs`. */
	waitFor(predicate: (e: RequestLogEntry) => boolean, timeoutMs = 5000): Promise<RequestLogEntry> {
		const found = this.items.find(predicate);
		if (found !== undefined) {
			return Promise.resolve(found);
		}
		return new Promise((resolve, reject) => {
			const check = (): void => {
				const hit = this.items.find(predicate);
				if (hit !== undefined) {
					clearTimeout(timer);
					this.waiters.delete(check);
					resolve(hit);
				}
			};
			const timer = setTimeout(() => {
				this.waiters.delete(check);
				reject(new Error(`no matching request in the emulator log after ${timeoutMs} ms (${this.items.length} entries)`));
			}, timeoutMs);
			this.waiters.add(check);
		});
	}

	/** Waits until pending file writes are done. */
	flush(): Promise<void> {
		return this.writes;
	}
}
