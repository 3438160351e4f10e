/**
 * The body of a streamed response, written once per upstream network piece instead of once per chunk.
 * Each `res.write` in chunked encoding costs node four buffered socket writes (size line, CRLF, data,
 * CRLF) and their bookkeeping; a piece that carries many chunks (upstream catching up after a pause)
 * now costs one. The chunks of a piece are all relayed inside the piece's own event (the stream's
 * `onEvent`), so the text gathered there is written when that event is done, before the next piece is read.
 */
import type { ServerResponse } from 'node:http';

/** Bytes written to a client but not yet taken by its socket, past which the client is dropped. */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export class PieceWriter {
	/**
	 * The texts queued, from slot 1; slot 0 takes the chunk's size line when it is written. Joined once
	 * into one flat string: the frame is copied once, not once to count its bytes and again to send it.
	 */
	private readonly parts: string[] = [''];
	private bytes = 0;
	private scheduled = false;
	/** The first write went through res.write, which sends the headers with it. */
	private started = false;

	constructor(private readonly res: ServerResponse) {}

	/** Queues text (of `bytes` UTF-8 bytes) for the client; it is written when the current event is done. */
	write(text: string, bytes: number = Buffer.byteLength(text)): void {
		if (this.res.destroyed || text === '') {
			return;
		}
		this.parts.push(text);
		this.bytes += bytes;
		if (!this.scheduled) {
			this.scheduled = true;
			// A tick, not queueMicrotask: node wraps each microtask in an async resource and a bound function.
			process.nextTick(this.flush);
		}
	}

	/** Writes what is queued now; ends the response with `last` when given. */
	end(last: string): void {
		this.flush();
		this.res.end(last);
	}

	readonly flush = (): void => {
		this.scheduled = false;
		const parts = this.parts;
		if (parts.length === 1 || this.res.destroyed) {
			return;
		}
		const res = this.res;
		const socket = res.socket;
		// Once the headers are out and nothing waits in the response, the chunk frame goes to the socket
		// as one string: the same bytes res.write sends, without its four buffered writes per call.
		if (
			this.started &&
			res.chunkedEncoding &&
			socket !== null &&
			socket.writable &&
			res.writableLength === socket.writableLength
		) {
			parts[0] = `${this.bytes.toString(16)}\r\n`;
			parts.push('\r\n');
			socket.write(parts.join(''));
		} else {
			this.started = true;
			res.write(parts.join(''));
		}
		parts.length = 1;
		parts[0] = '';
		this.bytes = 0;
		// A client that stops reading must not make the gateway hold the whole chain: let it go.
		if (res.writableLength > MAX_BUFFERED_BYTES) {
			res.destroy();
		}
	};
}
