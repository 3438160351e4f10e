/**
 * Replay of a recording (a bundled sample, an imported trace): the stop policy runs over the recorded
 * chain as it is, and the server is asked only for the answer from the recorded thinking up to that cut
 * plus the end-of-thinking marker (a continuation). Both sides of the comparison are then the same chain
 * up to the cut — the recording, and the recording cut and continued — never a new sample of the prompt
 * (that is `Re-sample with Truncation`). No cut: nothing is sent.
 */
import { analyzeTrace, type TraceAnalysis } from '../engine/analyzeTrace';
import type { PolicyOptions } from '../policies/createPolicy';
import type { StopCut } from '../policies/stopPolicy';
import type { PolicyName } from '../../shared/protocol';
import type { ChatTemplateSpec } from '../stream/chatTemplates';
import type { ChatMessage, ReasoningClient } from '../stream/reasoningClient';
import { pinHeaders } from '../stream/servedTrace';
import { collectStream, type StreamResult } from '../stream/streamEvents';
import type { TraceRecord } from '../traces/traceRecord';
import type { Verifier } from '../verifier/verdict';
import type { RunRecord } from '../history/runRecord';
import { tokenCounterFor } from '../tokens/tokenCounter';
import { finalAnswerOf } from './comparison';
import { keptThinkingFor } from './reasoningRun';
import { recordedCut } from './runRecords';

export interface RecordingReplayRequest {
	readonly trace: TraceRecord;
	/** The id the recording goes by on the demo emulator (`X-ThinkTrim-Trace`); none on a real server. */
	readonly recordingId?: string;
	readonly policy: PolicyName;
	readonly policyOptions?: PolicyOptions;
	readonly verifier?: Verifier;
	readonly client: ReasoningClient;
	readonly model: string;
	readonly messages: readonly ChatMessage[];
	readonly answerMaxTokens: number;
	readonly temperature?: number;
	readonly guide?: string;
	readonly chatTemplate?: ChatTemplateSpec;
	readonly signal?: AbortSignal;
}

export interface RecordingReplay {
	readonly analysis: TraceAnalysis;
	readonly cut: StopCut | undefined;
	/** The recorded thinking up to the cut (all of it without a cut). */
	readonly keptThinking: string;
	/** Thinking tokens kept, counted as the recording's full length is counted. */
	readonly keptThinkingTokens: number;
	/** The continuation's result; undefined without a cut (nothing was sent). */
	readonly continuation: StreamResult | undefined;
	/** The answer text: the continuation's, or the recording's own without a cut. */
	readonly answer: string;
	readonly continuationMs: number | undefined;
}

export async function replayRecording(request: RecordingReplayRequest): Promise<RecordingReplay> {
	const { trace } = request;
	const analysis = await analyzeTrace(trace, {
		policy: request.policy,
		policyOptions: request.policyOptions,
		verifier: request.verifier,
		signal: request.signal,
	});
	const cut = analysis.cut;
	if (cut === undefined) {
		return {
			analysis,
			cut,
			keptThinking: trace.thinking,
			keptThinkingTokens: analysis.thinkingTokens,
			continuation: undefined,
			answer: trace.final ?? '',
			continuationMs: undefined,
		};
	}
	const keptThinking = keptThinkingFor(cut, analysis.thoughts, trace.thinking);
	const started = performance.now();
	const continuation = await collectStream(
		request.client.continueAfterCut({
			model: request.model,
			messages: request.messages,
			keptThinking,
			guide: request.guide,
			maxTokens: request.answerMaxTokens,
			temperature: request.temperature,
			chatTemplate: request.chatTemplate,
			headers: pinHeaders(request.recordingId),
			signal: request.signal,
		}),
	);
	return {
		analysis,
		cut,
		keptThinking,
		keptThinkingTokens: cut.tokenOffset,
		continuation,
		answer: continuation.answer + continuation.thinking,
		continuationMs: performance.now() - started,
	};
}

/** Where a recording's replay asked for its continuation. */
export interface ReplayTarget {
	readonly model: string;
	readonly endpoint: NonNullable<RunRecord['endpoint']>;
	readonly policy: PolicyName;
}

/**
 * The record of a recording's replay: the recording cut and continued, or without a cut the recording
 * itself (nothing was sent, so model, endpoint and counts stay the recording's).
 */
export function recordingReplayRecord(
	original: RunRecord,
	replayed: RecordingReplay,
	target: ReplayTarget,
	id: string,
): RunRecord {
	const { cut, continuation } = replayed;
	const sent = cut !== undefined;
	return {
		id,
		name: `Replay: ${original.name}`,
		kind: 'replay',
		status: continuation?.partial === true ? 'partial' : 'complete',
		createdAt: new Date().toISOString(),
		problem: original.problem,
		systemPrompt: original.systemPrompt,
		thinking: replayed.keptThinking,
		final: replayed.answer,
		predictedAnswer: sent ? finalAnswerOf(replayed.answer) : original.predictedAnswer,
		goldAnswer: original.goldAnswer,
		model: sent ? target.model : original.model,
		endpoint: sent ? target.endpoint : undefined,
		// The recording's own count up to the cut, as its full length was counted.
		thinkingTokens: sent ? replayed.keptThinkingTokens : original.thinkingTokens,
		answerTokens: sent
			? (continuation?.usage.completionTokens ??
				tokenCounterFor(target.model).count(replayed.answer))
			: original.answerTokens,
		wallMs: replayed.continuationMs !== undefined ? Math.round(replayed.continuationMs) : undefined,
		cut: sent ? recordedCut(cut) : undefined,
		policy: target.policy,
		parentRunId: original.id,
		// Tokens only: a recording's wall time (if any) was not measured against this server.
		original: { thinkingTokens: original.thinkingTokens },
		error: continuation?.error?.message,
	};
}
