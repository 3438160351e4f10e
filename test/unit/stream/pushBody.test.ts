import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { eventStreamChunks } from '../../../src/core/stream/eventStream';
import { pushBodyOf } from '../../../src/core/stream/pushBody';
import { PushedChunks } from '../../../src/core/stream/pushedChunks';
import { createTransport } from '../../../src/core/stream/transport';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A real server for one test; returns its base URL and a closer. */
async function serve(handler: Handler): Promise<{ url: string; close: () => Promise<void> }> {
	const server = createServer(handler);
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url,
		close: () =>
			new Promise((r) => {
				server.closeAllConnections();
				server.close(() => r());
			}),
	};
}

const STREAM_BODY = JSON.stringify({ model: 'm', messages: [], stream: true });

async function post(url: string, signal?: AbortSignal): Promise<Response> {
	const transport = await createTransport();
	return transport.fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: STREAM_BODY,
		signal,
	});
}

describe('pushed event-stream bodies', () => {
	it('reads a 2xx event stream from pushed pieces, with the request sent as fetch would send it', async () => {
		let seen: { method?: string; type?: string; encoding?: string; body?: string } = {};
		const server = await serve((req, res) => {
			let body = '';
			req.on('data', (b: Buffer) => (body += b.toString()));
			req.on('end', () => {
				seen = {
					method: req.method,
					type: req.headers['content-type'],
					encoding: req.headers['accept-encoding'],
					body,
				};
				res.writeHead(200, { 'content-type': 'text/event-stream' });
				res.write('data: {"n":1}\n\ndata: {"n"');
				setTimeout(() => res.end(':2}\n\ndata: [DONE]\n\n'), 20);
			});
		});
		try {
			const response = await post(`${server.url}/v1/chat/completions`);
			assert.ok(pushBodyOf(response) !== undefined, 'the body is read from pushed pieces');
			const got: unknown[] = [];
			for await (const chunk of eventStreamChunks(response)) {
				got.push(chunk);
			}
			assert.deepEqual(got, [{ n: 1 }, { n: 2 }]);
			assert.deepEqual(seen, {
				method: 'POST',
				type: 'application/json',
				encoding: 'gzip, deflate',
				body: STREAM_BODY,
			});
		} finally {
			await server.close();
		}
	});

	it('gives an error status an ordinary body, kept for the message', async () => {
		const server = await serve((_req, res) => {
			res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '2' });
			res.end('{"error":{"message":"slow down"}}');
		});
		try {
			const response = await post(server.url);
			assert.equal(response.status, 429);
			assert.equal(response.headers.get('retry-after'), '2');
			assert.equal(pushBodyOf(response), undefined);
			assert.equal(await response.text(), '{"error":{"message":"slow down"}}');
		} finally {
			await server.close();
		}
	});

	it('decompresses a gzip event stream the way fetch does', async () => {
		const server = await serve((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
			res.end(gzipSync('data: {"n":7}\n\ndata: [DONE]\n\n'));
		});
		try {
			const got: unknown[] = [];
			for await (const chunk of eventStreamChunks(await post(server.url))) {
				got.push(chunk);
			}
			assert.deepEqual(got, [{ n: 7 }]);
		} finally {
			await server.close();
		}
	});

	it('follows a redirect, as fetch does', async () => {
		const server = await serve((req, res) => {
			if (req.url === '/old') {
				res.writeHead(307, { location: '/new' });
				res.end();
				return;
			}
			req.resume();
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			res.end(`data: {"at":"${req.url ?? ''}"}\n\n`);
		});
		try {
			const got: unknown[] = [];
			for await (const chunk of eventStreamChunks(await post(`${server.url}/old`))) {
				got.push(chunk);
			}
			assert.deepEqual(got, [{ at: '/new' }]);
		} finally {
			await server.close();
		}
	});

	it('holds only a few parsed chunks for a consumer that stops reading: the body is paused', async () => {
		const server = await serve((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			// 20,000 events in one go, far more than the reader may hold.
			res.end('data: {"n":1}\n\n'.repeat(20_000));
		});
		try {
			const response = await post(server.url);
			const push = pushBodyOf(response);
			assert.ok(push !== undefined);
			const chunks = eventStreamChunks(response);
			await chunks.next();
			await new Promise((r) => setTimeout(r, 200));
			assert.equal(push.body.isPaused(), true);
			let n = 1;
			for await (const _ of chunks) {
				n++;
			}
			assert.equal(n, 20_000, 'after the pause every chunk still arrives, in order and once');
		} finally {
			await server.close();
		}
	});

	it('ends quietly when the request is aborted mid-stream, and keeps the chunks before it', async () => {
		const server = await serve((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			res.write('data: {"n":1}\n\n');
		});
		try {
			const abort = new AbortController();
			const got: unknown[] = [];
			for await (const chunk of eventStreamChunks(await post(server.url, abort.signal))) {
				got.push(chunk);
				abort.abort();
			}
			assert.deepEqual(got, [{ n: 1 }]);
		} finally {
			await server.close();
		}
	});

	it('stops at the event size limit with the limit named, after the chunks before it', async () => {
		const server = await serve((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			res.write('data: {"n":1}\n\n');
			res.write(`data: "${'x'.repeat(3000)}`);
		});
		try {
			const transport = await createTransport({ maxEventBytes: 1024 });
			const response = await transport.fetch(server.url, { method: 'POST', body: STREAM_BODY });
			const got: unknown[] = [];
			await assert.rejects(
				async () => {
					for await (const chunk of eventStreamChunks(response)) {
						got.push(chunk);
					}
				},
				(err: Error) => /event size limit/.test(err.message),
			);
			assert.deepEqual(got, [{ n: 1 }]);
		} finally {
			await server.close();
		}
	});

	it('hands each chunk to a listener as it is parsed, and settles at the end of the stream', async () => {
		let writeRest: (() => void) | undefined;
		const server = await serve((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			res.write('data: {"n":1}\n\n');
			// The rest only once the listener has had the first: a listener fed at the end would wait forever.
			writeRest = () => res.end('data: {"n":2}\n\ndata: {"n":3}\n\ndata: [DONE]\n\n');
		});
		try {
			const chunks = eventStreamChunks<{ n: number }>(await post(server.url));
			assert.ok(chunks instanceof PushedChunks, 'a pushed body can be listened to');
			const got: number[] = [];
			await chunks.listen((chunk: { n: number }) => {
				got.push(chunk.n);
				if (chunk.n === 1) {
					writeRest?.();
				}
			});
			assert.deepEqual(got, [1, 2, 3]);
		} finally {
			await server.close();
		}
	});

	it('rejects with what the listener threw and closes the body', async () => {
		let closed: Promise<void> | undefined;
		const server = await serve((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			closed = new Promise((r) => res.on('close', () => r()));
			const timer = setInterval(() => res.write('data: {"n":1}\n\n'), 5);
			res.on('close', () => clearInterval(timer));
		});
		try {
			const chunks = eventStreamChunks(await post(server.url));
			assert.ok(chunks instanceof PushedChunks);
			let seen = 0;
			await assert.rejects(
				chunks.listen(() => {
					if (++seen === 3) {
						throw new Error('listener failed');
					}
				}),
				/listener failed/,
			);
			assert.equal(seen, 3, 'nothing is handed over after the throw');
			await Promise.race([
				closed,
				new Promise((_, reject) =>
					setTimeout(() => reject(new Error('the server still streams after 1 s')), 1000),
				),
			]);
		} finally {
			await server.close();
		}
	});

	it('rejects a listener at the event size limit, after the chunks before it', async () => {
		const server = await serve((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			res.write('data: {"n":1}\n\n');
			setTimeout(() => res.write(`data: "${'x'.repeat(3000)}`), 20);
		});
		try {
			const transport = await createTransport({ maxEventBytes: 1024 });
			const response = await transport.fetch(server.url, { method: 'POST', body: STREAM_BODY });
			const chunks = eventStreamChunks(response);
			assert.ok(chunks instanceof PushedChunks);
			const got: unknown[] = [];
			await assert.rejects(
				chunks.listen((chunk) => got.push(chunk)),
				(err: Error) => /event size limit/.test(err.message),
			);
			assert.deepEqual(got, [{ n: 1 }]);
		} finally {
			await server.close();
		}
	});
});
