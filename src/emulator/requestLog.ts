/**
 * What the emulator did with each request, for tests (in memory, with `waitFor`) and for people
 * (`--log FILE.jsonl`). An entry is recorded when the request ends, however it ended. Memory stays
 * bounded however long the emulator runs: only the latest entries are kept in memory (the file keeps
 * all), and large request bodies are kept in outline.
 */
import { appendFile } from 'node:fs/promises';
import { messageOf } from '../shared/userError';

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
	/** The parsed JSON body of a POST; top-level fields over 16 KiB of JSON are replaced by "[N bytes omitted]". */
	readonly body?: unknown;
	readonly traceId?: string;
	readonly traceMatched?: boolean;
	readonly fault?: string;
	readonly chunksSent: number;
	readonly tokensSent: number;
	/** The error message the emulator sent, when it sent one. */
	readonly error?: string;
	/** Continuations: where the thinking was cut and which answer was given. */
	readonly continuation?: {
		readonly cutChars: number;
		readonly answer: string | undefined;
		readonly source: string;
		readonly addSpecialTokens: boolean;
		readonly bosTokens?: number;
	};
	/** Verifier requests: the question recognised, the verdict, and the output constraint the server applied. */
	readonly verdict?: {
		readonly question: string;
		readonly answer: string;
		readonly probability: number;
		readonly constraint?: string;
	};
}

/** Entries kept in memory by default. */
export const DEFAULT_LOG_CAPACITY = 2_000;
/** A body field whose JSON is longer than this is kept as a size only. */
const MAX_FIELD_JSON = 16 * 1024;

/** A request body fit for the log: small fields as sent, large ones (prompts, messages) as their size. */
export function outlineBody(body: unknown): unknown {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return body;
	}
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(body)) {
		const json = JSON.stringify(value) ?? '';
		out[key] = json.length > MAX_FIELD_JSON ? `[${json.length} bytes omitted]` : value;
	}
	return out;
}

/** The log: the latest entries in completion order, plus waiting for one to appear. */
export class RequestLog {
	private items: RequestLogEntry[] = [];
	private readonly waiters = new Set<() => void>();
	private writes: Promise<void> = Promise.resolve();
	private droppedCount = 0;

	constructor(
		private readonly file?: string,
		readonly capacity: number = DEFAULT_LOG_CAPACITY,
	) {}

	/** The latest `capacity` entries. */
	get entries(): readonly RequestLogEntry[] {
		return this.items;
	}

	/** How many older entries were let go from memory. */
	get dropped(): number {
		return this.droppedCount;
	}

	/** Entries recorded so far, including those let go from memory. */
	get total(): number {
		return this.droppedCount + this.items.length;
	}

	/** Entries after the first `count` recorded (as many of them as are still in memory). */
	entriesSince(count: number): readonly RequestLogEntry[] {
		return this.items.slice(Math.max(0, count - this.droppedCount));
	}

	/** Records an entry (and appends it to the JSONL file, in order). */
	add(given: RequestLogEntry): void {
		const entry = given.body !== undefined ? { ...given, body: outlineBody(given.body) } : given;
		this.items.push(entry);
		// Trim in batches so a full log costs O(1) per request on average.
		if (this.items.length > this.capacity + Math.ceil(this.capacity / 10)) {
			const excess = this.items.length - this.capacity;
			this.items = this.items.slice(excess);
			this.droppedCount += excess;
		}
		for (const wake of [...this.waiters]) {
			wake();
		}
		if (this.file !== undefined) {
			const file = this.file;
			this.writes = this.writes
				.then(() => appendFile(file, `${JSON.stringify(entry)}\n`))
				.catch((err: unknown) => {
					process.stderr.write(
						`emulator: cannot write the request log ${file}: ${messageOf(err)}\n`,
					);
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
				reject(
					new Error(
						`no matching request in the emulator log after ${timeoutMs} ms (${this.items.length} entries)`,
					),
				);
			}, timeoutMs);
			this.waiters.add(check);
		});
	}

	/** Waits until pending file writes are done. */
	flush(): Promise<void> {
		return this.writes;
	}
}
