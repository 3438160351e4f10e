/**
 * The parsed chunks of a pushed event-stream body (pushBody.ts), as an async iterator without web streams
 * or generators: each piece is checked, decoded and parsed when it arrives, and a chunk that is already
 * parsed is handed over at once. The body pauses while more than a few chunks wait, so a slow consumer
 * holds only those; pieces are never read ahead of the limits. A consumer that handles every chunk at
 * once can {@link PushedChunks.listen} instead of iterating: its callback then runs inside the piece's
 * own event, with no promise per chunk.
 */
import { StringDecoder } from 'node:string_decoder';
import type { PushBody } from './pushBody';
import { SseParser } from './sseParser';

/** Parsed chunks waiting for the consumer past which the body is paused. */
const PAUSE_AT = 64;

/**
 * Turns one SSE message into a chunk, or `undefined` to skip it; what it throws ends the stream after the
 * chunks before it.
 */
export type ChunkHandler<T> = (event: string | null, data: string) => T | undefined;

function isAbortError(err: unknown): boolean {
	return typeof err === 'object' && err !== null && 'name' in err && err.name === 'AbortError';
}

export class PushedChunks<T> implements AsyncIterableIterator<T> {
	/** Chunks waiting, `queue[head, tail)`; the array keeps its slots between pieces. */
	private readonly queue: T[] = [];
	private head = 0;
	private tail = 0;
	/** What the handler threw while a piece was parsed. */
	private parseFailure: Error | undefined;
	private failure: Error | undefined;
	private ended = false;
	private finished = false;
	private waiting: ((result: IteratorResult<T, undefined>) => void) | undefined;
	private waitingFail: ((err: unknown) => void) | undefined;
	private readonly decoder = new StringDecoder('utf8');
	private readonly parser = new SseParser();
	private listener: ((item: T) => void) | undefined;
	private settle: { resolve: () => void; reject: (err: unknown) => void } | undefined;

	constructor(
		private readonly push: PushBody,
		private readonly handle: ChunkHandler<T>,
	) {
		const body = push.body;
		body.on('data', this.onData);
		body.once('end', this.onEnd);
		body.on('error', this.onError);
		// A body destroyed without an error (a socket closed under it) ends the stream like 'end' does.
		body.once('close', this.onEnd);
	}

	[Symbol.asyncIterator](): this {
		return this;
	}

	next(): Promise<IteratorResult<T, undefined>> {
		const item = this.take();
		if (item !== undefined) {
			return Promise.resolve(item);
		}
		return new Promise((resolve, reject) => {
			this.waiting = resolve;
			this.waitingFail = reject;
		});
	}

	/**
	 * Hands every chunk to `onChunk` as soon as it is parsed, instead of iterating. Resolves at the end of
	 * the stream (or quietly on abort); rejects with the stream's failure, or with what `onChunk` threw
	 * (the body is then closed, as a `for await` loop that throws closes it). Use one or the other.
	 */
	listen(onChunk: (item: T) => void): Promise<void> {
		return new Promise((resolve, reject) => {
			this.listener = onChunk;
			this.settle = { resolve, reject };
			// Chunks parsed before the listener came, and the end if it came too.
			this.deliver();
		});
	}

	/** The consumer stopped early: the body is no longer wanted. */
	return(): Promise<IteratorResult<T, undefined>> {
		this.close();
		return Promise.resolve({ done: true, value: undefined });
	}

	private close(): void {
		if (!this.finished) {
			this.finished = true;
			this.push.body.off('data', this.onData);
			this.push.body.destroy();
		}
	}

	/** The next result if one is ready: a chunk, the end, or (thrown by next's caller) the failure. */
	private take(): IteratorResult<T, undefined> | undefined {
		if (this.head < this.tail) {
			return { done: false, value: this.shift() };
		}
		this.throwFailure();
		return this.ended ? { done: true, value: undefined } : undefined;
	}

	/** The first queued chunk (the caller checks there is one); resumes the body once all are taken. */
	private shift(): T {
		const value = this.queue[this.head] as T;
		this.queue[this.head++] = undefined as T;
		if (this.head === this.tail) {
			this.head = this.tail = 0;
			if (!this.ended && this.push.body.isPaused()) {
				this.push.body.resume();
			}
		}
		return value;
	}

	/** Throws the stream's failure, once, after the chunks before it were taken. */
	private throwFailure(): void {
		if (this.failure !== undefined) {
			const failure = this.failure;
			this.failure = undefined;
			this.ended = true;
			this.close();
			throw failure;
		}
	}

	/** Listen mode: hands over what is queued, then settles once the stream has ended. */
	private deliver(): void {
		const listener = this.listener;
		const settle = this.settle;
		if (listener === undefined || settle === undefined) {
			return;
		}
		try {
			// No result object per chunk: the queue is read directly.
			while (this.head < this.tail) {
				listener(this.shift());
			}
			this.throwFailure();
		} catch (err) {
			// The stream's failure (thrown by take) or the listener's: either way the body is done with.
			this.settle = undefined;
			this.ended = true;
			this.close();
			settle.reject(err);
			return;
		}
		if (this.ended) {
			this.settle = undefined;
			settle.resolve();
		}
	}

	private wake(): void {
		if (this.listener !== undefined) {
			this.deliver();
			return;
		}
		const resolve = this.waiting;
		const reject = this.waitingFail;
		if (resolve === undefined || reject === undefined) {
			return;
		}
		let result: IteratorResult<T, undefined> | undefined;
		try {
			result = this.take();
		} catch (err) {
			this.waiting = this.waitingFail = undefined;
			reject(err);
			return;
		}
		if (result !== undefined) {
			this.waiting = this.waitingFail = undefined;
			resolve(result);
		}
	}

	private readonly onData = (piece: Buffer): void => {
		if (this.ended || this.finished) {
			return;
		}
		const limit = this.push.check(piece);
		if (limit !== undefined) {
			this.fail(limit);
			return;
		}
		this.parser.feed(this.decoder.write(piece), this.onMessage);
		const failure = this.parseFailure;
		if (failure !== undefined) {
			this.fail(failure);
			return;
		}
		if (this.tail - this.head > PAUSE_AT) {
			this.push.body.pause();
		}
		this.wake();
	};

	/** One parsed message: its chunk is queued; after a failure the rest of the piece is ignored. */
	private readonly onMessage = (event: string | null, data: string): void => {
		if (this.parseFailure !== undefined) {
			return;
		}
		try {
			const item = this.handle(event, data);
			if (item !== undefined) {
				this.queue[this.tail++] = item;
			}
		} catch (err) {
			this.parseFailure = err instanceof Error ? err : new Error(String(err));
		}
	};

	private readonly onEnd = (): void => {
		if (this.ended) {
			return;
		}
		// The SDK ends the last line at the end of the body but dispatches no event without its blank line.
		this.parser.push(`${this.decoder.end()}\n`);
		this.ended = true;
		this.finished = true;
		this.wake();
	};

	private readonly onError = (err: Error): void => {
		if (this.ended) {
			return;
		}
		if (isAbortError(err)) {
			// Aborted: the stream ends quietly, as fetch's reader does.
			this.ended = true;
			this.finished = true;
		} else {
			this.failure ??= err;
			this.ended = true;
		}
		this.wake();
	};

	private fail(err: Error): void {
		this.failure ??= err;
		this.ended = true;
		this.close();
		this.wake();
	}
}
