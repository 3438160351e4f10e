import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI, { APIError } from 'openai';
import { byteActivity } from '../../../src/core/stream/bodyGuard';
import {
	eventStreamChunks,
	openEventStream,
	sdkFetchOptions,
} from '../../../src/core/stream/eventStream';
import { SseParser } from '../../../src/core/stream/sseParser';
import { createTransport } from '../../../src/core/stream/transport';

function responseOf(pieces: readonly string[]): Response {
	const encoder = new TextEncoder();
	const body = new ReadableStream<Uint8Array>({
		start(controller) {
			for (const p of pieces) {
				controller.enqueue(encoder.encode(p));
			}
			controller.close();
		},
	});
	return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

async function collect(pieces: readonly string[]): Promise<unknown[]> {
	const out: unknown[] = [];
	for await (const chunk of eventStreamChunks(responseOf(pieces))) {
		out.push(chunk);
	}
	return out;
}

describe('event stream reader', () => {
	it('parses events split anywhere, with LF, CRLF or CR line ends, comments and multi-line data', () => {
		const parser = new SseParser();
		const got = [
			...parser.push('data: {"a"'),
			...parser.push(':1}\n\n: keep-alive\n\nevent: x\r'),
			...parser.push('\ndata: 1\r\ndata: 2\r'),
			...parser.push('\n\r\n'),
			...parser.push('data:3\r\r'),
		];
		assert.deepEqual(got, [
			{ event: null, data: '{"a":1}' },
			{ event: 'x', data: '1\n2' },
			{ event: null, data: '3' },
		]);
	});

	it('yields parsed chunks, ignores what follows [DONE], and drops an event without its blank line', async () => {
		assert.deepEqual(
			await collect([
				'data: {"n":1}\n\ndata: {"n"',
				':2}\n\n',
				'data: [DONE]\n\ndata: {"n":3}\n\n',
			]),
			[{ n: 1 }, { n: 2 }],
		);
		assert.deepEqual(await collect(['data: {"n":1}\n\ndata: {"n":2}']), [{ n: 1 }]);
	});

	it('keeps multi-byte characters cut across reads', async () => {
		const bytes = new TextEncoder().encode('data: {"t":"é😀"}\n\n');
		const body = new ReadableStream<Uint8Array>({
			start(controller) {
				for (const b of bytes) {
					controller.enqueue(new Uint8Array([b]));
				}
				controller.close();
			},
		});
		const out: unknown[] = [];
		for await (const chunk of eventStreamChunks(new Response(body))) {
			out.push(chunk);
		}
		assert.deepEqual(out, [{ t: 'é😀' }]);
	});

	it('raises an error event as an APIError with the server message, and a non-JSON chunk as a SyntaxError, as the SDK does', async () => {
		await assert.rejects(
			collect(['data: {"n":1}\n\n', 'data: {"error":{"message":"boom","code":500}}\n\n']),
			(err: unknown) => err instanceof APIError && err.message.includes('boom'),
		);
		await assert.rejects(collect(['data: {"n":\n\n']), SyntaxError);
	});

	it('ends quietly when the request is aborted, and cancels the body when the reader stops early', async () => {
		let cancelled = false;
		const aborting = new ReadableStream<Uint8Array>({
			start(controller) {
				controller.enqueue(new TextEncoder().encode('data: {"n":1}\n\n'));
			},
			pull(controller) {
				controller.error(new DOMException('aborted', 'AbortError'));
			},
		});
		const got: unknown[] = [];
		for await (const chunk of eventStreamChunks(new Response(aborting))) {
			got.push(chunk);
		}
		assert.deepEqual(got, [{ n: 1 }]);
		const endless = new ReadableStream<Uint8Array>({
			pull(controller) {
				controller.enqueue(new TextEncoder().encode('data: {"n":1}\n\n'));
			},
			cancel() {
				cancelled = true;
			},
		});
		for await (const _ of eventStreamChunks(new Response(endless))) {
			break;
		}
		assert.equal(cancelled, true);
	});

	it('through the SDK and the transport: chunks come out and every piece of body tells the idle timer', async () => {
		const server = createServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/event-stream', 'x-request-id': 'req-1' });
			res.write('data: {"choices":[],"n":1}\n\n');
			setTimeout(() => res.end('data: {"choices":[],"n":2}\n\ndata: [DONE]\n\n'), 30);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const transport = await createTransport();
		try {
			const sdk = new OpenAI({
				baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
				apiKey: 'x',
				fetch: transport.fetch,
				maxRetries: 0,
			});
			let touches = 0;
			const opened = await openEventStream<{ n: number }>(
				sdk.chat.completions.create(
					{ model: 'm', messages: [], stream: true },
					{ fetchOptions: sdkFetchOptions(byteActivity(() => touches++)) },
				),
			);
			const got: number[] = [];
			for await (const chunk of opened.chunks) {
				got.push(chunk.n);
			}
			assert.deepEqual(got, [1, 2]);
			assert.equal(opened.requestId, 'req-1');
			assert.ok(touches >= 2, `the byte callback ran per piece of body (${touches})`);
		} finally {
			await transport.close();
			server.close();
		}
	});
});
