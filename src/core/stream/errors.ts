/**
 * Maps whatever went wrong talking to a server (HTTP status with a nested or flat error body, an SSE error
 * event, a socket or TLS failure, an idle stream) to one `StreamError` with a one-line message that says
 * what happened and what to do. Pure: the caller supplies context such as the models the server lists.
 */
import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { messageOf } from '../../shared/userError';

/** What kind of failure; the message is for people, the kind is for code. */
export type StreamErrorKind =
	| 'unauthorized'
	| 'model-not-found'
	| 'not-found'
	| 'context-length'
	| 'bad-request'
	| 'rate-limited'
	| 'server-error'
	| 'stream-error'
	| 'server-aborted'
	| 'malformed-stream'
	| 'truncated'
	| 'connection-refused'
	| 'connection-reset'
	| 'dns'
	| 'tls'
	| 'idle-timeout'
	| 'too-large'
	| 'not-event-stream'
	| 'aborted'
	| 'unknown';

/** Where the request was when it failed: before the response headers, or while streaming. */
export type StreamPhase = 'request' | 'stream';

/** A failure with a clear one-line message; `serverMessage` is the server's own words when it sent any. */
export class StreamError extends Error {
	override readonly name = 'StreamError';
	constructor(
		readonly kind: StreamErrorKind,
		message: string,
		readonly phase: StreamPhase,
		readonly status: number | undefined = undefined,
		readonly serverMessage: string | undefined = undefined,
		options: { cause?: unknown } = {},
	) {
		super(message, options);
	}

	/** Worth retrying, and only ever before the first byte of a response (see reasoningClient). */
	get retryable(): boolean {
		return (
			this.phase === 'request' &&
			(this.kind === 'connection-refused' ||
				this.kind === 'connection-reset' ||
				this.kind === 'rate-limited' ||
				(this.kind === 'server-error' && this.status !== 501))
		);
	}
}

/** What the mapper may mention in its messages. */
export interface ErrorContext {
	readonly baseUrl: string;
	readonly model?: string;
	readonly phase: StreamPhase;
	/** Models the server lists, for a 404 on an unknown model. */
	readonly availableModels?: readonly string[];
}

/** The message of an error body in any of the shapes servers use: nested, flat, plain string. */
export function errorBodyMessage(body: unknown): string | undefined {
	if (typeof body === 'string') {
		return body.trim() === '' ? undefined : body.trim();
	}
	if (typeof body !== 'object' || body === null) {
		return undefined;
	}
	const b = body as Record<string, unknown>;
	if (typeof b.message === 'string') {
		return b.message;
	}
	if (b.message !== undefined && b.message !== null) {
		return JSON.stringify(b.message);
	}
	// `{ error: {...} }` or `{ error: "..." }` (vLLM 401, TGI-style servers) or `{ detail: ... }` (FastAPI).
	return errorBodyMessage(b.error) ?? errorBodyMessage(b.detail);
}

/** The wordings of a context overflow: vLLM/SGLang first, then llama.cpp's, current and older. */
const CONTEXT_OVERFLOW_MESSAGE = new RegExp(
	[
		'maximum context length',
		'context length',
		'too many tokens',
		'exceeds? the (model|max)',
		'exceeds? (the )?(available )?context size',
		'larger than the max context size',
	].join('|'),
	'i',
);

/**
 * Whether a server's error says the request does not fit the context: vLLM/SGLang "maximum context
 * length", llama.cpp's `exceed_context_size_error` ("request (N tokens) exceeds the available context
 * size (M tokens)", older builds "exceeds context size" / "is larger than the max context size").
 */
export function isContextLengthError(message: string | undefined, body?: unknown): boolean {
	const inner =
		typeof body === 'object' && body !== null
			? ((body as Record<string, unknown>).error ?? body)
			: undefined;
	if (
		typeof inner === 'object' &&
		inner !== null &&
		(inner as Record<string, unknown>).type === 'exceed_context_size_error'
	) {
		return true;
	}
	return message !== undefined && CONTEXT_OVERFLOW_MESSAGE.test(message);
}

