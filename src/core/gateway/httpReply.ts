/** Small HTTP helpers of the gateway: bounded body reading and OpenAI-shaped JSON replies. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** The error body OpenAI clients parse: `{ error: { message, type, param, code } }`. */
export function openAiError(
	message: string,
	type: string,
	code: string | number | null,
	status: number,
	param: string | null = null,
): { error: Record<string, unknown> } {
	return { error: { message, type, param, code: code ?? status } };
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Readonly<Record<string, string>> = {},
): void {
	if (res.headersSent || res.destroyed) {
		res.end();
		return;
	}
	const text = JSON.stringify(body);
	res.writeHead(status, {
		...headers,
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
	});
	res.end(text);
}

/** Thrown when a body is larger than allowed; the server answers 413. */
export class BodyTooLarge extends Error {}

/** Reads the whole body, failing past `limit` bytes (then the socket is left to be closed). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const onData = (chunk: Buffer): void => {
			size += chunk.length;
			if (size > limit) {
				req.off('data', onData);
				req.resume();
				reject(new BodyTooLarge(`The request body is larger than ${limit} bytes.`));
			} else {
				chunks.push(chunk);
			}
		};
		req.on('data', onData);
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}
