import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { messageOf } from '../../shared/userError';

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
		const inner = err.cause instanceof Error && err.cause.cause instanceof Error ? ` (${err.cause.cause.message})` : '';
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
