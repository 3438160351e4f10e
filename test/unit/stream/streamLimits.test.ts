import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createGzip, gzipSync } from 'node:zlib';
import { collectStream } from '../../../src/core/stream/streamEvents';
import { ReasoningClient } from '../../../src/core/stream/reasoningClient';
import { discoverServer } from '../../../src/core/stream/discovery';
import { createTransport } from '../../../src/core/stream/transport';
import {
	flood,
	sseChunk,
	startHostileServer,
	type HostileServer,
} from '../../harness/hostileServer';

const servers: HostileServer[] = [];
after(async () => {
	await Promise.all(servers.map((s) => s.close()));
});

async function serve(handler: Parameters<typeof startHostileServer>[0]): Promise<string> {
	const s = await startHostileServer(handler);
	servers.push(s);
	return s.baseUrl;
}

async function streamOnce(
	baseUrl: string,
	options: { idleTimeoutMs?: number; maxEventBytes?: number } = {},
): ReturnType<typeof collectStream> {
	const client = await ReasoningClient.create({
		baseUrl,
		dialect: 'vllm-transition',
		maxRetries: 0,
		...options,
	});
	try {
		return await collectStream(
			client.streamChat({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
		);
	} finally {
		await client.close();
	}
}

describe('hostile stream servers', () => {
	it('stops a line with no newline at the 4 MiB default, names the limit and its setting, keeps the text', async () => {
		const url = await serve((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			res.write(sseChunk({ reasoning_content: 'kept thought' }));
			res.write('data: ');
			flood(res, Buffer.alloc(64 * 1024, 'a'));
		});
		const result = await streamOnce(url);
		assert.equal(result.error?.kind, 'too-large');
		assert.match(result.error.message, /more than 4 MiB with no line break/);
		assert.match(result.error.message, /--max-event-mb/);
		assert.match(result.error.message, /thinktrim\.endpoint\.maxEventMiB/);
		assert.equal(result.thinking, 'kept thought');
		assert.equal(result.partial, true);
	});

	it('honours a configured event limit', async () => {
		const url = await serve((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			res.end(sseChunk({ reasoning_content: 'x'.repeat(300 * 1024) }, 'stop'));
		});
		const small = await streamOnce(url, { maxEventBytes: 256 * 1024 });
		assert.equal(small.error?.kind, 'too-large');
		assert.match(small.error.message, /256 KiB/);
		const big = await streamOnce(url, { maxEventBytes: 1024 * 1024 });
		assert.equal(big.error, undefined);
		assert.equal(big.thinking.length, 300 * 1024);
	});

	it('limits an event made of many data lines, not only one line', async () => {
		const url = await serve((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			flood(res, `data: ${'b'.repeat(1000)}\n`);
		});
		const result = await streamOnce(url, { maxEventBytes: 512 * 1024 });
		assert.equal(result.error?.kind, 'too-large');
		assert.match(result.error.message, /stream event of more than 512 KiB/);
	});

	it('stops a gzip bomb by its decompressed size', async () => {
		const bomb = gzipSync(
			Buffer.concat([Buffer.from('data: '), Buffer.alloc(48 * 1024 * 1024, 'a')]),
		);
		const url = await serve((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
			res.end(bomb);
		});
		const result = await streamOnce(url);
		assert.equal(result.error?.kind, 'too-large');
		assert.match(result.error.message, /4 MiB/);
	});

	it('stops an endless gzip stream by its decompressed size and lets the connection go', async () => {
		const url = await serve((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/event-stream', 'content-encoding': 'gzip' });
			const gzip = createGzip();
			gzip.pipe(res);
			const piece = 'a'.repeat(64 * 1024);
			const pump = (): void => {
				while (!gzip.destroyed && gzip.write(piece)) {
					// until the socket pushes back
				}
				if (!gzip.destroyed) {
					gzip.once('drain', pump);
				}
			};
			res.on('close', () => gzip.destroy());
			gzip.write('data: ');
			pump();
		});
		const client = await ReasoningClient.create({ baseUrl: url, dialect: 'vllm', maxRetries: 0 });
		const result = await collectStream(
			client.streamChat({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }),
		);
		assert.equal(result.error?.kind, 'too-large');
		// The compressed body must be dropped with the decoder, or closing the pool waits for ever.
		const closed = await Promise.race([
			client.close().then(() => 'closed'),
			new Promise((r) => setTimeout(() => r('still open'), 3000)),
		]);
		assert.equal(closed, 'closed');
	});

	it('reads at most 1 MiB of an endless error body and still reports the status', async () => {
		const url = await serve((_req, res) => {
			res.writeHead(400, { 'content-type': 'text/plain' });
			flood(res, 'x'.repeat(64 * 1024));
		});
		const result = await streamOnce(url);
		assert.equal(result.error?.kind, 'bad-request');
		assert.ok((result.error.serverMessage ?? '').length <= 1024 * 1024);
	});

	it('reads at most 1 MiB of each discovery body', async () => {
		const url = await serve((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.write('{"data":[{"id":"');
			flood(res, 'm'.repeat(64 * 1024));
		});
		const transport = await createTransport();
		try {
			const info = await discoverServer({
				baseUrl: url,
				fetch: transport.fetch,
				timeoutMs: 10_000,
			});
			assert.deepEqual(info.models, []);
		} finally {
			await transport.close();
		}
	});

	it('measures idle time from the last byte: a slow but live server is not idle', async () => {
		const url = await serve((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			const text = sseChunk({ reasoning_content: 'slow' }, 'stop') + 'data: [DONE]\n\n';
			let i = 0;
			const timer = setInterval(() => {
				if (res.destroyed || i >= text.length) {
					clearInterval(timer);
					res.end();
					return;
				}
				res.write(text.slice(i, i + 8));
				i += 8;
			}, 40);
		});
		// The whole chunk takes over 1 s to arrive, over twice the idle timeout, but bytes come every 40 ms.
		const result = await streamOnce(url, { idleTimeoutMs: 500 });
		assert.equal(result.error, undefined);
		assert.equal(result.thinking, 'slow');
	});

	it('still times out a silent server after a partial line', async () => {
		const url = await serve((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			res.write(sseChunk({ reasoning_content: 'before' }));
			res.write('data: {"id"');
		});
		const t0 = performance.now();
		const result = await streamOnce(url, { idleTimeoutMs: 300 });
		assert.equal(result.error?.kind, 'idle-timeout');
		assert.equal(result.thinking, 'before');
		assert.ok(performance.now() - t0 < 5000);
	});

	it('takes a stream that sent its finish reason but never [DONE] as complete', async () => {
		const url = await serve((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			res.write(sseChunk({ reasoning_content: 'think' }));
			res.write(sseChunk({ content: 'answer' }, 'stop'));
			// …and stays open.
		});
		const result = await streamOnce(url, { idleTimeoutMs: 500 });
		assert.equal(result.error, undefined);
		assert.equal(result.partial, false);
		assert.equal(result.answer, 'answer');
	});

	it('says so when a 200 is an HTML page, not an event stream', async () => {
		const url = await serve((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
			res.end('<!doctype html><html><body>Dashboard</body></html>');
		});
		const result = await streamOnce(url);
		assert.equal(result.error?.kind, 'not-event-stream');
		assert.match(result.error.message, /HTML page, not an event stream.*\/v1/);
	});
});
