/**
 * Reading a running gateway from outside (the extension's "Watch Gateway"): its recent requests, one
 * request in full, and its live events. Every answer is checked, so a wrong URL or another server says
 * so instead of showing nothing.
 */
import type { TraceRecord } from '../traces/traceRecord';
import type { GatewayEvent, RequestRecord } from './recentRequests';

/** A request as listed (no thinking). */
export type RequestSummary = Omit<RequestRecord, 'thinking' | 'answer' | 'thoughts'>;

/** The gateway's origin from what a user types: `http://host:8000`, with or without `/v1`. */
export function gatewayOrigin(url: string): string {
	const trimmed = url.trim().replace(/\/+$/, '').replace(/\/v1$/, '');
	let parsed: URL;
	try {
		parsed = new URL(trimmed);
	} catch {
		throw new Error(`"${url}" is not a URL; expected e.g. http://127.0.0.1:8000`);
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		throw new Error(`"${url}" must start with http:// or https://`);
	}
	return trimmed;
}

async function getJson(url: string, signal: AbortSignal | undefined): Promise<unknown> {
	let response: Response;
	try {
		response = await fetch(url, { signal: signal ?? AbortSignal.timeout(10_000) });
	} catch (err) {
		const cause =
			err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : '';
		throw new Error(`Cannot reach the gateway at ${url}${cause}`);
	}
	const text = await response.text();
	if (!response.ok) {
		throw new Error(
			`${url} answered ${response.status}` +
				(response.status === 404
					? ' (is this a ThinkTrim gateway, and is the request still among its recent ones?)'
					: ''),
		);
	}
	try {
		return JSON.parse(text) as unknown;
	} catch {
		throw new Error(`${url} did not answer JSON: is this a ThinkTrim gateway?`);
	}
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The recent requests, newest first. */
export async function listGatewayRequests(
	origin: string,
	signal?: AbortSignal,
): Promise<RequestSummary[]> {
	const body = await getJson(`${origin}/thinktrim/requests`, signal);
	if (!isRecord(body) || !Array.isArray(body.requests)) {
		throw new Error(
			`${origin}/thinktrim/requests did not list requests: is this a ThinkTrim gateway?`,
		);
	}
	return body.requests.filter(
		(r): r is RequestSummary =>
			isRecord(r) && typeof r.id === 'string' && typeof r.model === 'string',
	);
}

/** One recent request with its thinking and thoughts. */
export async function fetchGatewayRequest(
	origin: string,
	id: string,
	signal?: AbortSignal,
): Promise<RequestRecord> {
	const body = await getJson(`${origin}/thinktrim/requests/${encodeURIComponent(id)}`, signal);
	if (!isRecord(body) || typeof body.id !== 'string' || typeof body.thinking !== 'string') {
		throw new Error(`the gateway's answer for request ${id} has no thinking`);
	}
	return body as unknown as RequestRecord;
}

/** Calls `onEvent` for every live event until `signal` aborts or the gateway closes the stream. */
export async function watchGatewayEvents(
	origin: string,
	onEvent: (event: GatewayEvent) => void,
	signal: AbortSignal,
): Promise<void> {
	const response = await fetch(`${origin}/thinktrim/events`, {
		signal,
		headers: { accept: 'text/event-stream' },
	});
	if (!response.ok || response.body === null) {
		throw new Error(`${origin}/thinktrim/events answered ${response.status}`);
	}
	const decoder = new TextDecoder();
	let buffer = '';
	try {
		for await (const bytes of response.body as unknown as AsyncIterable<Uint8Array>) {
			buffer += decoder.decode(bytes, { stream: true });
			// The gateway writes one `data:` line per event; comments (keep-alives) start with ':'.
			for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
				const block = buffer.slice(0, end);
				buffer = buffer.slice(end + 2);
				if (block.startsWith('data: ')) {
					try {
						onEvent(JSON.parse(block.slice(6)) as GatewayEvent);
					} catch {
						// Not one of ours: skip it rather than stop watching.
					}
				}
			}
			if (buffer.length > 1_000_000) {
				throw new Error('the gateway sent an event larger than 1 MB');
			}
		}
	} catch (err) {
		if (!signal.aborted) {
			throw err;
		}
	}
}

/** A gateway request as a trace, to draw and analyse like any recorded chain. */
export function traceOfGatewayRequest(record: RequestRecord): TraceRecord {
	return {
		id: `gateway:${record.id}`,
		thinking: record.thinking,
		...(record.problem !== undefined ? { problem: record.problem } : {}),
		...(record.answer !== '' ? { final: record.answer } : {}),
		model: record.model,
	};
}
