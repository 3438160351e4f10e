/**
 * TrimR's settings and their defaults, and the facts about a stated answer its rules read (how many
 * agreeing answers it needs, whether the statement commits in words).
 */
import type { StatedAnswer } from '../verifier/verifiedThought';
import { DEFAULT_CONSECUTIVE_ANSWERS, type OverthinkingOptions } from './overthinkingRule';

/** TrimR's underthinking rule settings (paper: 50 % of a 30K budget and 20 thoughts). */
export interface UnderthinkingOptions {
	/** The generation's thinking-token budget (max_tokens). Default 32768. */
	readonly tokenBudget?: number;
	/** Share of the budget (R_thres). Default 0.5. */
	readonly budgetShare?: number;
	/** Thought count (N_thres). Default 20. */
	readonly thoughts?: number;
}

/** TrimR's repetition rule settings. */
export interface RepetitionOptions {
	/** Pieces (token ids, or token-like text pieces) per window. Default 48. */
	readonly window?: number;
	/** Occurrences of the same window that make a loop. Default 3. */
	readonly occurrences?: number;
}

/** All TrimR settings; `false` turns a rule off. */
export interface TrimrOptions extends OverthinkingOptions {
	readonly underthinking?: UnderthinkingOptions | false;
	readonly repetition?: RepetitionOptions | false;
	/**
	 * Where the overthinking rule cuts: right after the statement that reached M (`statement`, the
	 * default: the rest of that thought is more re-checking) or at the end of its thought (`thought`,
	 * the paper).
	 */
	readonly cutAt?: 'statement' | 'thought';
	/**
	 * Long chains need more agreement: once the thinking has reached `afterTokens` (L), the overthinking
	 * rule needs one more agreeing answer than M. Long chains are hard problems whose intermediate
	 * results recur; on the training half, M = 1 flipped 2 of the 7 chains over 2k tokens (M + 1: 1),
	 * against 4 of 750 below. `false` uses M throughout (the paper). Sweeping L moves TrimR between M
	 * and M + 1 (L = 0 is M + 1 everywhere).
	 */
	readonly longChain?: { readonly afterTokens: number } | false;
	/**
	 * An answer whose numbers are all given in the problem (`StatedAnswer.givenInProblem`) needs one
	 * more agreeing answer: it is often a given restated on the way, and a chain that restates it twice
	 * has not finished. Default true; false is the paper. Chosen by 5-fold cross-validation inside the
	 * training half (docs/engine.md, "Tuning").
	 */
	readonly givenNumbers?: boolean;
	/**
	 * An answer stated without an answer phrase (`StatedAnswer.extracted` absent: the heuristic
	 * verifier saw the chain re-derive the answer under discussion, "so 1000 − 750 is 250", or only an
	 * LLM verifier saw an answer) needs one more agreeing answer. Such a re-derivation is often an
	 * intermediate value on the way: on the training half, 4 of 93 confirmed nothing final, against 1
	 * of 100 concluding sentences. Default false: it costs about a fifth of the saving, so it is a
	 * gentler setting of the sweep (`R`), not the default.
	 */
	readonly rederivedNeedsMore?: boolean;
	/**
	 * An answer confirmed by a weak statement (a concluding sentence, a closing "= x", a bare value, or
	 * re-derived without an answer phrase; see `isWeakStatement`) needs one more agreeing answer; a
	 * confirmation that says "the answer is", boxes it or names a choice does not. On the training half
	 * (under 2k tokens) 5 of 204 first weak confirmations were not the final answer, none of 107 strong
	 * ones. Includes `rederivedNeedsMore`. Default false: a gentle setting of the sweep (`S`), between M
	 * and M + 1 (docs/engine.md, "Tuning").
	 */
	readonly weakNeedsMore?: boolean;
	/**
	 * A thought that opens by re-checking the whole solution ("Wait, let me double-check my calculations
	 * to make sure I didn't make a mistake"; `readOpening`) counts as one more agreeing answer for the
	 * answer stated in the thought before it: the chain believes it is done. The cut is after that
	 * statement, decided from the opener's first words (about 20 tokens), before the check is written.
	 * Default false: chosen by 5-fold cross-validation inside the training half, it doubled the flips on
	 * the held-out half (1.96 % against 0.98 %), so it is a setting of the sweep (`V`), not the default
	 * (docs/engine.md, "Tuning").
	 */
	readonly verificationOpener?: boolean;
}

/** The default long-chain rule: from 2,000 thinking tokens on, one more agreeing answer. */
export const DEFAULT_LONG_CHAIN = { afterTokens: 2000 } as const;

/** TrimR as published: M = 2 (three agreeing answers), the cut at the end of the thought. */
export const TRIMR_PAPER: TrimrOptions = {
	consecutiveAnswers: 2,
	cutAt: 'thought',
	longChain: false,
	givenNumbers: false,
	verificationOpener: false,
};

/**
 * Agreeing answers needed after the first: M, one more on a long chain, one more for a restated given,
 * one more for an answer only re-derived.
 */
export function agreeingNeeded(
	m: number,
	long: boolean,
	givenInProblem: boolean,
	rederived = false,
): number {
	return m + (long ? 1 : 0) + (givenInProblem ? 1 : 0) + (rederived ? 1 : 0);
}

/** Statement kinds that commit to an answer: boxed, "final answer", "the answer is", "Answer:", a choice. */
const STRONG_KINDS: ReadonlySet<string> = new Set([
	'boxed',
	'final-answer',
	'answer-is',
	'answer-label',
	'choice',
]);

/**
 * A statement that does not commit in words: a concluding sentence, a closing "= x", a bare value, or
 * an answer only re-derived (no extraction).
 */
export function isWeakStatement(answer: StatedAnswer): boolean {
	return answer.extracted === undefined || !STRONG_KINDS.has(answer.extracted.kind);
}

/** M when the user has not set it: the tuned default for `trimr`, the paper's for `trimr-paper`. */
export function defaultConsecutiveAnswers(policy: string): number {
	return policy === 'trimr-paper'
		? (TRIMR_PAPER.consecutiveAnswers ?? DEFAULT_CONSECUTIVE_ANSWERS)
		: DEFAULT_CONSECUTIVE_ANSWERS;
}

export const DEFAULT_TOKEN_BUDGET = 32768;
