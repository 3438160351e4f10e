/**
 * The streaming loop shared by chat and text completions: paces token groups into chunks, applies
 * injected faults at their chunk, stops as soon as the client disconnects, and reports how it ended.
 */
import type { RequestContext } from './context';
import { errorBody } from './dialects';
import { ChunkClock, nextDecodeStep, waitMs } from './pacing';
import type { SseWriter } from './sseWriter';

/** What the caller builds for each chunk. */
export interface ReplayHooks {
	/** The chunk payload for a group of tokens, or `undefined` when the group shows nothing (a swallowed tag). */
	chunk(group: readonly string[], isLast: boolean, tokensSoFar: number): unknown;
	/** Chunks after the last token group: a separate finish chunk and/or the usage chunk. */
	tail(tokensTotal: number): unknown[];
	/** The chunks that end an aborted request (fault `abort-after`): finish_reason "abort". */
	abort?(): unknown[];
}

/** Splits pieces into chunk groups of `size` tokens. */
export function groupTokens(pieces: readonly string[], size: number): string[][] {
	const groups: string[][] = [];
	for (let i = 0; i < pieces.length; i += size) {
		groups.push(pieces.slice(i, i + size));
	}
	return groups;
}

/** Chunks already due are written together, up to this many, before yielding to I/O. */
const MAX_BATCH = 64;

/** Streams the groups; fills `ctx.record` (chunks, tokens, outcome). */
export async function replay(
	ctx: RequestContext,
	sse: SseWriter,
	groups: readonly string[][],
	hooks: ReplayHooks,
	startedAt: number,
): Promise<void> {
	const clock = new ChunkClock(ctx.state.pacing, ctx.state.seed + ctx.seq);
	const step = ctx.state.pacing.decodeStepMs;
	const fault = ctx.fault;
	const record = ctx.record;
	// At full speed many chunks fall due at once: one write per batch, not per chunk, keeps the emulator
	// cheap next to the client under test. Fragmenting (one event cut into many writes) disables batching.
	const batching = ctx.state.fragmentBytes === undefined;
	let batch = '';
	let batched = 0;
	const listener = ctx.state.onChunksWritten;
	let payloads: unknown[] = [];
	const flush = async (): Promise<void> => {
		if (batch !== '') {
			const text = batch;
			batch = '';
			batched = 0;
			if (listener !== undefined) {
				const written = payloads;
				payloads = [];
				listener({ seq: ctx.seq, body: ctx.body }, written, performance.now());
			}
			await sse.raw(text);
		}
	};
	let tokens = 0;
	for (let i = 0; i < groups.length; i++) {
		const group = groups[i] ?? [];
		const now = performance.now();
		const due = startedAt + clock.next(group.length);
		// Lockstep: the chunk leaves with every other stream's at the decode step it falls in.
		const wait = (step !== undefined ? nextDecodeStep(due, step) : due) - now;
		if (wait > 0 || batched >= MAX_BATCH || !batching) {
			await flush();
			await waitMs(wait);
		}
		if (sse.gone) {
			record.outcome = 'client-disconnected';
			return;
		}
		const sent = record.chunksSent;
		if (
			fault !== undefined &&
			(fault.errorAfter === sent ||
				fault.closeAfter === sent ||
				fault.stallAfter === sent ||
				fault.malformedAfter === sent ||
				fault.abortAfter === sent)
		) {
			await flush();
			await injectFault(ctx, sse, sent, hooks);
			return;
		}
		tokens += group.length;
		const payload = hooks.chunk(group, i === groups.length - 1, tokens);
		record.tokensSent = tokens;
		if (payload !== undefined) {
			batch += `data: ${JSON.stringify(payload)}\n\n`;
			if (listener !== undefined) {
				payloads.push(payload);
			}
			batched++;
			record.chunksSent++;
		}
	}
	for (const payload of hooks.tail(tokens)) {
		batch += `data: ${JSON.stringify(payload)}\n\n`;
		if (listener !== undefined) {
			payloads.push(payload);
		}
	}
	await flush();
	if (sse.gone) {
		record.outcome = 'client-disconnected';
		return;
	}
	await sse.done();
	record.outcome = 'completed';
}

/**
 * The mid-stream error event of a dialect. vLLM and SGLang wrap their error body in `{"error": …}` —
 * the flat body of vLLM ≤ 0.10.0 and SGLang too; llama.cpp sends `{"error":{code,message,type}}`, and
 * older builds an SSE `error:` line instead of a `data:` event (quirk `sse-error-lines`).
 */
function midStreamError(ctx: RequestContext, message: string): string {
	const profile = ctx.state.profile;
	if (profile.name === 'llamacpp') {
		const body = { code: 500, message, type: 'server_error' };
		return ctx.state.quirks.has('sse-error-lines')
			? `error: ${JSON.stringify(body)}\n\n`
			: `data: ${JSON.stringify({ error: body })}\n\n`;
	}
	const body = errorBody(profile, 500, message, 'InternalServerError');
	const wrapped = profile.errorShape === 'flat' ? { error: body } : body;
	return `data: ${JSON.stringify(wrapped)}\n\n`;
}

/** Applies the fault due after `sent` chunks. */
async function injectFault(
	ctx: RequestContext,
	sse: SseWriter,
	sent: number,
	hooks: ReplayHooks,
): Promise<void> {
	const fault = ctx.fault;
	const record = ctx.record;
	if (fault?.errorAfter === sent) {
		const message = `Injected fault: the engine failed after ${sent} chunks.`;
		record.outcome = 'fault-error-event';
		record.error = message;
		await sse.raw(midStreamError(ctx, message));
		if (ctx.state.profile.name === 'llamacpp' && !ctx.state.quirks.has('sse-error-lines')) {
			// Current llama.cpp ends the response after the error event; older builds still sent [DONE].
			sse.end();
		} else {
			await sse.done();
		}
	} else if (fault?.abortAfter === sent) {
		record.outcome = 'fault-aborted';
		for (const payload of hooks.abort?.() ?? []) {
			await sse.event(payload);
		}
		await sse.done();
	} else if (fault?.closeAfter === sent) {
		record.outcome = 'fault-closed';
		await sse.destroy();
	} else if (fault?.stallAfter === sent) {
		record.outcome = 'fault-stalled';
		while (!sse.gone) {
			await waitMs(20);
		}
	} else {
		record.outcome = 'fault-malformed';
		await sse.raw('data: {"id":"chatcmpl-broken","choices":[{"delta":{"content":"x"}\n\n');
		await sse.done();
	}
}
