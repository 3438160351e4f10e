/** Base URLs as people type them and as the client uses them. */
import type { DialectName } from './streamEvents';

/** Default ports and schemes: vLLM/vllm-ascend 8000, SGLang 30000, llama.cpp 8080, MindIE HTTPS on 1025. */
export function defaultBaseUrl(host: string, dialect?: DialectName): string {
	switch (dialect) {
		case 'mindie':
			return `https://${host}:1025/v1`;
		case 'sglang':
			return `http://${host}:30000/v1`;
		case 'llamacpp':
			return `http://${host}:8080/v1`;
		default:
			return `http://${host}:8000/v1`;
	}
}

/**
 * Normalizes a base URL as people type it: trailing slashes dropped, and `/v1` added when the URL has no
 * path at all (`http://gpu:8000` → `http://gpu:8000/v1`). Other paths (gateways) are kept as given.
 */
export function normalizeBaseUrl(baseUrl: string): string {
	const trimmed = baseUrl.trim().replace(/\/+$/, '');
	try {
		const url = new URL(trimmed);
		return url.pathname === '' || url.pathname === '/' ? `${trimmed}/v1` : trimmed;
	} catch {
		return trimmed;
	}
}

/** Server root (no `/v1`) of a base URL, for /version, /health, /tokenize. */
export function serverRoot(baseUrl: string): string {
	return baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
}
