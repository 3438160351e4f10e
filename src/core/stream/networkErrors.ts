/**
 * Socket, DNS and TLS failures (fetch wraps them two levels deep) mapped to a `StreamError` whose message
 * names the host and what to check.
 */
import { StreamError, type ErrorContext, type StreamErrorKind } from './streamError';

/** Codes and messages of an error and its causes (fetch wraps socket errors two levels deep). */
export function causeChain(err: unknown): { codes: string[]; messages: string[] } {
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
export function networkError(err: unknown, ctx: ErrorContext): StreamError {
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
			`The TLS certificate of ${host} does not name that host (ERR_TLS_CERT_ALTNAME_INVALID): ` +
				'connect with a host name the certificate lists.',
		);
	}
	if (codes.includes('CERT_HAS_EXPIRED') || codes.includes('CERT_NOT_YET_VALID')) {
		return make(
			'tls',
			`The TLS certificate of ${host} is outside its validity period ` +
				`(${codes.includes('CERT_HAS_EXPIRED') ? 'expired' : 'not yet valid'}).`,
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
