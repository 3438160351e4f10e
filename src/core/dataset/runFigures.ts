/**
 * From a run's outcome to the figures an evaluation records: status, token counts, times, the final
 * answer and its correctness, the cut; for the untrimmed run also each variant's mark and the oracle;
 * for a trimmed run the comparison with the untrimmed one.
 */
import { compareAnswers } from '../answers/equivalence';
import { replayPolicy } from '../engine/analyzeTrace';
import {
	countAnswerSwitches,
	finalAnswersOf,
	referenceTimeline,
} from '../evaluation/answerTimeline';
import { oracleCut } from '../evaluation/oracleCut';
import { createPolicy } from '../policies/createPolicy';
import { cutRemovesThinking, type StopCut } from '../policies/stopPolicy';
import { finalAnswerOf } from '../run/comparison';
import type { RunOutcome } from '../run/runTypes';
import type { VerifiedThought } from '../verifier/verifiedThought';
import {
	ANSWER_TEXT_LIMIT,
	type CutSummary,
	type DatasetRunFigures,
	type TrimmedRun,
	type UntrimmedRun,
} from './evaluationTypes';
import type { PolicyVariant } from './policyVariants';

/** The part of a cut worth keeping in a record. */
export function cutSummary(cut: StopCut | undefined): CutSummary | undefined {
	return cut === undefined
		? undefined
		: {
				trigger: cut.trigger,
				tokenOffset: cut.tokenOffset,
				thought: cut.thought,
				explanation: cut.explanation,
			};
}

/** Whether `answer` matches `gold`: `undefined` without a gold answer, `false` without an answer. */
export function correctness(
	answer: string | undefined,
	gold: string | undefined,
): boolean | undefined {
	if (gold === undefined || gold.trim() === '') {
		return undefined;
	}
	return answer !== undefined && compareAnswers(answer, gold).equivalent;
}

function shorten(text: string): string {
	return text.length <= ANSWER_TEXT_LIMIT ? text : `${text.slice(0, ANSWER_TEXT_LIMIT)}…`;
}

/**
 * The figures of one run. `stopped` says the evaluation was cancelled: a run it cut short is
 * `cancelled`, not failed. A run that ended early without an error message (no finish reason) fails.
 */
export function figuresOf(
	outcome: RunOutcome,
	gold: string | undefined,
	stopped: boolean,
): DatasetRunFigures {
	const answer = finalAnswerOf(outcome.answer);
	// In act mode a cut counts only when it was made: a policy that fires on the last thought, after the
	// stream has ended, leaves nothing to cut (the outcome still names it).
	const cutMade = outcome.mode === 'watch' || outcome.continuation !== undefined;
	let status: DatasetRunFigures['status'] = 'complete';
	let error = outcome.error;
	if (outcome.status !== 'complete') {
		if (stopped) {
			status = 'cancelled';
		} else {
			status = 'error';
			error ??= 'the stream ended early without a finish reason';
		}
	}
	return {
		status,
		generatedThinkingTokens: outcome.generatedThinkingTokens,
		keptThinkingTokens: outcome.keptThinkingTokens,
		answerTokens: outcome.answerTokens,
		wallMs: outcome.wallMs,
		verifierMs: outcome.verifierMs,
		verifierCalls: outcome.analysis?.verifierCalls ?? 0,
		verifierMaxPerThought: maxRequestsPerThought(outcome.analysis?.steps ?? []),
		thoughts: outcome.analysis?.thoughts.length ?? 0,
		answer,
		answerText: shorten(outcome.answer),
		correct: correctness(answer, gold),
		cut: cutMade ? cutSummary(outcome.cut) : undefined,
		cutLagMs: outcome.mode === 'act' && cutMade ? outcome.cutLagMs : undefined,
		...(outcome.earlyAnswers !== undefined ? { earlyAnswers: outcome.earlyAnswers } : {}),
		error,
		warnings:
			outcome.analysis !== undefined && outcome.analysis.verifierFallbacks > 0
				? [
						...outcome.warnings,
						`${outcome.analysis.verifierFallbacks} verifier call(s) failed; the heuristic answered instead`,
					]
				: outcome.warnings,
	};
}

