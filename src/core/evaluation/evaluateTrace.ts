import { cutRemovesThinking, type StopCut } from '../policies/stopPolicy';
import type { Thought } from '../thoughts/thought';
import type { TraceRecord } from '../traces/traceRecord';
import type { VerifiedThought } from '../verifier/verifiedThought';
import {
	answerAt,
	countAnswerSwitches,
	finalAnswersOf,
	isFinalAnswer,
	referenceTimeline,
	sameAnswer,
	type TimelineAnswer,
} from './answerTimeline';
import { oracleCut, type OracleCut } from './oracleCut';

/** The offline figures of one policy on one recorded trace. */
export interface TraceEvaluation {
	readonly id: string;
	readonly thoughts: number;
	readonly thinkingTokens: number;
	readonly cut: StopCut | undefined;
	readonly keptTokens: number;
	readonly savedTokens: number;
	/** The answer the chain had stated at the cut (what it would answer), or the final answer when not cut. */
	readonly answerAtCut: string | undefined;
	readonly finalAnswer: string | undefined;
	/** The cut changes the answer: the answer at the cut differs from the final answer (no answer yet counts as a flip). */
	readonly flipped: boolean;
	readonly oracle: OracleCut;
	/** Thinking tokens after the first statement of the final answer (0 when it is never stated): the oracle's yardstick. */
	readonly afterFirstFinal: number;
	/** Tokens of the longest thought. */
	readonly maxThoughtTokens: number;
	readonly goldAnswer: string | undefined;
	/** Full chain's answer vs gold, and the answer at the cut vs gold (undefined without gold). */
	readonly correct: boolean | undefined;
	readonly correctAtCut: boolean | undefined;
	/** Kept ÷ thinking tokens (DEER's CR). */
	readonly compressionRatio: number;
	readonly answerSwitches: number;
	/** Verifier HTTP calls made up to the cut (what a live run would have spent). */
	readonly verifierCalls: number;
}

/** Thinking tokens after the first statement of the final answer, 0 when the thinking never states it. */
function afterFirstFinal(
	timeline: readonly TimelineAnswer[],
	finalForms: readonly string[],
	thinkingTokens: number,
): number {
	const first = timeline.find((answer) => isFinalAnswer(answer.text, finalForms));
	return first === undefined ? 0 : Math.max(0, thinkingTokens - first.tokenOffset);
}

/** Verifier calls made for the thoughts up to and including `lastThought`. */
function callsUpTo(steps: readonly VerifiedThought[], lastThought: number): number {
	let calls = 0;
	for (const step of steps) {
		if (step.thought.index > lastThought) {
			break;
		}
		calls += step.presence.llm?.sent === true ? 1 : 0;
		calls += step.equivalence?.llm?.sent === true ? 1 : 0;
	}
	return calls;
}

/** What evaluating a chain needs: its thoughts, their verdicts, and (optionally) a precomputed reference timeline. */
export interface EvaluationInput {
	readonly trace: TraceRecord;
	readonly thoughts: readonly Thought[];
	readonly steps: readonly VerifiedThought[];
	/** Default: `referenceTimeline(thoughts, trace.problem)`; pass it when evaluating several policies on one chain. */
	readonly timeline?: readonly TimelineAnswer[];
}

/**
 * Evaluates one policy's cut on a recorded, analysed trace. The oracle and the answer at the cut come
 * from the reference timeline (plain answer extraction), the same for every policy and verifier.
 */
export function evaluateTrace(
	input: EvaluationInput,
	policyCut: StopCut | undefined,
): TraceEvaluation {
	const { trace, thoughts, steps } = input;
	const timeline = input.timeline ?? referenceTimeline(thoughts, trace.problem);
	const thinkingTokens = thoughts.at(-1)?.tokenEnd ?? 0;
	const cut =
		policyCut !== undefined && cutRemovesThinking(policyCut, thoughts.length, thinkingTokens)
			? policyCut
			: undefined;
	const finalForms = finalAnswersOf(trace, timeline);
	const finalAnswer = finalForms[0];
	const keptTokens = cut !== undefined ? Math.min(cut.tokenOffset, thinkingTokens) : thinkingTokens;
	const answerAtCut = cut !== undefined ? answerAt(timeline, cut.tokenOffset)?.text : finalAnswer;
	const flipped = cut !== undefined && !isFinalAnswer(answerAtCut, finalForms);
	const gold = trace.goldAnswer?.trim() === '' ? undefined : trace.goldAnswer;
	const correct =
		gold === undefined ? undefined : finalForms.some((form) => sameAnswer(form, gold));
	return {
		id: trace.id,
		thoughts: thoughts.length,
		thinkingTokens,
		cut,
		keptTokens,
		savedTokens: thinkingTokens - keptTokens,
		answerAtCut,
		finalAnswer,
		flipped,
		oracle: oracleCut(thoughts, timeline, finalForms),
		afterFirstFinal: afterFirstFinal(timeline, finalForms, thinkingTokens),
		maxThoughtTokens: thoughts.reduce((max, t) => Math.max(max, t.tokenEnd - t.tokenStart), 0),
		goldAnswer: gold,
		correct,
		// An unflipped cut keeps the final answer, so it is exactly as right as the full chain.
		correctAtCut:
			gold === undefined
				? undefined
				: flipped
					? answerAtCut !== undefined && sameAnswer(answerAtCut, gold)
					: correct,
		compressionRatio: thinkingTokens > 0 ? keptTokens / thinkingTokens : 1,
		answerSwitches: countAnswerSwitches(steps),
		verifierCalls: callsUpTo(steps, cut?.thought ?? Number.POSITIVE_INFINITY),
	};
}
