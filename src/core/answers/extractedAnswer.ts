/**
 * What answer extraction returns and takes: how an answer was stated, where, and the options that say
 * what counts (extract.ts reads them).
 */
import type { ProblemOptions } from './options';
import type { QuestionFocus } from './questionFocus';

/** How the answer was stated, strongest first. */
export type AnswerKind =
	| 'boxed'
	| 'choice'
	| 'final-answer'
	| 'answer-is'
	| 'answer-label'
	| 'conclusion'
	| 'trailing-equals'
	| 'bare';

/** An answer found in a thought, a thinking tail or a final response. */
export interface ExtractedAnswer {
	/** The answer as stated (inside the box, after "the answer is", …), trimmed. */
	readonly value: string;
	/** `normalizeAnswer(value)`: what equivalence starts from. */
	readonly normalized: string;
	readonly kind: AnswerKind;
	/** Offsets of `value` in the text given to `extractAnswer` (`charEnd` exclusive). */
	readonly charStart: number;
	readonly charEnd: number;
	/** The statement is tentative ("maybe 18?", "is that the answer?", "wait", "hmm", "not sure"). */
	readonly hedged: boolean;
}

/**
 * When a bare trailing "= x" (and a concluding sentence, see `conclusions`) counts as an answer
 * (the trade-off measured in docs/benchmarks.md, "Answer extraction"):
 * - `fallback` (default): only when the text states no answer in words or a box, and the equation
 *   ends the text (closing math and unit words aside). "16 - 3 = 13" mid-paragraph never counts.
 * - `last`: like `fallback`, but also when it comes after an explicit statement (a re-computation).
 * - `off`: never.
 */
export type TrailingEqualsMode = 'fallback' | 'last' | 'off';

export interface ExtractOptions {
	readonly trailingEquals?: TrailingEqualsMode;
	/**
	 * Whether a concluding sentence without the word "answer" ("So, she makes $18 every day.") counts,
	 * under the same rule as `trailingEquals` (fallback or last). Default true.
	 */
	readonly conclusions?: boolean;
	/** Whether a trailing "= x" counts, under the `trailingEquals` rule (false: only conclusions). Default true. */
	readonly equations?: boolean;
	/**
	 * The problem's question focus: a trailing "= x" or a concluding sentence counts only when its
	 * sentence is about what the question asks (see questionFocus.ts). Without it, both count as before.
	 */
	readonly question?: QuestionFocus;
	/**
	 * The problem's options when it is multiple choice: "answer H" and a bold letter count as choices,
	 * an option named by its text in a conclusion counts as its letter, and a line that only repeats
	 * an option ("H: False, False") is not an answer.
	 */
	readonly choices?: ProblemOptions;
	/** The problem judges two statements: "both statements are true" is the answer "True, True". */
	readonly statementPair?: boolean;
	/** The problem's text: a "which"/"who" question is answered by a name the problem gives. */
	readonly problem?: string;
}
