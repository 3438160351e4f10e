/** State shared by the emulator's routes, and the per-request context handlers fill in for the log. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DialectProfile } from './dialects';
import { errorBody, errorType } from './dialects';
import type { FaultSpec } from './faults';
import type { Pacing } from './pacing';
import type { EmulatorQuirk } from './quirks';
import type { RequestLogEntry, RequestOutcome } from './requestLog';
import type { Vocabulary } from './tokenizer';
import type { TraceChoice, TraceLibrary } from './traceLibrary';

/** Server-wide state. */
export interface EmulatorState {
	readonly profile: DialectProfile;
	/** Served model ids; the first is the default. */
	readonly models: readonly string[];
	readonly maxModelLen: number;
	readonly library: TraceLibrary;
	readonly vocab: Vocabulary;
	readonly pacing: Pacing;
	readonly fragmentBytes: number | undefined;
	readonly splitThinkTag: boolean;
	readonly seed: number;
	/** Build-specific behaviours switched on (see quirks.ts). */
	readonly quirks: ReadonlySet<EmulatorQuirk>;
	/** Continuations reuse the cached prefix (see prefixCache.ts); default on, as on vLLM and SGLang. */
	readonly prefixCache?: boolean;
	/** Told when streamed chunks are handed to the socket (see EmulatorOptions.onChunksWritten). */
	readonly onChunksWritten?: ChunksWrittenListener;
}

/** Streamed chunks of one request handed to the socket at `atMs` (performance.now()), for benchmarks. */
export type ChunksWrittenListener = (
	request: { readonly seq: number; readonly body: Readonly<Record<string, unknown>> },
	payloads: readonly unknown[],
	atMs: number,
) => void;

/** Mutable per-request record, turned into a log entry when the request ends. */
export interface RequestRecord {
	kind: string;
	status: number;
	outcome: RequestOutcome;
	model?: string;
	stream?: boolean;
	body?: unknown;
	traceId?: string;
	traceMatched?: boolean;
	fault?: string;
	chunksSent: number;
	tokensSent: number;
	error?: string;
	continuation?: RequestLogEntry['continuation'];
	verdict?: RequestLogEntry['verdict'];
}

/** One request being handled. */
export interface RequestContext {
	readonly state: EmulatorState;
	readonly req: IncomingMessage;
	readonly res: ServerResponse;
	readonly body: Record<string, unknown>;
	readonly record: RequestRecord;
	readonly fault: FaultSpec | undefined;
	/** Sequence number of the request, also the seed offset of its timing jitter. */
	readonly seq: number;
}

/** The trace id a client pins with `X-ThinkTrim-Trace`, if any. */
export function pinnedTrace(ctx: RequestContext): string | undefined {
	const raw = ctx.req.headers['x-thinktrim-trace'];
	const value = Array.isArray(raw) ? raw[0] : raw;
	return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Records the chosen trace and announces it on the response (`x-thinktrim-emulator-trace`/`-match`). */
export function announceTrace(ctx: RequestContext, choice: TraceChoice): void {
	ctx.record.traceId = choice.trace.id;
	ctx.record.traceMatched = choice.match !== 'none';
	// Header values must be ISO-8859-1; an id outside it is percent-encoded rather than dropped.
	const id = /^[\x20-\x7e]*$/.test(choice.trace.id)
		? choice.trace.id
		: encodeURIComponent(choice.trace.id);
	ctx.res.setHeader('x-thinktrim-emulator-trace', id);
	ctx.res.setHeader('x-thinktrim-emulator-match', choice.match);
}

/** Sends a JSON response. */
export function sendJson(ctx: RequestContext, status: number, body: unknown): void {
	ctx.record.status = status;
	const text = JSON.stringify(body);
	ctx.res.writeHead(status, {
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength(text),
	});
	ctx.res.end(text);
}

/** Sends an error in the dialect's body shape and records it. */
export function sendError(
	ctx: RequestContext,
	status: number,
	message: string,
	param: string | null = null,
	outcome: RequestOutcome = 'error-status',
): void {
	ctx.record.outcome = outcome;
	ctx.record.error = message;
	sendJson(ctx, status, errorBody(ctx.state.profile, status, message, errorType(status), param));
}

/** A string field of the body, or `undefined`. */
export function stringField(body: Record<string, unknown>, name: string): string | undefined {
	const v = body[name];
	return typeof v === 'string' ? v : undefined;
}

/** A non-negative integer field; `null`/absent gives `undefined`; anything else is reported. */
export function intField(body: Record<string, unknown>, name: string): number | undefined | Error {
	const v = body[name];
	if (v === undefined || v === null) {
		return undefined;
	}
	return typeof v === 'number' && Number.isInteger(v) && v >= 0
		? v
		: new Error(`"${name}" must be a non-negative integer`);
}