/** Codes and messages of an error and its causes (fetch wraps socket errors two levels deep). */
function causeChain(err: unknown): { codes: string[]; messages: string[] } {
	const codes: string[] = [];
	const messages: string[] = [];
	let current: unknown = err;
	for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth++) {
		const e = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
		if (typeof e.code === 'string') {
			codes.push(e.code);
		}
		if (typeof e.message === 'string') {
			messages.push(e.message);
		}
		current = e.cause ?? (Array.isArray(e.errors) ? e.errors[0] : undefined);
	}
	return { codes, messages };
}

const TLS_TRUST_CODES = new Set([
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'UNABLE_TO_GET_ISSUER_CERT',
	'CERT_UNTRUSTED',
]);

function hostOf(baseUrl: string): string {
	try {
		return new URL(baseUrl).host;
	} catch {
		return baseUrl;
	}
}

/** Socket-level failures (no HTTP response): refused, reset, DNS, TLS. */
function networkError(err: unknown, ctx: ErrorContext): StreamError {
	const { codes, messages } = causeChain(err);
	const host = hostOf(ctx.baseUrl);
	const all = messages.join(' | ');
	const make = (kind: StreamErrorKind, message: string): StreamError =>
		new StreamError(kind, message, ctx.phase, undefined, undefined, { cause: err });
	const tlsCode = codes.find((c) => TLS_TRUST_CODES.has(c));
	if (tlsCode !== undefined) {
		return make(
			'tls',
			`The TLS certificate of ${host} is not trusted (${tlsCode}): set the CA file to ` +
				'the certificate authority that signed it (MindIE often uses a private CA).',
		);
	}
	if (codes.includes('ERR_TLS_CERT_ALTNAME_INVALID')) {
		return make(
			'tls',
			`The TLS certificate of ${host} does not name that host (ERR_TLS_CERT_ALTNAME_INVALID): connect with a host name the certificate lists.`,
		);
	}
	if (codes.includes('CERT_HAS_EXPIRED') || codes.includes('CERT_NOT_YET_VALID')) {
		return make(
			'tls',
			`The TLS certificate of ${host} is outside its validity period (${codes.includes('CERT_HAS_EXPIRED') ? 'expired' : 'not yet valid'}).`,
		);
	}
	if (/wrong version number|packet length too long|http request/i.test(all)) {
		return make(
			'tls',
			`TLS handshake with ${host} failed: the server does not speak HTTPS on that port; try http:// instead of https://.`,
		);
	}
	if (
		/certificate required|alert handshake failure|alert bad certificate|unknown ca/i.test(all) ||
		codes.some((c) => c.startsWith('ERR_SSL') || c === 'EPROTO')
	) {
		return make(
			'tls',
			`TLS handshake with ${host} failed ` +
				`(${codes.find((c) => c.startsWith('ERR_SSL') || c === 'EPROTO') ?? 'handshake'}): ` +
				'the server may require a client certificate, or rejected the one given.',
		);
	}
	if (codes.includes('ECONNREFUSED')) {
		return make(
			'connection-refused',
			`Connection refused by ${host}: is the server running and listening there? (vLLM ` +
				'defaults to http://…:8000/v1, MindIE to https://…:1025/v1)',
		);
	}
	if (codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN')) {
		return make('dns', `Cannot resolve the host name in ${ctx.baseUrl}.`);
	}
	if (codes.includes('ETIMEDOUT') || codes.includes('UND_ERR_CONNECT_TIMEOUT')) {
		return make(
			'connection-refused',
			`Connecting to ${host} timed out: check the address and any firewall in between.`,
		);
	}
	if (
		codes.includes('ECONNRESET') ||
		codes.includes('UND_ERR_SOCKET') ||
		codes.includes('EPIPE') ||
		/terminated|other side closed|socket hang up/i.test(all)
	) {
		if (ctx.phase === 'stream') {
			return make(
				'connection-reset',
				`The connection to ${host} was closed in the middle of the stream.`,
			);
		}
		// Before any answer: over HTTPS the usual cause is a rejected (or missing) client certificate under
		// TLS 1.3; over HTTP, a server that only speaks HTTPS.
		const hint = ctx.baseUrl.startsWith('https:')
			? 'the server may require a client certificate (mutual TLS) or rejected the one given'
			: 'if the server uses HTTPS, as MindIE does by default, use https://';
		return make(
			'connection-reset',
			`The connection to ${host} was closed before it answered (${hint}).`,
		);
	}
	return make('unknown', `Could not reach ${host}: ${messages.at(-1) ?? 'unknown network error'}.`);
}