/** The most verifier requests one thought made: its p1's and its p2's. */
function maxRequestsPerThought(steps: readonly VerifiedThought[]): number {
	const sent = (v: { readonly llm?: { readonly sent: boolean } } | undefined): number =>
		v?.llm?.sent === true ? 1 : 0;
	return steps.reduce((most, s) => Math.max(most, sent(s.presence) + sent(s.equivalence)), 0);
}

/** Figures for a run that threw before producing an outcome. */
export function failedFigures(
	message: string,
	status: 'error' | 'cancelled' = 'error',
): DatasetRunFigures {
	return {
		status,
		generatedThinkingTokens: 0,
		keptThinkingTokens: 0,
		answerTokens: 0,
		wallMs: 0,
		verifierMs: 0,
		verifierCalls: 0,
		thoughts: 0,
		answer: undefined,
		answerText: '',
		correct: undefined,
		cut: undefined,
		cutLagMs: undefined,
		error: message,
		warnings: [],
	};
}

/** The untrimmed run, with each variant's mark (its policy replayed on this chain's verdicts) and the oracle. */
export function untrimmedRunOf(
	outcome: RunOutcome,
	figures: DatasetRunFigures,
	variants: readonly PolicyVariant[],
	problem?: string,
): UntrimmedRun {
	const analysis = outcome.analysis;
	const marks: Record<string, CutSummary | null> = {};
	let neededThinkingTokens: number | undefined;
	let answerSwitches = 0;
	if (analysis !== undefined) {
		for (const variant of variants) {
			const mark = replayPolicy(
				createPolicy(variant.policy, variant.options),
				analysis.thoughts,
				analysis.steps,
			);
			const removes =
				mark !== undefined &&
				cutRemovesThinking(mark, analysis.thoughts.length, analysis.thinkingTokens);
			marks[variant.key] = mark === undefined || !removes ? null : (cutSummary(mark) ?? null);
		}
		const timeline = referenceTimeline(analysis.thoughts, problem);
		const finalForms = finalAnswersOf(
			{ id: 'untrimmed', problem, thinking: outcome.streamedThinking, final: outcome.answer },
			timeline,
		);
		neededThinkingTokens = oracleCut(analysis.thoughts, timeline, finalForms).tokenOffset;
		answerSwitches = countAnswerSwitches(analysis.steps);
	}
	return { ...figures, marks, neededThinkingTokens, answerSwitches };
}

/** Failed untrimmed run (no outcome). */
export function failedUntrimmed(figures: DatasetRunFigures): UntrimmedRun {
	return { ...figures, marks: {}, neededThinkingTokens: undefined, answerSwitches: 0 };
}

/** Whether two final answers agree; one missing answer disagrees with a present one; two missing: unknown. */
function sameAnswer(a: string | undefined, b: string | undefined): boolean | undefined {
	if (a === undefined && b === undefined) {
		return undefined;
	}
	return a !== undefined && b !== undefined && compareAnswers(a, b).equivalent;
}

/** A trimmed run compared with the untrimmed run (figures only when both completed). */
export function trimmedRunOf(
	variant: PolicyVariant,
	figures: DatasetRunFigures,
	untrimmed: UntrimmedRun,
): TrimmedRun {
	const both = figures.status === 'complete' && untrimmed.status === 'complete';
	const saved = both ? untrimmed.generatedThinkingTokens - figures.keptThinkingTokens : undefined;
	const savedMs = both ? untrimmed.wallMs - figures.wallMs : undefined;
	return {
		...figures,
		variant: variant.key,
		sameAsUntrimmed: both ? sameAnswer(untrimmed.answer, figures.answer) : undefined,
		savedThinkingTokens: saved,
		savedShare:
			saved !== undefined && untrimmed.generatedThinkingTokens > 0
				? saved / untrimmed.generatedThinkingTokens
				: undefined,
		savedMs,
		savedTimeShare:
			savedMs !== undefined && untrimmed.wallMs > 0 ? savedMs / untrimmed.wallMs : undefined,
	};
}
