/**
 * What a reasoning run returns, assembled from what it collected: which thinking was kept, the answer,
 * the token counts, the status and the one error line (runReasoning in reasoningRun.ts).
 */
import type { ChainAnalysis } from '../engine/chainAnalysis';
import type { StopCut } from '../policies/stopPolicy';
import type { StreamResult } from '../stream/streamEvents';
import { tokenCounterFor } from '../tokens/tokenCounter';
import type { EarlyAnswers, RunOutcome, RunRequest } from './runTypes';
import type { SpeculativeContinuation } from './speculativeContinuation';

/** What a run gathered by the time its streams ended. */
export interface Collected {
	readonly stream: StreamResult;
	readonly continuation: StreamResult | undefined;
	readonly analysis: ChainAnalysis | undefined;
	readonly analysisError: string | undefined;
	readonly streamed: string;
	readonly cut: StopCut | undefined;
	readonly keptAtCut: string | undefined;
	readonly wallMs: number;
	readonly verifierMs: number;
	readonly cutLagMs: number | undefined;
	readonly speculations: readonly SpeculativeContinuation[];
}

/** The run's outcome from what it collected. */
export function runOutcome(request: RunRequest, c: Collected): RunOutcome {
	const counter = tokenCounterFor(request.model);
	const acted = request.mode === 'act' && c.cut !== undefined && c.continuation !== undefined;
	const userStopped = request.signal?.aborted === true;
	// An act-mode abort is ours, not a failure; anything else that did not end normally is.
	const streamFailed =
		c.stream.error !== undefined &&
		!(request.mode === 'act' && c.cut !== undefined && c.stream.aborted);
	const continuationFailed = c.continuation?.error !== undefined;
	const error = [
		streamFailed ? c.stream.error?.message : undefined,
		continuationFailed ? `continuation: ${c.continuation?.error?.message ?? ''}` : undefined,
		// A stop aborts the remote verifier's pending calls: the analysis is then missing, not failed.
		c.analysisError !== undefined && !userStopped ? `analysis: ${c.analysisError}` : undefined,
	]
		.filter((m) => m !== undefined)
		.join('; ');
	const answer = acted
		? (c.continuation?.answer ?? '') + (c.continuation?.thinking ?? '')
		: c.stream.answer;
	const generatedThinkingTokens = c.analysis?.thinkingTokens ?? counter.count(c.streamed);
	const keptThinking = acted ? (c.keptAtCut ?? c.streamed) : c.streamed;
	const keptThinkingTokens =
		acted && c.cut !== undefined ? c.cut.tokenOffset : generatedThinkingTokens;
	const serverAnswerTokens = acted ? c.continuation?.usage.completionTokens : undefined;
	const status =
		userStopped || (streamFailed && c.streamed !== '')
			? 'partial'
			: streamFailed || continuationFailed
				? 'error'
				: 'complete';
	return {
		mode: request.mode,
		status: c.stream.partial && !acted && status === 'complete' ? 'partial' : status,
		streamedThinking: c.streamed,
		keptThinking,
		answer,
		// In act mode a cut counts only when it was made (the policy may fire after the stream ended).
		cut: request.mode === 'act' && !acted ? undefined : c.cut,
		analysis: c.analysis,
		stream: c.stream,
		continuation: c.continuation,
		generatedThinkingTokens,
		keptThinkingTokens,
		answerTokens: serverAnswerTokens ?? counter.count(answer),
		wallMs: c.wallMs,
		verifierMs: c.verifierMs,
		cutLagMs: c.cutLagMs,
		...(c.speculations.length > 0 ? { earlyAnswers: earlyAnswersOf(c.speculations, counter) } : {}),
		error: error === '' ? undefined : error,
		warnings: [...c.stream.warnings, ...(c.continuation?.warnings ?? [])],
	};
}

/** The early answers a run started; those not adopted cost their decoding for nothing. */
function earlyAnswersOf(
	speculations: readonly SpeculativeContinuation[],
	counter: { count(text: string): number },
): EarlyAnswers {
	const discarded = speculations.filter((s) => !s.adopted);
	return {
		started: speculations.length,
		discarded: discarded.length,
		discardedTokens: discarded.reduce((n, s) => n + counter.count(s.heldText()), 0),
	};
}
