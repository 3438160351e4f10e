/**
 * Requests the gateway does not trim go upstream unchanged and come back byte for byte, streamed:
 * `/v1/models`, `/v1/completions`, chat requests it cannot trim (tools, n > 1, images) and those that
 * opted out (`x-thinktrim: off`). The client going away aborts the upstream request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toStreamError } from '../stream/errors';
import { pushBodyOf, type PushBody } from '../stream/pushBody';
import { openAiError, sendJson } from './httpReply';

/** What a pass-through needs. */
export interface PassThrough {
	readonly fetch: typeof globalThis.fetch;
	/** Upstream URL for this request (base URL + the path after `/v1`). */
	readonly url: string;
	readonly baseUrl: string;
	readonly req: IncomingMessage;
	readonly res: ServerResponse;
	readonly body: Buffer | undefined;
	/** The Authorization to send upstream (the configured key or the client's own), if any. */
	readonly authorization: string | undefined;
	readonly extraHeaders: Readonly<Record<string, string>>;
	readonly signal: AbortSignal;
}

/** Headers that describe one hop, not the message. */
const HOP = new Set([
	'connection',
	'keep-alive',
	'transfer-encoding',
	'content-length',
	'content-encoding',
	'upgrade',
	'proxy-connection',
	'te',
	'trailer',
]);

/** Proxies one request; resolves with the status sent to the client (499 when the client left). */
export async function passThrough(p: PassThrough): Promise<number> {
	const headers: Record<string, string> = { 'accept-encoding': 'identity' };
	for (const name of ['content-type', 'accept', 'x-request-id']) {
		const value = p.req.headers[name];
		if (typeof value === 'string') {
			headers[name] = value;
		}
	}
	if (p.authorization !== undefined) {
		headers.authorization = p.authorization;
	}
	let response: Response;
	try {
		response = await p.fetch(p.url, {
			method: p.req.method ?? 'GET',
			headers,
			body: requestBody(p.body),
			signal: p.signal,
		});
	} catch (err) {
		if (p.signal.aborted) {
			return 499;
		}
		const error = toStreamError(err, { baseUrl: p.baseUrl, phase: 'request' });
		sendJson(
			p.res,
			502,
			openAiError(`upstream: ${error.message}`, 'upstream_error', error.kind, 502),
		);
		return 502;
	}
	const out: Record<string, string> = { ...p.extraHeaders };
	response.headers.forEach((value, name) => {
		if (!HOP.has(name)) {
			out[name] = value;
		}
	});
	p.res.writeHead(response.status, out);
	if (response.body === null) {
		p.res.end();
		return response.status;
	}
	const push = pushBodyOf(response);
	if (push !== undefined) {
		return relayPushed(push, p, response.status);
	}
	try {
		for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
			if (!p.res.write(chunk)) {
				await new Promise<void>((resolve) => {
					p.res.once('drain', resolve);
					p.res.once('close', resolve);
				});
			}
		}
		p.res.end();
	} catch {
		// Upstream broke off mid-body or the client left: close the client's side too.
		p.res.destroy();
		return p.signal.aborted ? 499 : response.status;
	}
	return response.status;
}

/**
 * The body to send upstream: as text when it is exactly its UTF-8 bytes, so the transport sees a streamed
 * request and reads the answer from pushed pieces (pushBody.ts); else the bytes as they came.
 */
function requestBody(body: Buffer | undefined): string | Uint8Array<ArrayBuffer> | undefined {
	if (body === undefined || body.length === 0) {
		return undefined;
	}
	const text = body.toString('utf8');
	return Buffer.from(text, 'utf8').equals(body) ? text : new Uint8Array(body);
}

/** Relays a pushed event stream piece by piece, under the stream limits, pausing upstream while the client is behind. */
function relayPushed(push: PushBody, p: PassThrough, status: number): Promise<number> {
	const upstream = push.body;
	return new Promise((resolve) => {
		let settled = false;
		const settle = (result: number): void => {
			if (!settled) {
				settled = true;
				resolve(result);
			}
		};
		const broken = (): void => {
			p.res.destroy();
			upstream.destroy();
			settle(p.signal.aborted ? 499 : status);
		};
		upstream.on('data', (piece: Buffer) => {
			if (push.check(piece) !== undefined) {
				broken();
				return;
			}
			if (!p.res.write(piece)) {
				upstream.pause();
				p.res.once('drain', () => upstream.resume());
			}
		});
		upstream.once('end', () => {
			p.res.end();
			settle(status);
		});
		upstream.on('error', broken);
		upstream.once('close', () => {
			if (!upstream.readableEnded) {
				broken();
			}
		});
		p.res.once('close', () => {
			if (!p.res.writableFinished) {
				upstream.destroy();
				settle(499);
			}
		});
	});
}
