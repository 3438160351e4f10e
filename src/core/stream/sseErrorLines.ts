/**
 * Older llama.cpp servers report a failure in the middle of a stream as an SSE line of their own,
 * `error: {"code":500,"message":…}`, instead of a `data:` event. SSE parsers (the openai SDK's too)
 * ignore unknown field names, so the message would be lost and the stream look merely "closed early".
 * This fetch wrapper rewrites such lines into `data: {"error": …}` events, which the SDK raises as an
 * error with the server's own message. Everything else passes through byte for byte.
 */

/** Rewrites one `error:` line; other lines are returned as they are. */
export function rewriteErrorLine(line: string): string {
	if (!line.startsWith('error:')) {
		return line;
	}
	const payload = line.slice('error:'.length).trim();
	let error: unknown = payload;
	try {
		error = JSON.parse(payload);
	} catch {
		// not JSON: keep the text as the message
	}
	const inner =
		typeof error === 'object' && error !== null && 'error' in error ? error.error : error;
	return `data: ${JSON.stringify({ error: typeof inner === 'string' ? { message: inner } : inner })}`;
}

const MAX_HELD_CHARS = 1 << 20;

/**
 * A transform over an event-stream body. Ordinary lines stream through as they arrive; only a line
 * that starts with `error:` (or could still, in its first six characters) is held until its end.
 */
function errorLineTransform(): TransformStream<Uint8Array, Uint8Array> {
	const decoder = new TextDecoder();
	const encoder = new TextEncoder();
	/** The held start of the current line, while it may be an `error:` line. */
	let held = '';
	/** The current line is known not to be an `error:` line: pass it through to its end. */
	let passing = false;
	const PREFIX = 'error:';
	const push = (text: string, controller: TransformStreamDefaultController<Uint8Array>): void => {
		let out = '';
		let at = 0;
		while (at < text.length) {
			const newline = text.indexOf('\n', at);
			const end = newline === -1 ? text.length : newline + 1;
			const piece = text.slice(at, end);
			at = end;
			if (passing) {
				out += piece;
				passing = newline === -1;
				continue;
			}
			held += piece;
			const n = Math.min(held.length, PREFIX.length);
			if (held.slice(0, n) !== PREFIX.slice(0, n)) {
				out += held;
				held = '';
				passing = newline === -1;
			} else if (newline === -1 && held.length > MAX_HELD_CHARS) {
				// Bounded memory: an endless "error:" line is passed on unchanged.
				out += held;
				held = '';
				passing = true;
			} else if (newline !== -1) {
				out += held.startsWith(PREFIX) ? `${rewriteErrorLine(held.replace(/\r?\n$/, ''))}\n` : held;
				held = '';
			}
		}
		if (out !== '') {
			controller.enqueue(encoder.encode(out));
		}
	};
	return new TransformStream({
		transform(chunk, controller) {
			push(decoder.decode(chunk, { stream: true }), controller);
		},
		flush(controller) {
			push(decoder.decode(), controller);
			if (held !== '') {
				controller.enqueue(encoder.encode(held.startsWith(PREFIX) ? rewriteErrorLine(held) : held));
			}
		},
	});
}

/**
 * Wraps a fetch so event-stream bodies have their `error:` lines turned into `data:` error events;
 * `applies()` is asked per response (only servers that may send such lines pay for the rewrite).
 */
export function withSseErrorLines(
	fetchFn: typeof globalThis.fetch,
	applies: () => boolean = () => true,
): typeof globalThis.fetch {
	return async (input, init) => {
		const response = await fetchFn(input, init);
		const type = response.headers.get('content-type') ?? '';
		if (response.body === null || !type.includes('text/event-stream') || !applies()) {
			return response;
		}
		return new Response(response.body.pipeThrough(errorLineTransform()), {
			status: response.status,
			statusText: response.statusText,
			headers: response.headers,
		});
	};
}
