import { compareAnswers } from '../answers/equivalence';
import { extractAnswer } from '../answers/extract';
import type { StopCut } from '../policies/stopPolicy';
import { computeSavings, type Savings } from '../../shared/savings';

/** The figures of one run that a comparison puts side by side. */
export interface RunFigures {
	readonly thinkingTokens: number;
	readonly answerTokens: number;
	/** Request → final answer, verifier time included. */
	readonly wallMs: number | undefined;
	readonly verifierMs: number | undefined;
	/** The final answer as extracted from the answer text (falls back to the text itself). */
	readonly answer: string | undefined;
}

/** Original vs trimmed: what the cut saved and whether the answer held. */
export interface RunComparison {
	readonly original: RunFigures;
	readonly trimmed: RunFigures;
	/** The savings against the original, as every view words them (src/shared/savings.ts). */
	readonly savings: Savings;
	readonly savedThinkingTokens: number;
	/** Share of the original's thinking tokens saved, 0–1. */
	readonly savedShare: number;
	readonly savedMs: number | undefined;
	readonly savedTimeShare: number | undefined;
	/** `undefined` when either run has no answer to compare. */
	readonly sameAnswer: boolean | undefined;
	/** How the answers were compared ("numeric", "symbolic", …). */
	readonly comparedBy: string | undefined;
	readonly originalCorrect: boolean | undefined;
	readonly trimmedCorrect: boolean | undefined;
	readonly trigger: string | undefined;
	readonly explanation: string | undefined;
}

/** The answer a reader would take from an answer text: the boxed/"answer is" value, else the trimmed text. */
export function finalAnswerOf(answerText: string): string | undefined {
	const extracted = extractAnswer(answerText);
	if (extracted !== undefined) {
		return extracted.value;
	}
	const trimmed = answerText.trim();
	return trimmed === '' ? undefined : trimmed;
}

/** Compares an untrimmed run with its trimmed replay (or a what-if continuation). */
export function compareRuns(
	original: RunFigures,
	trimmed: RunFigures,
	cut: StopCut | undefined,
	gold?: string,
): RunComparison {
	const savings = computeSavings({
		originalTokens: original.thinkingTokens,
		keptTokens: trimmed.thinkingTokens,
		originalMs: original.wallMs,
		trimmedMs: trimmed.wallMs,
	});
	const both = original.answer !== undefined && trimmed.answer !== undefined;
	const comparison = both ? compareAnswers(original.answer ?? '', trimmed.answer ?? '') : undefined;
	const correct = (answer: string | undefined): boolean | undefined =>
		gold === undefined || gold === '' || answer === undefined
			? undefined
			: compareAnswers(answer, gold).equivalent;
	return {
		original,
		trimmed,
		savings,
		savedThinkingTokens: savings.savedTokens,
		savedShare: savings.tokenShare,
		savedMs: savings.savedMs,
		savedTimeShare: savings.timeShare,
		sameAnswer: comparison?.equivalent,
		comparedBy: comparison?.method,
		originalCorrect: correct(original.answer),
		trimmedCorrect: correct(trimmed.answer),
		trigger: cut?.trigger,
		explanation: cut?.explanation,
	};
}
