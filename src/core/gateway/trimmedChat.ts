/**
 * One trimmed chat completion through the gateway: the same run as "Replay with Truncation"
 * (`runReasoning` in act mode: stream, analyse, abort upstream at the cut, continue from the kept
 * thinking), with every piece relayed to the client as it arrives, so the client sees one ordinary chat
 * completion. Streamed responses start when upstream's headers arrive, so an upstream failure before
 * that still reaches the client as its HTTP status; after that, as an SSE error event.
 */
import type { ServerResponse } from 'node:http';
import { runReasoning } from '../run/reasoningRun';
import type { RunEvent, RunOutcome } from '../run/runTypes';
import type { StreamError } from '../stream/errors';
import type { ReasoningClient } from '../stream/reasoningClient';
import type { Verifier } from '../verifier/verdict';
import type { TrimmableChat } from './chatRequest';
import {
	ChunkWriter,
	completionBody,
	reasoningStyleFor,
	reportHeaders,
	type TrimReport,
} from './clientWire';
import { policyFromSetting, type ModelSettings } from './gatewayConfig';
import type { GatewayMetrics } from './gatewayMetrics';
import { openAiError, sendJson } from './httpReply';
import { PieceWriter } from './pieceWriter';
import type { RecentRequests } from './recentRequests';
import { clientUsage } from './usage';
import { buildReport, countMetrics, recordedThoughts } from './trimReport';
import { VerifierGuard } from './verifierGuard';

/** What one trimmed request needs from the gateway. */
export interface TrimContext {
	readonly id: string;
	readonly plan: TrimmableChat;
	readonly client: ReasoningClient;
	readonly settings: ModelSettings;
	readonly verifier: Verifier | undefined;
	readonly verifierName: string;
	readonly metrics: GatewayMetrics;
	readonly recent: RecentRequests;
	readonly res: ServerResponse;
	/** Aborted when the client goes away. */
	readonly signal: AbortSignal;
}

/** How the request ended, for the log line. */
export interface TrimResult {
	readonly status: number;
	readonly outcome: 'ok' | 'upstream-error' | 'client-disconnected' | 'continuation-error';
	readonly report: TrimReport;
	readonly error?: string;
	readonly usage?: { readonly completion_tokens: number };
}

/** HTTP status for an upstream failure before any response: upstream's own status, else 502/504. */
export function statusForUpstream(error: StreamError): number {
	if (error.status !== undefined && error.status >= 400 && error.status <= 599) {
		return error.status;
	}
	return error.kind === 'idle-timeout' ? 504 : 502;
}

/** Streams the SSE error event a client SDK raises as an error (the shape vLLM uses mid-stream). */
function sseError(error: StreamError, what: string): string {
	return `data: ${JSON.stringify(openAiError(`${what}: ${error.message}`, 'upstream_error', error.kind, error.status ?? 502))}\n\n`;
}

/** Per stream: the local time its runner started, found from the `start` event's `headersMs`. */
class ChunkClock {
	private origin: number | undefined;

	started(headersMs: number): void {
		this.origin = performance.now() - headersMs;
	}

	/** Seconds since the chunk was parsed (`atMs` is relative to its stream's start). */
	since(atMs: number): number | undefined {
		return this.origin === undefined
			? undefined
			: Math.max(0, performance.now() - (this.origin + atMs)) / 1000;
	}
}

