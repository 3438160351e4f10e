/** The `error:` line rewrite (older llama.cpp), fed through a real HTTP server on 127.0.0.1 in awkward pieces. */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { rewriteErrorLine, withSseErrorLines } from '../../../src/core/stream/sseErrorLines';

const BODY =
	'data: {"a":1}\n\nerror: {"code":500,"message":"KV cache full: 多字节"}\n\ndata: {"errors":"error: inside"}\n\n';
let server: Server;
let url = '';
let pieceBytes = 1;

before(async () => {
	server = createServer((_req, res) => {
		res.writeHead(200, { 'Content-Type': 'text/event-stream' });
		const bytes = Buffer.from(BODY, 'utf8');
		let at = 0;
		const next = (): void => {
			if (at >= bytes.length) {
				res.end();
				return;
			}
			res.write(bytes.subarray(at, at + pieceBytes));
			at += pieceBytes;
			setImmediate(next);
		};
		next();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('SSE error lines', () => {
	it('rewrites an error: line into a data: error event and leaves every other line alone', () => {
		assert.equal(
			rewriteErrorLine('error: {"code":500,"message":"boom"}'),
			'data: {"error":{"code":500,"message":"boom"}}',
		);
		assert.equal(
			rewriteErrorLine('error: plain words'),
			'data: {"error":{"message":"plain words"}}',
		);
		assert.equal(rewriteErrorLine('data: {"error":"x"}'), 'data: {"error":"x"}');
	});

	it('gives the same text whatever the network pieces (1, 3, 7 bytes: split lines and characters)', async () => {
		const expected =
			'data: {"a":1}\n\ndata: {"error":{"code":500,"message":"KV cache full: 多字节"}}\n\ndata: {"errors":"error: inside"}\n\n';
		for (const size of [1, 3, 7, 1000]) {
			pieceBytes = size;
			const text = await (await withSseErrorLines(fetch)(url)).text();
			assert.equal(text, expected, `pieces of ${size} bytes`);
		}
	});

	it('passes bodies through untouched when it does not apply', async () => {
		pieceBytes = 5;
		assert.equal(await (await withSseErrorLines(fetch, () => false)(url)).text(), BODY);
	});
});
