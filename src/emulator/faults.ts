/**
 * Fault injection, by CLI flag (`--fault SPEC`, every request) or per request (header
 * `x-thinktrim-fault: SPEC`). SPEC is comma-separated `key=value`:
 *
 * - `status=503` — answer with that HTTP status and an error body in the dialect's shape;
 * - `error-after=N` — after N chunks, an SSE error event (`data: {"error":…}`), then `[DONE]`;
 * - `close-after=N` — after N chunks, destroy the connection (no `[DONE]`);
 * - `stall-after=N` — after N chunks, send nothing more (until the client leaves);
 * - `malformed-after=N` — after N chunks, a chunk that is not JSON;
 * - `abort-after=N` — after N chunks, a chunk with `finish_reason: "abort"` (SGLang's aborted request), then `[DONE]`;
 * - `slow-first-byte=MS` — wait before sending the response headers;
 * - `times=K` — only the first K requests that carry this spec (retry tests).
 */

/** A parsed fault spec. */
export interface FaultSpec {
	readonly status?: number;
	readonly errorAfter?: number;
	readonly closeAfter?: number;
	readonly stallAfter?: number;
	readonly malformedAfter?: number;
	readonly abortAfter?: number;
	readonly slowFirstByteMs?: number;
	readonly times?: number;
}

const KEYS: Record<string, keyof FaultSpec> = {
	status: 'status',
	'error-after': 'errorAfter',
	'close-after': 'closeAfter',
	'stall-after': 'stallAfter',
	'malformed-after': 'malformedAfter',
	'abort-after': 'abortAfter',
	'slow-first-byte': 'slowFirstByteMs',
	times: 'times',
};

/** Parses a spec; throws with the offending part and the valid keys. */
export function parseFaultSpec(spec: string): FaultSpec {
	const out: Record<string, number> = {};
	for (const part of spec
		.split(',')
		.map((p) => p.trim())
		.filter((p) => p !== '')) {
		const [key = '', value = ''] = part.split('=', 2);
		const field = KEYS[key.trim()];
		const n = Number(value);
		if (field === undefined) {
			throw new Error(
				`unknown fault "${key}" in "${spec}"; expected ${Object.keys(KEYS).join(', ')}`,
			);
		}
		if (value.trim() === '' || !Number.isInteger(n) || n < 0) {
			throw new Error(`fault "${key}" needs a non-negative integer, got "${value}"`);
		}
		out[field] = n;
	}
	if (out.status !== undefined && (out.status < 400 || out.status > 599)) {
		throw new Error(`fault status must be 400–599, got ${out.status}`);
	}
	return out;
}

/** Counts uses per spec so `times=K` applies to the first K requests only. */
export class FaultCounter {
	private readonly used = new Map<string, number>();

	/** The fault to apply to this request, or `undefined` when its `times` are used up. */
	take(raw: string, spec: FaultSpec): FaultSpec | undefined {
		const n = this.used.get(raw) ?? 0;
		this.used.set(raw, n + 1);
		return spec.times !== undefined && n >= spec.times ? undefined : spec;
	}
}
