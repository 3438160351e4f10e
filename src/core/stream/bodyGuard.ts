/**
 * Bounds what one HTTP response can make the client hold. A hostile or broken server can send a line that
 * never ends, a gzip bomb, or a giant error page; the SSE parser and `response.text()` would buffer all of
 * it. Every response body passes through here: event-stream lines and events are limited, other bodies
 * are limited as a whole (error bodies are cut at 1 MiB and kept), compressed bodies are limited in
 * decompressed bytes, and every byte that arrives tells the stream's idle timer the server is alive.
 */
import { StreamError } from './errors';

/** Size limits of response bodies. */
export interface BodyLimits {
	/** Longest event-stream line or event, and largest non-stream 2xx body, in bytes. Default 4 MiB. */
	readonly maxEventBytes?: number;
	/** Most decompressed bytes of one compressed (gzip, br, deflate) response. Default 256 MiB. */
	readonly maxDecompressedBytes?: number;
}

export const DEFAULT_MAX_EVENT_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024;
/** Error bodies and discovery JSON are read up to this many bytes; the rest is dropped. */
export const MAX_SMALL_BODY_BYTES = 1024 * 1024;

/** Where to raise the limits; one place so every message names them the same way. */
const EVENT_SETTING = '--max-event-mb in the CLI, thinktrim.endpoint.maxEventMiB in VS Code';

/**
 * The fetch-init key under which the stream runner's "a byte arrived" callback travels to the transport.
 * The openai SDK passes a request's `fetchOptions` down to fetch as they are. (Not an AsyncLocalStorage:
 * on Node 20 and 22 that switches on promise hooks for the whole process, a cost on every promise.)
 */
export const ON_BYTES = Symbol('thinktrim.onBytes');

/** Fetch options (for the SDK's `fetchOptions`) that make every body byte of the response call `onBytes`. */
export function byteActivity(onBytes: () => void): { [ON_BYTES]: () => void } {
	return { [ON_BYTES]: onBytes };
}

/** The callback {@link byteActivity} put in a fetch init, if any. */
export function onBytesOf(init: unknown): (() => void) | undefined {
	const value =
		typeof init === 'object' && init !== null
			? (init as { [ON_BYTES]?: unknown })[ON_BYTES]
			: undefined;
	return typeof value === 'function' ? (value as () => void) : undefined;
}

export function formatBytes(n: number): string {
	return n >= 1024 * 1024
		? `${Math.round((n / (1024 * 1024)) * 10) / 10} MiB`
		: `${Math.round(n / 1024)} KiB`;
}

function tooLarge(message: string): StreamError {
	return new StreamError('too-large', message, 'stream');
}

/**
 * Counts line and event sizes of an event stream; returns an error once one passes `max`. Runs between
 * line breaks are found with indexOf and counted whole, not byte by byte: every byte of every stream
 * passes through here.
 */
export function eventStreamCounter(max: number): (chunk: Uint8Array) => StreamError | undefined {
	let line = 0;
	let event = 0;
	let afterCR = false;
	return (chunk) => {
		const n = chunk.length;
		let at = 0;
		let lf = chunk.indexOf(0x0a);
		let cr = chunk.indexOf(0x0d);
		for (;;) {
			const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
			const run = (end === -1 ? n : end) - at;
			if (run > 0) {
				afterCR = false;
				if (event + run > max) {
					// The line length when the event first passed the limit, as a byte-by-byte count would see it.
					const lineThen = line + (max - event + 1);
					const what =
						lineThen > max ? 'a stream line of more than' : 'a stream event of more than';
					return tooLarge(
						`The server sent ${what} ${formatBytes(max)}${lineThen > max ? ' with no line break' : ''} ` +
							`(event size limit; raise it with ${EVENT_SETTING}); ` +
							'the stream was stopped and the text so far kept.',
					);
				}
				line += run;
				event += run;
			}
			if (end === -1) {
				return undefined;
			}
			const b = chunk[end];
			if (!(b === 0x0a && afterCR)) {
				if (line === 0) {
					event = 0; // a blank line ends the event
				}
				line = 0;
			}
			afterCR = b === 0x0d;
			at = end + 1;
			if (end === lf) {
				lf = chunk.indexOf(0x0a, at);
			} else {
				cr = chunk.indexOf(0x0d, at);
			}
		}
	};
}

