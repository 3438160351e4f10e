/**
 * The openai SDK (6.x) reads an error response's details only from its `error` field, but vLLM before
 * 0.10.1 and SGLang send flat bodies (`{"object":"error","message":…}`). This fetch, given to the SDK
 * only, wraps such a body as `{"error": body}` so the server's own words reach the user.
 */

/** Error bodies are small; a larger one is passed on as text rather than parsed. */
const MAX_ERROR_BODY = 64 * 1024;

export function wrapFlatErrorBodies(fetch: typeof globalThis.fetch): typeof globalThis.fetch {
	return async (input, init) => {
		const response = await fetch(input, init);
		if (response.ok || !(response.headers.get('content-type') ?? '').includes('json')) {
			return response;
		}
		const text = await response.text();
		let body: unknown;
		try {
			body = text.length <= MAX_ERROR_BODY ? JSON.parse(text) : undefined;
		} catch {
			body = undefined;
		}
		const flat =
			typeof body === 'object' && body !== null && !Array.isArray(body) && !('error' in body);
		// The body is now decoded text of a new length.
		const headers = new Headers(response.headers);
		headers.delete('content-length');
		headers.delete('content-encoding');
		return new Response(flat ? JSON.stringify({ error: body }) : text, {
			status: response.status,
			statusText: response.statusText,
			headers,
		});
	};
}
