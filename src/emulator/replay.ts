/**
 * The streaming loop shared by chat and text completions: paces token groups into chunks, applies
 * injected faults at their chunk, stops as soon as the client disconnects, and reports how it ended.
 */
import type { RequestContext } from './context';
import { errorBody } from './dialects';
import { ChunkClock, waitMs } from './pacing';
import type { SseWriter } from './sseWriter';

/** What the caller builds for each chunk. */
export interface ReplayHooks {
	/** The chunk payload for a group of tokens, or `undefined` when the group shows nothing (a swallowed tag). */
	chunk(group: readonly string[], isLast: boolean, tokensSoFar: number): unknown;
	/** Chunks after the last token group: a separate finish chunk and/or the usage chunk. */
	tail(tokensTotal: number): unknown[];
}

/** Splits pieces into chunk groups of `size` tokens. */
export function groupTokens(pieces: readonly string[], size: number): string[][] {
	const groups: string[][] = [];
	for (let i = 0; i < pieces.length; i += size) {
		groups.push(pieces.slice(i, i + size));
	}
	return groups;
}

/** Streams the groups; fills `ctx.record` (chunks, tokens, outcome). */
export async function replay(ctx: RequestContext, sse: SseWriter, groups: readonly string[][], hooks: ReplayHooks, startedAt: number): Promise<void> {
	const clock = new ChunkClock(ctx.state.pacing, ctx.state.seed + ctx.seq);
	const fault = ctx.fault;
	const record = ctx.record;
	let tokens = 0;
	for (let i = 0; i < groups.length; i++) {
		const group = groups[i] ?? [];
		await waitMs(clock.next(group.length) - (performance.now() - startedAt));
		if (sse.gone) {
			record.outcome = 'client-disconnected';
			return;
		}
		const sent = record.chunksSent;
		if (fault?.errorAfter === sent) {
			const message = `Injected fault: the engine failed after ${sent} chunks.`;
			record.outcome = 'fault-error-event';
			record.error = message;
			const body = errorBody(ctx.state.profile, 500, message, 'InternalServerError');
			await sse.event(body);
			await sse.done();
			return;
		}
		if (fault?.closeAfter === sent) {
			record.outcome = 'fault-closed';
			sse.destroy();
			return;
		}
		if (fault?.stallAfter === sent) {
			record.outcome = 'fault-stalled';
			while (!sse.gone) {
				await waitMs(20);
			}
			return;
		}
		if (fault?.malformedAfter === sent) {
			record.outcome = 'fault-malformed';
			await sse.raw('data: {"id":"chatcmpl-broken","choices":[{"delta":{"content":"x"}\n\n');
			await sse.done();
			return;
		}
		tokens += group.length;
		const payload = hooks.chunk(group, i === groups.length - 1, tokens);
		record.tokensSent = tokens;
		if (payload !== undefined) {
			await sse.event(payload);
			record.chunksSent++;
		}
	}
	for (const payload of hooks.tail(tokens)) {
		await sse.event(payload);
	}
	if (sse.gone) {
		record.outcome = 'client-disconnected';
		return;
	}
	await sse.done();
	record.outcome = 'completed';
}