/**
 * Wraps a response so its body obeys the limits; bodiless responses pass through. `touch` is called for
 * every piece of body that arrives. The wrapper is a pull source over the body's reader (one read per
 * read, nothing read ahead), not a TransformStream: a pipe costs several promises per chunk.
 */
export function guardResponse<R extends Response>(
	response: R,
	limits: BodyLimits,
	expectsEventStream: boolean,
	make: (body: ReadableStream<Uint8Array>, init: ResponseInit) => R,
	touch?: () => void,
): R {
	const source = response.body;
	if (source === null) {
		return response;
	}
	const maxEvent = limits.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES;
	const maxDecompressed = limits.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
	const type = response.headers.get('content-type') ?? '';
	const compressed = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
	const isError = response.status >= 400;
	// A web page where the API should be: a proxy, a dashboard, or a base URL without /v1.
	const htmlInsteadOfStream = expectsEventStream && !isError && type.includes('text/html');
	const count = type.includes('text/event-stream') ? eventStreamCounter(maxEvent) : undefined;
	let total = 0;
	const check = (
		chunk: Uint8Array,
		controller: ReadableStreamDefaultController<Uint8Array>,
		reader: ReadableStreamDefaultReader<Uint8Array>,
	): void => {
		touch?.();
		total += chunk.length;
		if (htmlInsteadOfStream) {
			controller.error(
				new StreamError(
					'not-event-stream',
					'The server returned an HTML page, not an event stream: is the base URL the API root (…/v1)?',
					'stream',
					response.status,
				),
			);
			reader.cancel().catch(() => undefined);
			return;
		}
		if (isError) {
			// Keep the start of an error page for the message; drop the rest.
			const room = MAX_SMALL_BODY_BYTES - (total - chunk.length);
			controller.enqueue(room < chunk.length ? chunk.subarray(0, Math.max(0, room)) : chunk);
			if (total >= MAX_SMALL_BODY_BYTES) {
				controller.close();
				reader.cancel().catch(() => undefined);
			}
			return;
		}
		const error =
			compressed && total > maxDecompressed
				? tooLarge(
						`The server's compressed response grew past ${formatBytes(maxDecompressed)} ` +
							'when decompressed (decompression limit); ' +
							'the stream was stopped and the text so far kept.',
					)
				: count !== undefined
					? count(chunk)
					: total > maxEvent
						? tooLarge(
								`The server sent a response body of more than ${formatBytes(maxEvent)} (event size limit; ` +
									`raise it with ${EVENT_SETTING}).`,
							)
						: undefined;
		if (error !== undefined) {
			controller.error(error);
			reader.cancel().catch(() => undefined);
			return;
		}
		controller.enqueue(chunk);
	};
	let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
	const guarded = new ReadableStream<Uint8Array>(
		{
			start() {
				reader = source.getReader();
			},
			async pull(controller) {
				const r = reader as ReadableStreamDefaultReader<Uint8Array>;
				// A pull must enqueue, close or fail, or the read waiting on it waits for ever: skip empty pieces.
				for (;;) {
					let next: Awaited<ReturnType<typeof r.read>>;
					try {
						next = await r.read();
					} catch (err) {
						controller.error(err);
						return;
					}
					if (next.done) {
						controller.close();
						return;
					}
					if (next.value.length > 0) {
						check(next.value, controller, r);
						return;
					}
				}
			},
			cancel(reason) {
				return reader?.cancel(reason);
			},
		},
		{ highWaterMark: 0 },
	);
	return make(guarded, {
		status: response.status,
		statusText: response.statusText,
		headers: response.headers,
	});
}

/** Reads a body as text, at most `maxBytes` of it (the rest is cancelled, not downloaded). */
export async function readCappedText(
	response: Response,
	maxBytes: number = MAX_SMALL_BODY_BYTES,
): Promise<string> {
	const body = response.body as ReadableStream<Uint8Array> | null;
	if (body === null) {
		return '';
	}
	const reader = body.getReader();
	const parts: Uint8Array[] = [];
	let total = 0;
	try {
		while (total < maxBytes) {
			const { done, value } = await reader.read();
			if (done) {
				break;
			}
			parts.push(value.subarray(0, maxBytes - total));
			total += value.length;
		}
	} finally {
		await reader.cancel().catch(() => undefined);
	}
	return Buffer.concat(parts).toString('utf8');
}