/** Runs one trimmed request to the end; never throws for upstream failures. */
export async function handleTrimmedChat(ctx: TrimContext): Promise<TrimResult> {
	const { plan, res, metrics } = ctx;
	const mode = ctx.settings.mode;
	const guard = new VerifierGuard(policyFromSetting(ctx.settings.policy), () =>
		metrics.verifierFailures.inc(),
	);
	const writer = new ChunkWriter(
		`chatcmpl-${ctx.id}`,
		plan.model,
		reasoningStyleFor(ctx.client.dialect),
	);
	const clocks = { stream: new ChunkClock(), continuation: new ChunkClock() };
	const body = new PieceWriter(res);
	let headersSent = false;
	let strategy: string | undefined;

	/** `bytes`: the text's UTF-8 length when the caller knows it without counting. */
	const send = (text: string, clock?: ChunkClock, atMs?: number, bytes?: number): void => {
		if (!plan.stream || res.destroyed) {
			return;
		}
		if (!headersSent) {
			headersSent = true;
			res.writeHead(200, {
				'content-type': 'text/event-stream; charset=utf-8',
				'cache-control': 'no-cache',
				connection: 'keep-alive',
				'x-thinktrim-request-id': ctx.id,
				'x-thinktrim-mode': mode,
				'x-thinktrim-policy': ctx.settings.policy,
			});
			body.write(writer.role());
		}
		body.write(text, bytes);
		const seconds = atMs !== undefined ? clock?.since(atMs) : undefined;
		if (seconds !== undefined) {
			metrics.chunkLatencyObserver.observe(seconds);
		}
	};

	const onEvent = (event: RunEvent): void => {
		if (event.type === 'stream' || event.type === 'continuation') {
			const ev = event.event;
			const clock = clocks[event.type];
			if (ev.type === 'start') {
				clock.started(ev.headersMs);
				if (event.type === 'stream') {
					send('');
				}
			} else if (ev.type === 'prompt') {
				strategy = ev.strategy;
			} else if (event.type === 'stream' && event.dropped) {
				// After the cut, what still arrives from the aborted stream is not the client's.
			} else if (ev.type === 'reasoning') {
				send(writer.reasoning(ev.text), clock, ev.atMs, writer.lastByteLength);
			} else if (ev.type === 'answer') {
				send(writer.answer(ev.text), clock, ev.atMs, writer.lastByteLength);
			}
		} else if (event.type === 'cutting') {
			ctx.recent.emit({
				type: 'cut',
				id: ctx.id,
				trigger: event.cut.trigger,
				thought: event.cut.thought,
				explanation: event.cut.explanation,
			});
		} else if (event.event.type === 'verdict' && event.event.verdict.llm?.sent === true) {
			metrics.verifierLatency.observe(event.event.verdict.latencyMs / 1000);
		}
	};

	const outcome = await runReasoning({
		client: ctx.client,
		model: plan.model,
		messages: plan.messages,
		mode,
		policy: guard,
		verifier: ctx.verifier,
		maxTokens: plan.maxTokens,
		temperature: plan.temperature,
		thinking: plan.thinking,
		answerMaxTokens: ctx.settings.answerMaxTokens,
		guide: ctx.settings.guide !== '' ? ctx.settings.guide : undefined,
		extraBody: plan.extraBody,
		signal: ctx.signal,
		onEvent,
		// Chunks relayed inside their network piece's arrival: no promise per chunk on the hot path.
		eventsPerPiece: true,
	});

	const report = buildReport(ctx, outcome, guard.verifierFailed, strategy);
	const usage = clientUsage(plan, outcome);
	countMetrics(ctx, outcome, report);
	const result = finishResponse(ctx, outcome, report, usage, writer, headersSent, send, body);
	ctx.recent.add({
		id: ctx.id,
		startedAt: new Date(outcome.stream.timings.startedAtEpochMs).toISOString(),
		model: plan.model,
		stream: plan.stream,
		status: result.status,
		outcome: result.outcome,
		durationMs: Math.round(outcome.wallMs),
		problem: plan.messages.filter((m) => m.role === 'user').at(-1)?.content,
		thinking: outcome.streamedThinking,
		answer: outcome.answer,
		thoughts: recordedThoughts(outcome),
		report,
		...(result.error !== undefined ? { error: result.error } : {}),
	});
	return { ...result, usage };
}

type Send = (text: string) => void;

/** Ends the response: final chunks, an error event, or (nothing sent yet) an HTTP error or the JSON body. */
function finishResponse(
	ctx: TrimContext,
	outcome: RunOutcome,
	report: TrimReport,
	usage: ReturnType<typeof clientUsage>,
	writer: ChunkWriter,
	headersSent: boolean,
	send: Send,
	body: PieceWriter,
): Omit<TrimResult, 'usage'> {
	const { res, plan, metrics } = ctx;
	if (ctx.signal.aborted) {
		metrics.clientDisconnects.inc();
		return { status: 499, outcome: 'client-disconnected', report };
	}
	const acted = report.cut;
	const streamError =
		outcome.stream.error !== undefined && !(acted && outcome.stream.aborted)
			? outcome.stream.error
			: undefined;
	const continuationError = outcome.continuation?.error;
	const error = streamError ?? continuationError;
	if (error !== undefined) {
		metrics.upstreamErrors.inc({ kind: error.kind });
		const what = streamError !== undefined ? 'upstream' : 'upstream continuation after the cut';
		if (!headersSent && !res.headersSent) {
			const status = statusForUpstream(error);
			sendJson(
				res,
				status,
				openAiError(
					`${what}: ${error.message}`,
					status < 500 ? 'invalid_request_error' : 'upstream_error',
					error.kind,
					status,
				),
				reportHeaders(report),
			);
			return { status, outcome: 'upstream-error', report, error: error.message };
		}
		if (plan.stream) {
			body.end(sseError(error, what));
		}
		return {
			status: 200,
			outcome: streamError !== undefined ? 'upstream-error' : 'continuation-error',
			report,
			error: error.message,
		};
	}
	const finishReason =
		(acted ? outcome.continuation?.finishReason : outcome.stream.finishReason) ?? 'stop';
	if (plan.stream) {
		send(writer.finish(finishReason, report));
		if (plan.includeUsage) {
			send(writer.usage(usage, report));
		}
		body.end('data: [DONE]\n\n');
		return { status: 200, outcome: 'ok', report };
	}
	const reasoning = acted ? outcome.keptThinking : outcome.streamedThinking;
	sendJson(
		res,
		200,
		completionBody(`chatcmpl-${ctx.id}`, plan.model, writer.style, {
			reasoning,
			answer: outcome.answer,
			finishReason,
			usage,
			report,
		}),
		reportHeaders(report),
	);
	return { status: 200, outcome: 'ok', report };
}
