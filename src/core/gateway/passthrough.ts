/**
 * Requests the gateway does not trim go upstream unchanged and come back byte for byte, streamed:
 * `/v1/models`, `/v1/completions`, chat requests it cannot trim (tools, n > 1, images) and those that
 * opted out (`x-thinktrim: off`). The client going away aborts the upstream request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toStreamError } from '../stream/errors';
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
			body: p.body !== undefined && p.body.length > 0 ? new Uint8Array(p.body) : undefined,
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
