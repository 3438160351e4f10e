/**
 * Runs one streaming request with the client's rules: retries only before the first byte (connection
 * refused/reset, 429, 5xx), an idle timeout that fires when the server sends nothing, abort through an
 * AbortSignal at any moment, and every failure turned into an `error` event followed by the `end` event
 * with the text that did arrive (marked partial). Shared by chat streams and continuations.
 */
import { APIError } from 'openai';
import { byteActivity } from './bodyGuard';
import {
	idleTimeoutError,
	truncatedStreamError,
	type StreamError,
	type StreamPhase,
} from './errors';
import { StreamAccumulator, type AccumulatorOptions, type ChunkParts } from './streamAccumulator';
import type { StreamEvent, StreamResult } from './streamEvents';
import type { ServedTrace } from './servedTrace';

/** How long a stream may stay open after its finish reason before it is taken as complete. */
const AFTER_FINISH_GRACE_MS = 5000;

/** A chunk source that can also hand each chunk to a callback as it is parsed (pushedChunks.ts). */
export interface ListenableChunks<TChunk> extends AsyncIterable<TChunk> {
	listen(onChunk: (chunk: TChunk) => void): Promise<void>;
}

/** The opened response: the SDK's chunk stream plus what the headers said. */
export interface OpenedStream<TChunk> {
	readonly chunks: AsyncIterable<TChunk> | ListenableChunks<TChunk>;
	readonly requestId: string | undefined;
	/** The recording the ThinkTrim emulator says it served (absent from real servers). */
	readonly served?: ServedTrace;
}

/** What {@link runStream} needs from its caller. */
export interface StreamSpec<TChunk> {
	readonly model: string;
	/**
	 * Sends the request; rejects on a non-2xx status or a network failure. `fetchOptions` go to the SDK
	 * call's `fetchOptions` (they carry the idle timer's "bytes arrived" callback to the transport).
	 */
	open(
		signal: AbortSignal,
		fetchOptions: ReturnType<typeof byteActivity>,
	): Promise<OpenedStream<TChunk>>;
	/** Reduces one chunk to its parts. */
	toParts(chunk: TChunk): ChunkParts;
	/** Maps a failure to a StreamError (may ask the server, e.g. for its models after a 404). */
	mapError(err: unknown, phase: StreamPhase): Promise<StreamError>;
	readonly accumulator: Omit<AccumulatorOptions, 'startedAtEpochMs'>;
	readonly signal: AbortSignal | undefined;
	readonly idleTimeoutMs: number;
	readonly maxRetries: number;
	readonly retryBaseDelayMs: number;
	/**
	 * Receives every event as it happens instead of the generator yielding it (the generator then only
	 * returns the result): no promise per event, and with a pushed body none per chunk either. For a
	 * consumer that handles each event at once, like the gateway relaying thousands a second.
	 */
	readonly onEvent?: (event: StreamEvent) => void;
}

function isListenable<TChunk>(
	chunks: AsyncIterable<TChunk> | ListenableChunks<TChunk>,
): chunks is ListenableChunks<TChunk> {
	return typeof (chunks as Partial<ListenableChunks<TChunk>>).listen === 'function';
}

/** Delay before retry `attempt` (0-based): the server's Retry-After when short, else exponential backoff. */
export function retryDelayMs(error: StreamError, attempt: number, baseMs: number): number {
	const cause = error.cause;
	const headers: unknown = cause instanceof APIError ? cause.headers : undefined;
	if (headers instanceof Headers) {
		const after = Number.parseFloat(headers.get('retry-after') ?? '');
		if (Number.isFinite(after) && after >= 0 && after <= 30) {
			return after * 1000;
		}
	}
	return Math.min(baseMs * 2 ** attempt, 8000);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
	return new Promise((resolve) => {
		const timer = setTimeout(done, ms);
		function done(): void {
			clearTimeout(timer);
			signal?.removeEventListener('abort', done);
			resolve();
		}
		signal?.addEventListener('abort', done, { once: true });
	});
}

/** Yields `events`, or hands them to `sink` when the consumer takes them as they happen (`onEvent`). */
export function* deliverEvents(
	events: readonly StreamEvent[],
	sink: ((event: StreamEvent) => void) | undefined,
): Generator<StreamEvent, void> {
	if (sink === undefined) {
		yield* events;
		return;
	}
	for (const event of events) {
		sink(event);
	}
}

