/**
 * Keeps credentials out of every message, log line and export: configured secrets (API keys), any
 * `Bearer …` token a server echoes back, and the user:password part of URLs (`https://u:p@host/v1`).
 */

/** Secrets shorter than this are not searched for: they would match ordinary text. */
const MIN_SECRET_LENGTH = 4;

/** `text` with every secret, Bearer token and URL userinfo replaced by `***`. */
export function redactSecrets(text: string, secrets: Iterable<string | undefined> = []): string {
	let out = text
		.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1***')
		.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi, '$1***@');
	for (const secret of secrets) {
		if (secret !== undefined && secret.length >= MIN_SECRET_LENGTH) {
			out = out.split(secret).join('***');
		}
	}
	return out;
}

/** A URL fit for messages: userinfo removed (the rest as given). */
export function redactUrl(url: string): string {
	return redactSecrets(url);
}
