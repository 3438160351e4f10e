/**
 * The trace pinning handshake with the ThinkTrim emulator: a client replaying a recorded chain names it
 * in `X-ThinkTrim-Trace`; the emulator answers which recording it served and how it chose it. Real
 * servers ignore the request header and send neither response header.
 */

/** Request header naming the recorded trace a replay continues. */
export const TRACE_HEADER = 'X-ThinkTrim-Trace';

/** How the emulator chose the recording: pinned by id, problem matched exactly or by containment, or none (round-robin). */
export type ServedMatch = 'pinned' | 'exact' | 'contained' | 'none';

/** What the emulator said it served. */
export interface ServedTrace {
	readonly trace: string;
	readonly match: ServedMatch;
}

const MATCHES: readonly string[] = ['pinned', 'exact', 'contained', 'none'];

/** The emulator's answer in a response's headers, or `undefined` from any other server. */
export function servedTrace(headers: Headers): ServedTrace | undefined {
	const trace = headers.get('x-thinktrim-emulator-trace');
	const match = headers.get('x-thinktrim-emulator-match');
	if (trace === null || match === null || !MATCHES.includes(match)) {
		return undefined;
	}
	let id = trace;
	try {
		id = decodeURIComponent(trace);
	} catch {
		// Not percent-encoded: the id as sent.
	}
	return { trace: id, match: match as ServedMatch };
}

/** The request headers that pin a trace (none when there is no id). */
export function pinHeaders(traceId: string | undefined): Record<string, string> | undefined {
	return traceId === undefined || traceId === ''
		? undefined
		: { [TRACE_HEADER]: encodeHeaderValue(traceId) };
}

/** Header values must be printable ASCII; other ids travel percent-encoded. */
function encodeHeaderValue(value: string): string {
	return /^[\x20-\x7e]*$/.test(value) ? value : encodeURIComponent(value);
}

/** The warning to show when the emulator served a chain it did not match to the request. */
export function servedWarning(served: ServedTrace | undefined): string | undefined {
	if (served?.match !== 'none') {
		return undefined;
	}
	return (
		'The emulator has no recording for this prompt and served the unrelated ' +
		`recording "${served.trace}"; its chain is not an answer to this prompt.`
	);
}
