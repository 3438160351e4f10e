import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { MAX_BUFFERED_BYTES, PieceWriter } from '../../../src/core/gateway/pieceWriter';

/** Runs `respond` for one GET and returns the raw bytes the client received, framing included. */
async function rawResponse(respond: (res: ServerResponse) => void): Promise<string> {
	const server = createServer((_req, res) => respond(res));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	try {
		return await new Promise<string>((resolve, reject) => {
			const socket = connect(port, '127.0.0.1');
			const parts: Buffer[] = [];
			socket.on('data', (b: Buffer) => {
				parts.push(b);
				if (Buffer.concat(parts).toString('latin1').endsWith('\r\n0\r\n\r\n')) {
					socket.end();
					resolve(Buffer.concat(parts).toString('utf8'));
				}
			});
			socket.on('error', reject);
			socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
		});
	} finally {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	}
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('PieceWriter', () => {
	it('writes what one event queued as one chunk, framed byte for byte as res.write frames it', async () => {
		const raw = await rawResponse((res) => {
			void (async () => {
				res.writeHead(200, { 'content-type': 'text/event-stream' });
				const body = new PieceWriter(res);
				body.write('data: 1\n\n');
				await tick();
				body.write('data: é😀\n\n');
				body.write('');
				body.write('data: 3\n\n');
				await tick();
				body.write('data: 4\n\n');
				body.end('data: [DONE]\n\n');
			})();
		});
		const plain = await rawResponse((res) => {
			void (async () => {
				res.writeHead(200, { 'content-type': 'text/event-stream' });
				res.write('data: 1\n\n');
				await tick();
				res.write('data: é😀\n\ndata: 3\n\n');
				await tick();
				res.write('data: 4\n\n');
				res.end('data: [DONE]\n\n');
			})();
		});
		const body = raw.slice(raw.indexOf('\r\n\r\n') + 4);
		assert.equal(body, plain.slice(plain.indexOf('\r\n\r\n') + 4));
		assert.equal(
			body,
			'9\r\ndata: 1\n\n\r\n' +
				// 'é' is 2 bytes in UTF-8 and '😀' 4: the size (14 + 9 = 0x17) counts bytes, not characters.
				'17\r\ndata: é😀\n\ndata: 3\n\n\r\n' +
				'9\r\ndata: 4\n\n\r\n' +
				'e\r\ndata: [DONE]\n\n\r\n0\r\n\r\n',
		);
	});

	it('drops a client that stops reading once more than MAX_BUFFERED_BYTES wait for it', async () => {
		const server = createServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			const body = new PieceWriter(res);
			const piece = `data: ${'x'.repeat(64 * 1024)}\n\n`;
			let written = 0;
			const more = (): void => {
				// Stops on its own past four times the limit, so a writer that never drops fails, not hangs.
				if (res.destroyed || written > 4 * MAX_BUFFERED_BYTES) {
					server.emit('dropped', written);
					return;
				}
				body.write(piece);
				written += piece.length;
				setImmediate(more);
			};
			more();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		const socket = connect(port, '127.0.0.1');
		try {
			const dropped = new Promise<number>((resolve) => server.once('dropped', resolve));
			socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
			// Read nothing: the server's socket fills.
			socket.pause();
			const written = await dropped;
			assert.ok(written > MAX_BUFFERED_BYTES, `dropped after ${written} bytes`);
			assert.ok(written <= 4 * MAX_BUFFERED_BYTES, `not dropped after ${written} bytes`);
		} finally {
			socket.destroy();
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	});
});
