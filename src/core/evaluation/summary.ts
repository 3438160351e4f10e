import type { TraceEvaluation } from './evaluateTrace';

/** Totals of one policy over many traces. */
export interface EvaluationSummary {
	readonly policy: string;
	readonly traces: number;
	readonly thinkingTokens: number;
	readonly savedTokens: number;
	readonly oracleSavedTokens: number;
	/** Σ thinking tokens after the first statement of the final answer. */
	readonly afterFirstFinalTokens: number;
	/** Σ thoughts, and the longest thought's tokens. */
	readonly thoughts: number;
	readonly maxThoughtTokens: number;
	readonly flips: number;
	readonly cuts: number;
	/** Traces with a gold answer, and how many the full chain and the cut chain get right. */
	readonly graded: number;
	readonly correct: number;
	readonly correctAtCut: number;
	readonly verifierCalls: number;
}

/** Adds up per-trace evaluations. */
export function summarize(
	policy: string,
	evaluations: readonly TraceEvaluation[],
): EvaluationSummary {
	let thinkingTokens = 0;
	let savedTokens = 0;
	let oracleSavedTokens = 0;
	let afterFirstFinalTokens = 0;
	let thoughts = 0;
	let maxThoughtTokens = 0;
	let flips = 0;
	let cuts = 0;
	let graded = 0;
	let correct = 0;
	let correctAtCut = 0;
	let verifierCalls = 0;
	for (const e of evaluations) {
		thinkingTokens += e.thinkingTokens;
		savedTokens += e.savedTokens;
		oracleSavedTokens += e.oracle.savedTokens;
		afterFirstFinalTokens += e.afterFirstFinal;
		thoughts += e.thoughts;
		maxThoughtTokens = Math.max(maxThoughtTokens, e.maxThoughtTokens);
		flips += e.flipped ? 1 : 0;
		cuts += e.cut !== undefined ? 1 : 0;
		verifierCalls += e.verifierCalls;
		if (e.correct !== undefined) {
			graded++;
			correct += e.correct ? 1 : 0;
			correctAtCut += e.correctAtCut === true ? 1 : 0;
		}
	}
	return {
		policy,
		traces: evaluations.length,
		thinkingTokens,
		savedTokens,
		oracleSavedTokens,
		afterFirstFinalTokens,
		thoughts,
		maxThoughtTokens,
		flips,
		cuts,
		graded,
		correct,
		correctAtCut,
		verifierCalls,
	};
}

/** Shares derived from a summary (0 when the denominator is 0). */
export function summaryShares(s: EvaluationSummary): {
	saved: number;
	oracleCaptured: number;
	flipRate: number;
	accuracyDelta: number;
} {
	const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);
	return {
		saved: ratio(s.savedTokens, s.thinkingTokens),
		oracleCaptured: ratio(s.savedTokens, s.oracleSavedTokens),
		flipRate: ratio(s.flips, s.traces),
		accuracyDelta: ratio(s.correctAtCut - s.correct, s.graded),
	};
}
