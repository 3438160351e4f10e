import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { messageOf } from '../../shared/userError';
import { redactUrl } from '../text/redact';

/**
 * One line saying what went wrong with a verifier call, in words a user can act on:
 * "timed out after 10000 ms", "cannot reach http://…: connect ECONNREFUSED", "HTTP 500: …".
 */
export function describeVerifierError(err: unknown, baseURL: string, timeoutMs: number): string {
	if (err instanceof APIConnectionTimeoutError) {
		return `timed out after ${timeoutMs} ms`;
	}
	if (err instanceof APIConnectionError) {
		const cause = err.cause instanceof Error ? err.cause.message : err.message;
		const inner =
			err.cause instanceof Error && err.cause.cause instanceof Error
				? ` (${err.cause.cause.message})`
				: '';
		return `cannot reach ${baseURL}: ${cause}${inner}`;
	}
	if (err instanceof APIError) {
		const status = err.status !== undefined ? `HTTP ${err.status}` : 'API error';
		return `${status}: ${firstLine(err.message)}`;
	}
	return firstLine(messageOf(err));
}

function firstLine(text: string): string {
	const line = text.split('\n', 1)[0] ?? '';
	return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

/**
 * The verifier endpoint refused the key (401) or the access (403): which endpoint, and what to do. The
 * server's body is left out (servers echo the key back), and the URL loses any `user:pass@`.
 */
export function verifierAuthMessage(status: number, baseURL: string, keySent: boolean): string {
	const where = redactUrl(baseURL);
	const what =
		status === 401
			? keySent
				? `the verifier endpoint ${where} rejected its API key (HTTP 401)`
				: `the verifier endpoint ${where} needs an API key (HTTP 401) and none is set`
			: `the verifier endpoint ${where} refused access with its API key (HTTP 403)`;
	return (
		`${what}: set the verifier's key (CLI: --verifier-api-key or ` +
		'THINKTRIM_VERIFIER_API_KEY; VS Code: ThinkTrim: Set API Key → verifier ' +
		'endpoint), or check the key is valid for that server; until then thoughts are ' +
		'judged by the heuristic verifier'
	);
}

/** The HTTP status of an auth refusal (401, 403), else undefined. */
export function authStatusOf(err: unknown): number | undefined {
	if (!(err instanceof APIError)) {
		return undefined;
	}
	const status: unknown = err.status;
	return status === 401 || status === 403 ? status : undefined;
}
