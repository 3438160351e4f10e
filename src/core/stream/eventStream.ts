/**
 * Reads a streamed completion's event stream into parsed chunks, the way the openai SDK's `Stream` does
 * (same SSE parsing, `[DONE]`, JSON errors, `{"error": …}` events raised as `APIError`, abort = end),
 * but with one decoder over the body's reader instead of the SDK's three nested async generators and a
 * copy of the buffer per read: a gateway relays thousands of chunks a second through this.
 *
 * ```ts
 * const response = await sdk.chat.completions.create(body, { signal }).asResponse();
 * for await (const chunk of eventStreamChunks<ChatCompletionChunk>(response)) { … }
 * ```
 */
import { APIError } from 'openai';
import type OpenAI from 'openai';
import { servedTrace } from './servedTrace';
import type { OpenedStream } from './streamRunner';

/** One server-sent event. */
export interface SseMessage {
	readonly event: string | null;
	readonly data: string;
}

/**
 * Incremental SSE parser (the subset the SDK reads: `event:` and `data:` fields, `:` comments, a blank
 * line ending the event; lines end with CRLF, LF or CR). Text goes in as it arrives, whole events come out.
 */
export class SseParser {
	private rest = '';
	/** The last piece ended with CR: a LF starting the next piece belongs to it. */
	private afterCR = false;
	private event: string | null = null;
	private data: string[] = [];

	/** Feeds text; returns the events it completed. */
	push(text: string): SseMessage[] {
		const out: SseMessage[] = [];
		let s = text;
		if (this.afterCR && s.startsWith('\n')) {
			s = s.slice(1);
		}
		this.afterCR = false;
		if (this.rest !== '') {
			s = this.rest + s;
			this.rest = '';
		}
		let at = 0;
		for (;;) {
			const lf = s.indexOf('\n', at);
			const cr = s.indexOf('\r', at);
			const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
			if (end === -1) {
				break;
			}
			if (end === s.length - 1 && s.charCodeAt(end) === 13) {
				// A CR at the very end: the line ends here, and a LF may follow in the next piece.
				this.afterCR = true;
			}
			this.line(s.slice(at, end), out);
			at = end + (s.charCodeAt(end) === 13 && s.charCodeAt(end + 1) === 10 ? 2 : 1);
		}
		this.rest = at < s.length ? s.slice(at) : '';
		return out;
	}

	private line(line: string, out: SseMessage[]): void {
		if (line === '') {
			if (this.event !== null || this.data.length > 0) {
				out.push({ event: this.event, data: this.data.join('\n') });
				this.event = null;
				this.data = [];
			}
			return;
		}
		if (line.startsWith(':')) {
			return;
		}
		const colon = line.indexOf(':');
		const field = colon === -1 ? line : line.slice(0, colon);
		let value = colon === -1 ? '' : line.slice(colon + 1);
		if (value.startsWith(' ')) {
			value = value.slice(1);
		}
		if (field === 'event') {
			this.event = value;
		} else if (field === 'data') {
			this.data.push(value);
		}
	}
}

function isAbortError(err: unknown): boolean {
	return typeof err === 'object' && err !== null && 'name' in err && err.name === 'AbortError';
}

/**
 * The parsed JSON chunks of a streamed response, in order. Ends at the end of the body (events after
 * `[DONE]` are ignored) or quietly when the request is aborted; throws the SyntaxError of a chunk that is
 * not JSON, and an `APIError` for an `{"error": …}` event, as the SDK does. Stopping early cancels the body.
 */
export async function* eventStreamChunks<T>(
	response: Response,
): AsyncGenerator<T, void, undefined> {
	const body = response.body;
	if (body === null) {
		throw new Error('Attempted to iterate over a response with no body');
	}
	const reader = (body as ReadableStream<Uint8Array>).getReader();
	const decoder = new TextDecoder();
	const parser = new SseParser();
	let finished = false;
	let done = false;
	/** The chunks of these events in order, up to a failure (thrown after the chunks before it are yielded). */
	const handle = (messages: readonly SseMessage[]): { items: T[]; failure?: Error } => {
		const items: T[] = [];
		try {
			for (const sse of messages) {
				if (done) {
					continue;
				}
				if (sse.data.startsWith('[DONE]')) {
					done = true;
					continue;
				}
				const data = JSON.parse(sse.data) as { error?: unknown; message?: unknown } | null;
				if (sse.event === null || !sse.event.startsWith('thread.')) {
					if (data?.error) {
						throw new APIError(undefined, data.error, undefined, response.headers);
					}
					items.push(data as T);
				} else {
					if (sse.event === 'error') {
						throw new APIError(
							undefined,
							data?.error as object,
							typeof data?.message === 'string' ? data.message : undefined,
							undefined,
						);
					}
					items.push({ event: sse.event, data } as T);
				}
			}
		} catch (err) {
			return { items, failure: err instanceof Error ? err : new Error(String(err)) };
		}
		return { items };
	};
	try {
		for (;;) {
			const next = await reader.read();
			if (next.done) {
				break;
			}
			const { items, failure } = handle(parser.push(decoder.decode(next.value, { stream: true })));
			for (const item of items) {
				yield item;
			}
			if (failure !== undefined) {
				throw failure;
			}
		}
		// The SDK ends the last line at the end of the body but dispatches no event without its blank line.
		parser.push(`${decoder.decode()}\n`);
		finished = true;
	} catch (err) {
		if (isAbortError(err)) {
			return;
		}
		throw err;
	} finally {
		if (!finished) {
			reader.cancel().catch(() => undefined);
		}
	}
}

/** An SDK streaming call before it is awaited (`sdk.chat.completions.create({ …, stream: true }, options)`). */
export interface StreamingCall {
	asResponse(): Promise<Response>;
}

/**
 * Opens a streaming SDK call for the stream runner: the SDK sends it and raises its HTTP errors as
 * usual; the body is then read by {@link eventStreamChunks}.
 */
export async function openEventStream<T>(call: StreamingCall): Promise<OpenedStream<T>> {
	const response = await call.asResponse();
	return {
		chunks: eventStreamChunks<T>(response),
		requestId: response.headers.get('x-request-id') ?? undefined,
		served: servedTrace(response.headers),
	};
}

/** `fetchOptions` for an SDK call: the runner's extras (see streamRunner's `open`), typed as the SDK wants. */
export function sdkFetchOptions(extras: object): SdkFetchOptions {
	return extras;
}

type SdkFetchOptions = NonNullable<
	Parameters<OpenAI['chat']['completions']['create']>[1]
>['fetchOptions'];
