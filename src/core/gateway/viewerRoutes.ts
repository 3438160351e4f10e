/**
 * The gateway's routes for viewers ("ThinkTrim: Watch Gateway"): a live event stream and the recent
 * requests, listed as summaries or one in full.
 */
import type { ServerResponse } from 'node:http';
import type { Shared } from './gatewayShared';
import { openAiError, sendJson } from './httpReply';
import { MAX_BUFFERED_BYTES } from './pieceWriter';

/** `GET /thinktrim/events`: the recent requests, then every request event live, as server-sent events. */
export function serveEvents(shared: Shared, res: ServerResponse): void {
	res.writeHead(200, {
		'content-type': 'text/event-stream; charset=utf-8',
		'cache-control': 'no-cache',
		connection: 'keep-alive',
	});
	// A comment first, so the headers go out now and the viewer knows it is connected.
	res.write(': thinktrim gateway events\n\n');
	for (const record of [...shared.recent.list()].reverse()) {
		const { thinking: _t, answer: _a, thoughts: _th, ...summary } = record;
		res.write(`data: ${JSON.stringify({ type: 'request-end', record: summary })}\n\n`);
	}
	const unsubscribe = shared.recent.subscribe((event) => {
		res.write(`data: ${JSON.stringify(event)}\n\n`);
		if (res.writableLength > MAX_BUFFERED_BYTES) {
			res.destroy();
		}
	});
	const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
	keepAlive.unref();
	res.on('close', () => {
		clearInterval(keepAlive);
		unsubscribe();
	});
}

/** Where one recent request is served in full: `GET /thinktrim/requests/ID`. */
export const REQUESTS_PATH = '/thinktrim/requests/';

/** `GET /thinktrim/requests`: the recent requests as summaries (no thinking, answer or thoughts). */
export function listRequests(shared: Shared, res: ServerResponse): void {
	sendJson(res, 200, {
		requests: shared.recent
			.list()
			.map(({ thinking: _t, answer: _a, thoughts: _th, ...summary }) => summary),
	});
}

/** `GET /thinktrim/requests/ID`: one recent request in full, or 404. */
export function showRequest(shared: Shared, res: ServerResponse, id: string): void {
	const record = shared.recent.get(id);
	sendJson(
		res,
		record !== undefined ? 200 : 404,
		record ??
			openAiError('No such request among the recent ones.', 'not_found_error', 'not_found', 404),
	);
}