/** An HTTP error status with its body. */
function statusError(
	status: number,
	body: unknown,
	fallbackText: string | undefined,
	ctx: ErrorContext,
	cause: unknown,
): StreamError {
	const serverMessage = errorBodyMessage(body) ?? fallbackText;
	const said = serverMessage !== undefined ? `: ${oneLine(serverMessage)}` : '';
	const make = (kind: StreamErrorKind, message: string): StreamError =>
		new StreamError(kind, message, ctx.phase, status, serverMessage, { cause });
	if (status === 401 || status === 403) {
		return make(
			'unauthorized',
			`The server refused the request (${status} ` +
				`${status === 401 ? 'Unauthorized' : 'Forbidden'}): check the API key (vLLM ` +
				`--api-key, MindIE Motor API key)${said}.`,
		);
	}
	if (isContextLengthError(serverMessage, body)) {
		return make(
			'context-length',
			`The request does not fit the model's context${said}. Shorten the prompt or lower max_tokens.`,
		);
	}
	if (status === 404) {
		const mentionsModel = serverMessage !== undefined && /model/i.test(serverMessage);
		if (
			mentionsModel ||
			(ctx.availableModels !== undefined &&
				ctx.model !== undefined &&
				!ctx.availableModels.includes(ctx.model))
		) {
			const list =
				ctx.availableModels !== undefined && ctx.availableModels.length > 0
					? `; it serves: ${ctx.availableModels.join(', ')}`
					: '';
			return make(
				'model-not-found',
				`The server has no model "${ctx.model ?? '?'}"${list}. Set the model to one it serves.`,
			);
		}
		return make(
			'not-found',
			`Not found (404) at ${ctx.baseUrl}: the base URL must end with /v1 (e.g. http://host:8000/v1)${said}.`,
		);
	}
	if (status === 429) {
		return make('rate-limited', `The server is rate-limiting requests (429)${said}.`);
	}
	if (status >= 500) {
		return make('server-error', `The server failed (${status})${said}.`);
	}
	if (status === 400 || status === 422) {
		return make('bad-request', `The server rejected the request (${status})${said}.`);
	}
	return make('unknown', `Unexpected HTTP status ${status}${said}.`);
}

function oneLine(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > 400 ? `${flat.slice(0, 400)}…` : flat;
}

/** Maps any thrown value from the SDK, fetch or the stream to a {@link StreamError}. */
export function toStreamError(err: unknown, ctx: ErrorContext): StreamError {
	if (err instanceof StreamError) {
		return err;
	}
	if (err instanceof APIUserAbortError) {
		return new StreamError(
			'aborted',
			'The request was cancelled.',
			ctx.phase,
			undefined,
			undefined,
			{ cause: err },
		);
	}
	if (err instanceof APIConnectionError) {
		return networkError(err, ctx);
	}
	if (err instanceof APIError) {
		const httpStatus: unknown = err.status;
		if (typeof httpStatus !== 'number') {
			// An SSE error event: the HTTP status was 200, the body says what failed.
			const serverMessage = errorBodyMessage(err.error) ?? err.message;
			const inner =
				typeof err.error === 'object' && err.error !== null
					? (err.error as Record<string, unknown>).code
					: undefined;
			const status = typeof inner === 'number' ? inner : undefined;
			if (isContextLengthError(serverMessage, err.error)) {
				return new StreamError(
					'context-length',
					`The request does not fit the model's context: ${oneLine(serverMessage)}.`,
					ctx.phase,
					status,
					serverMessage,
					{ cause: err },
				);
			}
			return new StreamError(
				'stream-error',
				`The server reported an error mid-stream: ${oneLine(serverMessage)}.`,
				'stream',
				status,
				serverMessage,
				{ cause: err },
			);
		}
		return statusError(
			httpStatus,
			err.error,
			err.error === undefined ? err.message.replace(/^\d+\s*/, '') : undefined,
			ctx,
			err,
		);
	}
	if (err instanceof SyntaxError) {
		return new StreamError(
			'malformed-stream',
			`The server sent a malformed stream chunk (not JSON); the stream was stopped.`,
			'stream',
			undefined,
			undefined,
			{ cause: err },
		);
	}
	const { codes, messages } = causeChain(err);
	if (codes.length > 0 || /fetch failed|terminated|socket/i.test(messages.join(' '))) {
		return networkError(err, ctx);
	}
	return new StreamError('unknown', messageOf(err), ctx.phase, undefined, undefined, {
		cause: err,
	});
}

