/**
 * Maps whatever went wrong talking to a server (HTTP status with a nested or flat error body, an SSE error
 * event, a socket or TLS failure, an idle stream) to one `StreamError` with a one-line message that says
 * what happened and what to do. Pure: the caller supplies context such as the models the server lists.
 */
import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { messageOf } from '../../shared/userError';
import { errorBodyMessage, isContextLengthError, oneLine } from './errorBodies';
import { causeChain, networkError } from './networkErrors';
import {
	StreamError,
	type ErrorContext,
	type StreamErrorKind,
	type StreamPhase,
} from './streamError';

// The pieces live in their own files; they are exported here too, as the stream code imports them from here.
export { errorBodyMessage, isContextLengthError } from './errorBodies';
export {
	StreamError,
	type ErrorContext,
	type StreamErrorKind,
	type StreamPhase,
} from './streamError';

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

/**
 * An error the server reported in place of data (an SSE error event, an error object as a chunk): a
 * context overflow (in `overflowPhase`) or a mid-stream error.
 */
function reportedError(
	message: string,
	body: unknown,
	status: number | undefined,
	overflowPhase: StreamPhase,
	options: { cause?: unknown } = {},
): StreamError {
	if (isContextLengthError(message, body)) {
		return new StreamError(
			'context-length',
			`The request does not fit the model's context: ${oneLine(message)}.`,
			overflowPhase,
			status,
			message,
			options,
		);
	}
	return new StreamError(
		'stream-error',
		`The server reported an error mid-stream: ${oneLine(message)}.`,
		'stream',
		status,
		message,
		options,
	);
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
			return reportedError(serverMessage, err.error, status, ctx.phase, { cause: err });
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
		throw reportedError(message, c, status, 'stream');
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
