/**
 * A small real HTTP server on 127.0.0.1 for hostile-input tests: the handler decides what the "server"
 * does wrong. Never any other address.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostileServer {
	/** `http://127.0.0.1:PORT/v1` */
	readonly baseUrl: string;
	close(): Promise<void>;
}

export async function startHostileServer(
	handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<HostileServer> {
	const server = createServer(handler);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** `/v1/models` as vLLM lists one model, `m`, with a context of 4096. */
export const ONE_MODEL = JSON.stringify({
	object: 'list',
	data: [{ id: 'm', object: 'model', owned_by: 'vllm', max_model_len: 4096 }],
});

/** Answers `GET /v1/models` with {@link ONE_MODEL}; true when the request was that one. */
export function servedModels(req: IncomingMessage, res: ServerResponse): boolean {
	if (req.url !== '/v1/models') {
		return false;
	}
	res.writeHead(200, { 'content-type': 'application/json' });
	res.end(ONE_MODEL);
	return true;
}

/** One chat completion chunk as an SSE event. */
export function sseChunk(
	delta: Record<string, unknown>,
	finishReason: string | null = null,
): string {
	const chunk = {
		id: 'h',
		object: 'chat.completion.chunk',
		created: 0,
		model: 'm',
		choices: [{ index: 0, delta, finish_reason: finishReason }],
	};
	return `data: ${JSON.stringify(chunk)}\n\n`;
}

/** Writes `chunk` as fast as the socket drains until the client goes away. */
export function flood(res: ServerResponse, chunk: Buffer | string): void {
	const write = (): void => {
		while (!res.destroyed && res.write(chunk)) {
			// keep writing until the socket buffer is full
		}
		if (!res.destroyed) {
			res.once('drain', write);
		}
	};
	res.on('close', () => res.removeAllListeners('drain'));
	write();
}
