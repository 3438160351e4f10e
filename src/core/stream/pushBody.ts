/**
 * Streamed requests without fetch's web streams. A response body read through fetch goes through two
 * ReadableStreams and several promises per piece; at thousands of chunks a second (the gateway) that was
 * about half of the client's CPU per chunk. Requests that expect an event stream are sent with undici's
 * `request` on the same Agent instead, and a 2xx uncompressed event stream is handed to the reader as a
 * Node stream whose pieces arrive as events ({@link pushBodyOf}). Every other answer (an error status, an
 * HTML page, a compressed body) becomes an ordinary guarded Response, as fetch would have given it.
 */
import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { request, type Agent } from 'undici';
import {
	eventStreamCounter,
	guardResponse,
	type BodyLimits,
	DEFAULT_MAX_EVENT_BYTES,
} from './bodyGuard';
import type { StreamError } from './errors';

/** A 2xx event-stream body read as pushed pieces, with the checks the guard would apply to each. */
export interface PushBody {
	readonly body: Readable;
	/** Call for every piece, before using it: the error to stop with, if the piece breaks a limit. */
	readonly check: (piece: Uint8Array) => StreamError | undefined;
}

const PUSH_BODY = Symbol('thinktrim.pushBody');

/** The pushed body of a response made by {@link requestEventStream}, if it has one. */
export function pushBodyOf(response: Response): PushBody | undefined {
	return (response as { [PUSH_BODY]?: PushBody })[PUSH_BODY];
}

type Make = (body: ReadableStream<Uint8Array>, init: ResponseInit) => Response;

/** What fetch sends when the caller names no encoding; kept so servers see the same request. */
const ACCEPT_ENCODING = 'gzip, deflate';

function headerRecord(init: RequestInit): Record<string, string> {
	const out: Record<string, string> = {};
	new Headers(init.headers).forEach((value, name) => {
		out[name] = value;
	});
	out['accept-encoding'] ??= ACCEPT_ENCODING;
	return out;
}

function responseHeaders(raw: Record<string, string | string[] | undefined>): Headers {
	const headers = new Headers();
	for (const [name, value] of Object.entries(raw)) {
		for (const v of Array.isArray(value) ? value : value !== undefined ? [value] : []) {
			headers.append(name, v);
		}
	}
	return headers;
}

/** The body decoded the way fetch decodes it (unknown codings pass as they are). */
function decoded(body: Readable, encoding: string): Readable {
	const coding = encoding.trim().toLowerCase();
	const decoder =
		coding === 'gzip' || coding === 'x-gzip'
			? createGunzip()
			: coding === 'deflate'
				? createInflate()
				: coding === 'br'
					? createBrotliDecompress()
					: undefined;
	if (decoder === undefined) {
		return body;
	}
	body.on('error', (err) => decoder.destroy(err));
	// A reader that stops early (a size limit, a cancel) destroys the decoder: the compressed body must go
	// too, or the request stays open and the connection pool can never close.
	decoder.once('close', () => {
		if (!body.readableEnded) {
			discard(body);
		}
	});
	return body.pipe(decoder);
}

/** Drops a body nobody will read; undici reports the drop as an error, which is expected here. */
function discard(body: Readable): void {
	body.on('error', () => undefined);
	body.destroy();
}

/** A web body over a Node stream that reads nothing until someone reads it. */
function lazyWebBody(body: Readable): ReadableStream<Uint8Array> {
	let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				reader ??= (Readable.toWeb(body) as ReadableStream<Uint8Array>).getReader();
				try {
					const next = await reader.read();
					if (next.done) {
						controller.close();
					} else {
						controller.enqueue(next.value);
					}
				} catch (err) {
					controller.error(err);
				}
			},
			cancel(reason) {
				if (reader !== undefined) {
					return reader.cancel(reason);
				}
				discard(body);
				return undefined;
			},
		},
		{ highWaterMark: 0 },
	);
}

/** Statuses whose Response must not have a body. */
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * Sends a request that expects an event stream. Rejects as fetch would on a network failure or abort
 * (the undici error, which the SDK wraps as a connection error); resolves with the Response, or with
 * undefined for a redirect, which the caller sends again through fetch (fetch follows redirects).
 */
export async function requestEventStream(
	agent: Agent,
	url: string,
	init: RequestInit,
	limits: BodyLimits,
	make: Make,
	touch: (() => void) | undefined,
): Promise<Response | undefined> {
	const sent = await request(url, {
		dispatcher: agent,
		method: (init.method ?? 'POST') as 'POST',
		headers: headerRecord(init),
		body: typeof init.body === 'string' ? init.body : undefined,
		signal: init.signal ?? undefined,
	});
	const headers = responseHeaders(sent.headers);
	if (sent.statusCode >= 300 && sent.statusCode < 400 && headers.has('location')) {
		discard(sent.body);
		return undefined;
	}
	const encoding = headers.get('content-encoding') ?? 'identity';
	const type = headers.get('content-type') ?? '';
	const body = decoded(sent.body, encoding);
	const status = { status: sent.statusCode, statusText: '', headers };
	if (NULL_BODY.has(sent.statusCode)) {
		discard(body);
		return make(null as unknown as ReadableStream<Uint8Array>, status);
	}
	const guarded = guardResponse(make(lazyWebBody(body), status), limits, true, make, touch);
	if (sent.statusCode < 300 && encoding === 'identity' && type.includes('text/event-stream')) {
		const count = eventStreamCounter(limits.maxEventBytes ?? DEFAULT_MAX_EVENT_BYTES);
		const push: PushBody = {
			body,
			check: (piece) => {
				touch?.();
				return count(piece);
			},
		};
		Object.defineProperty(guarded, PUSH_BODY, { value: push });
	}
	Object.defineProperty(guarded, 'url', { value: url });
	return guarded;
}