/** For plain-fetch endpoints (/tokenize, /version, …): maps a non-2xx response to a {@link StreamError}. */
export function httpStatusError(status: number, bodyText: string, ctx: ErrorContext): StreamError {
	let body: unknown = bodyText;
	try {
		body = JSON.parse(bodyText);
	} catch {
		// not JSON: keep the text
	}
	return statusError(status, body, undefined, ctx, undefined);
}

/** The idle-stream error: no bytes for `idleMs`. */
export function idleTimeoutError(idleMs: number, phase: StreamPhase): StreamError {
	const seconds = idleMs >= 1000 ? `${Math.round(idleMs / 100) / 10} s` : `${idleMs} ms`;
	return new StreamError(
		'idle-timeout',
		`No data from the server for ${seconds} (idle timeout); the stream was stopped and the text so far kept.`,
		phase,
	);
}

/** The stream ended (socket closed cleanly) without a finish reason. */
export function truncatedStreamError(): StreamError {
	return new StreamError(
		'truncated',
		'The stream ended without a finish reason: the server or a proxy closed it early; the text so far was kept.',
		'stream',
	);
}

/**
 * Throws when a parsed stream chunk is not a completion chunk: a flat error object (vLLM ≤ 0.10.0 sends
 * `{"object":"error","message":…}` mid-stream, which the SDK passes through as data) or something without
 * `choices`.
 */
export function checkChunk(chunk: unknown): void {
	if (typeof chunk !== 'object' || chunk === null) {
		throw new StreamError(
			'malformed-stream',
			'The server sent a stream chunk that is not a JSON object; the stream was stopped.',
			'stream',
		);
	}
	const c = chunk as Record<string, unknown>;
	if (
		c.object === 'error' ||
		(!Array.isArray(c.choices) && (typeof c.message === 'string' || c.error !== undefined))
	) {
		const message = errorBodyMessage(c) ?? 'unknown error';
		const status = typeof c.code === 'number' ? c.code : undefined;
		if (isContextLengthError(message, c)) {
			throw new StreamError(
				'context-length',
				`The request does not fit the model's context: ${oneLine(message)}.`,
				'stream',
				status,
				message,
			);
		}
		throw new StreamError(
			'stream-error',
			`The server reported an error mid-stream: ${oneLine(message)}.`,
			'stream',
			status,
			message,
		);
	}
	if (!Array.isArray(c.choices)) {
		throw new StreamError(
			'malformed-stream',
			'The server sent a stream chunk without "choices"; the stream was stopped.',
			'stream',
		);
	}
}

/** SGLang ended the stream with `finish_reason: "abort"` (the request was aborted on the server). */
export function serverAbortedError(detail: string | undefined): StreamError {
	const said = detail !== undefined && detail !== '' ? `: ${oneLine(detail)}` : '';
	return new StreamError(
		'server-aborted',
		`The server aborted the request (finish_reason "abort")${said}; the text so far was kept and the run is marked partial.`,
		'stream',
		undefined,
		detail,
	);
}
