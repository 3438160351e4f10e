/** What a server's error says: the message of its body in any shape, and whether it is a context overflow. */

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

/** A server's message on one line, at most 400 characters. */
export function oneLine(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > 400 ? `${flat.slice(0, 400)}…` : flat;
}
