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
import { pushBodyOf } from './pushBody';
import { PushedChunks, type ChunkHandler } from './pushedChunks';
import { servedTrace } from './servedTrace';
import { SseParser } from './sseParser';
import type { OpenedStream } from './streamRunner';

function isAbortError(err: unknown): boolean {
	return typeof err === 'object' && err !== null && 'name' in err && err.name === 'AbortError';
}

/**
 * Turns SSE messages into the stream's chunks, as the SDK does: `[DONE]` ends it (later events are
 * ignored), a chunk that is not JSON fails with its SyntaxError, an `{"error": …}` event with an
 * `APIError` (thrown; the chunks before it stand).
 */
function chunkHandler<T>(response: Response): ChunkHandler<T> {
	let done = false;
	return (event, text) => {
		if (done) {
			return undefined;
		}
		if (text.startsWith('[DONE]')) {
			done = true;
			return undefined;
		}
		const data = JSON.parse(text) as { error?: unknown; message?: unknown } | null;
		if (event === null || !event.startsWith('thread.')) {
			if (data?.error) {
				throw new APIError(undefined, data.error, undefined, response.headers);
			}
			return data as T;
		}
		if (event === 'error') {
			throw new APIError(
				undefined,
				data?.error as object,
				typeof data?.message === 'string' ? data.message : undefined,
				undefined,
			);
		}
		return { event, data } as T;
	};
}

/**
 * The parsed JSON chunks of a streamed response, in order. Ends at the end of the body (events after
 * `[DONE]` are ignored) or quietly when the request is aborted; throws the SyntaxError of a chunk that is
 * not JSON, and an `APIError` for an `{"error": …}` event, as the SDK does. Stopping early cancels the body.
 * A body the transport pushes (pushBody.ts) is read from its events; any other through its reader.
 */
export function eventStreamChunks<T>(response: Response): AsyncIterableIterator<T> {
	const push = pushBodyOf(response);
	return push !== undefined
		? new PushedChunks<T>(push, chunkHandler<T>(response))
		: readerChunks<T>(response);
}

async function* readerChunks<T>(response: Response): AsyncGenerator<T, void, undefined> {
	const body = response.body;
	if (body === null) {
		throw new Error('Attempted to iterate over a response with no body');
	}
	const reader = (body as ReadableStream<Uint8Array>).getReader();
	const decoder = new TextDecoder();
	const parser = new SseParser();
	const handle = chunkHandler<T>(response);
	let finished = false;
	try {
		for (;;) {
			const next = await reader.read();
			if (next.done) {
				break;
			}
			// The chunks before a failure are yielded first, then it is thrown.
			for (const sse of parser.push(decoder.decode(next.value, { stream: true }))) {
				const item = handle(sse.event, sse.data);
				if (item !== undefined) {
					yield item;
				}
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
