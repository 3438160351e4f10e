/**
 * Writes a server-sent-event response the way vLLM does (`data: {json}\n\n`, ending `data: [DONE]\n\n`),
 * with backpressure, an optional split of every event into small writes (to exercise clients on events
 * and multi-byte characters cut across network reads), and knowledge of whether the client is still there.
 */
import type { ServerResponse } from 'node:http';

export class SseWriter {
	private clientGone = false;
	private finished = false;

	constructor(
		private readonly res: ServerResponse,
		private readonly fragmentBytes: number | undefined,
	) {
		res.on('close', () => {
			if (!this.finished) {
				this.clientGone = true;
			}
		});
	}

	/** True once the client closed the connection before the response ended. */
	get gone(): boolean {
		return this.clientGone || this.res.destroyed;
	}

	/** Sends the 200 headers of an event stream. */
	open(extraHeaders: Record<string, string> = {}): void {
		this.res.writeHead(200, {
			'Content-Type': 'text/event-stream; charset=utf-8',
			'Cache-Control': 'no-cache',
			Connection: 'keep-alive',
			...extraHeaders,
		});
		this.res.socket?.setNoDelay(true);
		this.res.flushHeaders();
	}

	/** Sends one event with a JSON payload. */
	event(payload: unknown): Promise<void> {
		return this.raw(`data: ${JSON.stringify(payload)}\n\n`);
	}

	/** Sends raw text (already SSE-framed). */
	async raw(text: string): Promise<void> {
		if (this.gone) {
			return;
		}
		const bytes = Buffer.from(text, 'utf8');
		const step = this.fragmentBytes ?? bytes.length;
		for (let at = 0; at < bytes.length && !this.gone; at += step) {
			const ok = this.res.write(bytes.subarray(at, at + step));
			if (!ok) {
				await this.drained();
			} else if (this.fragmentBytes !== undefined) {
				// Let each fragment leave as its own segment.
				await new Promise((resolve) => setImmediate(resolve));
			}
		}
	}

	/** Ends the stream with `[DONE]`. */
	async done(): Promise<void> {
		await this.raw('data: [DONE]\n\n');
		this.end();
	}

	/** Ends the response. */
	end(): void {
		this.finished = true;
		if (!this.res.destroyed) {
			this.res.end();
		}
	}

	/** Drops the connection without ending the HTTP response properly, after what was written has left. */
	async destroy(): Promise<void> {
		this.finished = true;
		const socket = this.res.socket;
		if (socket !== null && !socket.destroyed) {
			// A zero-byte write calls back once everything before it is flushed to the kernel.
			await new Promise<void>((resolve) => socket.write('', () => resolve()));
			socket.destroy();
		}
		this.res.destroy();
	}

	private drained(): Promise<void> {
		return new Promise((resolve) => {
			const done = (): void => {
				this.res.off('drain', done);
				this.res.off('close', done);
				resolve();
			};
			this.res.on('drain', done);
			this.res.on('close', done);
		});
	}
}