/** Streams one request as events; never throws for server or network failures (they become events). */
export async function* runStream<TChunk>(
	spec: StreamSpec<TChunk>,
): AsyncGenerator<StreamEvent, StreamResult> {
	const t0 = performance.now();
	const now = (): number => performance.now() - t0;
	const acc = new StreamAccumulator({ ...spec.accumulator, startedAtEpochMs: Date.now() });
	const user = spec.signal;
	// A function, not a narrowed property read: the signal changes across awaits.
	const isAborted = (): boolean => user?.aborted === true;
	const sink = spec.onEvent;
	const deliver = (events: readonly StreamEvent[]): Generator<StreamEvent, void> =>
		deliverEvents(events, sink);
	const finish = function* (error: StreamError | undefined): Generator<StreamEvent, StreamResult> {
		if (error !== undefined) {
			yield* deliver([{ type: 'error', error, atMs: now() }]);
		}
		const { events, result } = acc.finish(now(), { error, aborted: isAborted() });
		yield* deliver(events);
		return result;
	};

	for (let attempt = 0; ; attempt++) {
		if (isAborted()) {
			return yield* finish(undefined);
		}
		const controller = new AbortController();
		const onUserAbort = (): void => controller.abort(user?.reason);
		user?.addEventListener('abort', onUserAbort, { once: true });
		let idleFired = false;
		// One timer per stream, not one per chunk: `arm` only moves the deadline; the timer, when it
		// fires early, sleeps again until the deadline (a timer per chunk and per byte cost thousands of
		// timer creations a second in the gateway).
		let timer: NodeJS.Timeout | undefined;
		let timerAt = 0;
		let deadline = 0;
		let listening = false;
		const wake = (): void => {
			timer = undefined;
			if (!listening) {
				return;
			}
			const left = deadline - performance.now();
			if (left > 0) {
				timerAt = deadline;
				timer = setTimeout(wake, left);
				return;
			}
			idleFired = true;
			controller.abort();
		};
		const arm = (): void => {
			listening = true;
			// After a finish reason only the trailing usage chunk and [DONE] are due: a server that keeps the
			// stream open past that has finished its answer, so wait briefly rather than the full idle time.
			const ms =
				acc.finishReasonSoFar !== undefined
					? Math.min(spec.idleTimeoutMs, AFTER_FINISH_GRACE_MS)
					: spec.idleTimeoutMs;
			deadline = performance.now() + ms;
			if (timer !== undefined && timerAt > deadline) {
				clearTimeout(timer);
				timer = undefined;
			}
			if (timer === undefined) {
				timerAt = deadline;
				timer = setTimeout(wake, ms);
			}
		};
		const disarm = (): void => {
			listening = false;
		};
		// Idle time is measured from the last byte, not the last whole chunk: a slow but live server is not idle.
		const onBytes = (): void => {
			if (listening) {
				arm();
			}
		};
		const cleanup = (): void => {
			disarm();
			clearTimeout(timer);
			timer = undefined;
			user?.removeEventListener('abort', onUserAbort);
		};

		let opened: OpenedStream<TChunk>;
		arm();
		try {
			opened = await spec.open(controller.signal, byteActivity(onBytes));
		} catch (err) {
			cleanup();
			if (isAborted()) {
				return yield* finish(undefined);
			}
			const error = idleFired
				? idleTimeoutError(spec.idleTimeoutMs, 'request')
				: await spec.mapError(err, 'request');
			if (error.retryable && attempt < spec.maxRetries) {
				const delayMs = retryDelayMs(error, attempt, spec.retryBaseDelayMs);
				yield* deliver([{ type: 'retry', attempt: attempt + 1, delayMs, error }]);
				await sleep(delayMs, user);
				continue;
			}
			return yield* finish(error);
		}
		disarm();
		acc.headers(now());
		yield* deliver([
			{
				type: 'start',
				requestId: opened.requestId,
				model: spec.model,
				headersMs: now(),
				...(opened.served !== undefined ? { served: opened.served } : {}),
			},
		]);

		let error: StreamError | undefined;
		try {
			arm();
			const chunks = opened.chunks;
			if (sink !== undefined && isListenable(chunks)) {
				// Every chunk handled inside the piece's own event: no promise per chunk or per event.
				await chunks.listen((chunk) => {
					disarm();
					acc.acceptTo(spec.toParts(chunk), now(), sink);
					arm();
				});
			} else {
				for await (const chunk of chunks) {
					disarm();
					// The idle timer measures the server, not how long our consumer takes between events.
					// A loop, not `yield*` over the array: that wraps it in an async iterator, a promise per event.
					for (const event of acc.accept(spec.toParts(chunk), now())) {
						if (sink !== undefined) {
							sink(event);
						} else {
							yield event;
						}
					}
					arm();
				}
			}
		} catch (err) {
			if (!isAborted() && !idleFired) {
				error = await spec.mapError(err, 'stream');
			}
		} finally {
			cleanup();
		}
		if (error === undefined && !isAborted()) {
			if (idleFired && acc.finishReasonSoFar === undefined) {
				error = idleTimeoutError(spec.idleTimeoutMs, 'stream');
			} else if (acc.finishReasonSoFar === undefined) {
				error = truncatedStreamError();
			}
		}
		return yield* finish(error);
	}
}
