/**
 * What a finished trimmed request leaves behind: the `thinktrim` report sent to the client, its counts in
 * the metrics, and its thoughts as kept for the gateway's viewers.
 */
import type { RunOutcome } from '../run/runTypes';
import type { TrimReport } from './clientWire';
import type { RecordedThought } from './recentRequests';
import type { TrimmableChat } from './chatRequest';
import type { ModelSettings } from './gatewayConfig';
import type { GatewayMetrics } from './gatewayMetrics';

/** The parts of a trimmed request's context (trimmedChat's TrimContext) the report and metrics read. */
export interface ReportContext {
	readonly id: string;
	readonly plan: TrimmableChat;
	readonly settings: ModelSettings;
	readonly verifierName: string;
	readonly metrics: GatewayMetrics;
}

/** The `thinktrim` object of the response: whether and where the run cut, and why. */
export function buildReport(
	ctx: ReportContext,
	outcome: RunOutcome,
	verifierFailed: boolean,
	strategy: string | undefined,
): TrimReport {
	const mode = ctx.settings.mode;
	const cut = outcome.cut;
	const cutFields =
		cut !== undefined
			? {
					trigger: cut.trigger,
					explanation: cut.explanation,
					cut_thought: cut.thought,
					kept_thinking_tokens: cut.tokenOffset,
				}
			: {};
	return {
		request_id: ctx.id,
		mode,
		policy: ctx.settings.policy,
		cut: mode === 'act' && cut !== undefined,
		...(mode === 'watch' ? { would_cut: cut !== undefined } : {}),
		...cutFields,
		...(mode === 'act' && cut !== undefined
			? { kept_reasoning_chars: outcome.keptThinking.length }
			: {}),
		thinking_tokens_generated: outcome.generatedThinkingTokens,
		verifier: ctx.verifierName,
		...(verifierFailed ? { verifier_failed: true } : {}),
		...(strategy !== undefined ? { continuation_strategy: strategy } : {}),
	};
}

/** Counts a finished trimmed request in the metrics: thinking seen, cuts (or would-cuts), saved tokens. */
export function countMetrics(ctx: ReportContext, outcome: RunOutcome, report: TrimReport): void {
	const { metrics, plan } = ctx;
	const cut = outcome.cut;
	metrics.thinkingSeen.inc({ model: metrics.model(plan.model) }, outcome.generatedThinkingTokens);
	if (cut !== undefined && report.cut) {
		metrics.cuts.inc({
			model: metrics.model(plan.model),
			policy: cut.policy,
			trigger: cut.trigger,
		});
		metrics.thinkingDiscarded.inc(
			{ model: metrics.model(plan.model) },
			Math.max(0, outcome.generatedThinkingTokens - cut.tokenOffset),
		);
	} else if (cut !== undefined && report.would_cut === true) {
		metrics.wouldCut.inc({
			model: metrics.model(plan.model),
			policy: cut.policy,
			trigger: cut.trigger,
		});
		metrics.thinkingSaved.inc(
			{ model: metrics.model(plan.model) },
			Math.max(0, outcome.generatedThinkingTokens - cut.tokenOffset),
		);
	}
	metrics.verifierCalls.inc(outcome.analysis?.verifierCalls ?? 0);
	const ttft = outcome.stream.timings.firstTokenMs;
	if (ttft !== undefined) {
		metrics.upstreamTtft.observe(ttft / 1000);
	}
}

/** The thoughts of a run as the recent-requests list keeps them for viewers. */
export function recordedThoughts(outcome: RunOutcome): RecordedThought[] {
	const analysis = outcome.analysis;
	if (analysis === undefined) {
		return [];
	}
	return analysis.steps.map((step) => ({
		index: step.thought.index,
		text: step.thought.text,
		tokenEnd: step.thought.tokenEnd,
		...(step.answer !== undefined ? { answer: step.answer.text } : {}),
		...(analysis.policyStates[step.thought.index] !== undefined
			? { policyState: analysis.policyStates[step.thought.index] }
			: {}),
	}));
}
