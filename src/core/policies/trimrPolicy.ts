import { shortAnswer } from '../verifier/heuristicVerifier';
import type { StatedAnswer, VerifiedThought } from '../verifier/verifiedThought';
import {
	DEFAULT_CONSECUTIVE_ANSWERS,
	OverthinkingCounter,
	type OverthinkingOptions,
} from './overthinkingRule';
import {
	DEFAULT_REPETITION_OCCURRENCES,
	DEFAULT_REPETITION_WINDOW,
	RepetitionDetector,
	type RepetitionHit,
} from './repetitionDetector';
import { PolicyBase, type StopCut, type TextProgress } from './stopPolicy';
import { TokenPieceScanner } from './tokenPieces';
import { readOpening } from './verificationOpener';

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
	 * Default true; false is the previous default and the paper. Chosen by 5-fold cross-validation inside
	 * the training half (`V`, docs/engine.md, "Tuning").
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

/**
 * TrimR (Lin et al.): three rules, the first to fire cuts.
 * - Overthinking: M consecutive equivalent answers after the first (see OverthinkingCounter); the
 *   cut is at the end of the thought that reached M.
 * - Underthinking: the chain has used `budgetShare` of the token budget AND produced `thoughts`
 *   thoughts AND has not converged. The sources disagree on AND vs OR; AND is used because 20
 *   thoughts alone comes early in long chains that are still making progress, and the budget alone
 *   would cut chains that converge late but steadily. Cut at the end of the thought that crossed both.
 * - Repetition: a window of `window` pieces seen `occurrences` times (rolling hash); cut where the
 *   last occurrence completes.
 */
export class TrimrPolicy extends PolicyBase {
	readonly description: string;
	private readonly cutAtStatement: boolean;
	private readonly longAfter: number | undefined;
	private readonly givenNumbers: boolean;
	private readonly rederivedNeedsMore: boolean;
	private readonly weakNeedsMore: boolean;
	private readonly verificationOpener: boolean;
	/** The last answer, when an opener that re-checks the whole solution would confirm it (V = 1). */
	private awaitingOpener: (VerifiedThought & { readonly answer: StatedAnswer }) | undefined;
	/** The thinking text from the end of the last thought handed to `thought` on (V = 1 only). */
	private sinceLastThought = '';
	/** M in force for the last thought seen (the long-chain rule raises it). */
	private needed: number;
	private readonly counter: OverthinkingCounter;
	private readonly under: Required<UnderthinkingOptions> | undefined;
	private readonly repetition: RepetitionDetector | undefined;
	private readonly scanner = new TokenPieceScanner();
	private lastAnswer: StatedAnswer | undefined;
	private switches = 0;
	private answers = 0;

	constructor(
		options: TrimrOptions = {},
		readonly name: 'trimr' | 'trimr-paper' = 'trimr',
	) {
		super();
		this.counter = new OverthinkingCounter(options);
		this.cutAtStatement = (options.cutAt ?? 'statement') === 'statement';
		this.longAfter =
			options.longChain === false
				? undefined
				: (options.longChain ?? DEFAULT_LONG_CHAIN).afterTokens;
		if (this.longAfter !== undefined && !(this.longAfter >= 0)) {
			throw new Error(
				`the long-chain threshold L must be a number of tokens ≥ 0, got ${this.longAfter}`,
			);
		}
		this.givenNumbers = options.givenNumbers ?? true;
		this.rederivedNeedsMore = options.rederivedNeedsMore ?? false;
		this.weakNeedsMore = options.weakNeedsMore ?? false;
		this.verificationOpener = options.verificationOpener ?? true;
		this.needed = this.counter.m;
		this.under =
			options.underthinking === false
				? undefined
				: {
						tokenBudget: options.underthinking?.tokenBudget ?? DEFAULT_TOKEN_BUDGET,
						budgetShare: options.underthinking?.budgetShare ?? 0.5,
						thoughts: options.underthinking?.thoughts ?? 20,
					};
		this.repetition =
			options.repetition === false
				? undefined
				: new RepetitionDetector(
						options.repetition?.window ?? DEFAULT_REPETITION_WINDOW,
						options.repetition?.occurrences ?? DEFAULT_REPETITION_OCCURRENCES,
					);
		const parts = [
			`M = ${this.counter.m}` +
				(this.longAfter !== undefined
					? ` (${this.counter.m + 1} from ${this.longAfter} tokens on)`
					: '') +
				(this.givenNumbers ? ', one more for an answer given in the problem' : '') +
				(this.rederivedNeedsMore ? ', one more for an answer only re-derived' : '') +
				(this.weakNeedsMore ? ', one more for a weak confirming statement' : '') +
				(this.verificationOpener ? ', an opener re-checking the whole solution confirms' : '') +
				(options.tolerateOneDisagreement === true ? ', one disagreement tolerated' : '') +
				`, cut ${this.cutAtStatement ? 'after the confirming statement' : 'at the end of the thought'}`,
		];
		if (this.under !== undefined) {
			parts.push(
				`underthinking at ${Math.round(this.under.budgetShare * 100)} % of ` +
					`${this.under.tokenBudget} tokens and ${this.under.thoughts} thoughts`,
			);
		}
		if (this.repetition !== undefined) {
			parts.push(`repetition ${this.repetition.window} pieces × ${this.repetition.occurrences}`);
		}
		this.description = `${name === 'trimr-paper' ? 'TrimR as published' : 'TrimR'} (${parts.join('; ')})`;
	}

	protected override text(progress: TextProgress): StopCut | undefined {
		if (this.verificationOpener) {
			this.sinceLastThought += progress.text;
			const confirmed = this.openerCut(this.sinceLastThought, false);
			if (confirmed !== undefined) {
				return confirmed;
			}
		}
		return this.repeated(progress);
	}

	/** The repetition rule on arriving text. */
	private repeated(progress: TextProgress): StopCut | undefined {
		const detector = this.repetition;
		if (detector === undefined || progress.text.length === 0) {
			return undefined;
		}
		let cut: StopCut | undefined;
		const found = (hit: RepetitionHit, tokenOffset: number, unit: string): StopCut => ({
			policy: this.name,
			thought: progress.thoughtIndex,
			tokenOffset,
			trigger: 'repetition',
			explanation:
				`The same ${detector.window}-${unit} passage has now appeared ${hit.occurrences} times ` +
				`(${unit === 'token' ? 'token ids' : `"${shortAnswer(hit.passage, 60)}"`}): the chain is looping.`,
		});
		const ids = progress.tokenIds;
		if (ids !== undefined && ids.length > 0) {
			for (let i = 0; i < ids.length && cut === undefined; i++) {
				const hit = detector.push(ids[i] ?? 0);
				if (hit !== undefined) {
					cut = found(hit, Math.min(progress.tokenEnd, progress.tokenStart + i + 1), 'token');
				}
			}
			return cut;
		}
		this.scanner.scan(progress.text, (piece, index) => {
			if (cut !== undefined) {
				return;
			}
			const hit = detector.push(piece);
			if (hit !== undefined) {
				const share = (index + 1) / progress.text.length;
				cut = found(
					hit,
					progress.tokenStart + Math.round(share * (progress.tokenEnd - progress.tokenStart)),
					'piece',
				);
			}
		});
		return cut;
	}

	protected thought(step: VerifiedThought): StopCut | undefined {
		const index = step.thought.index;
		if (this.verificationOpener) {
			// The opening an answer waits for, whole: its text was too short to decide on as it came.
			const confirmed = this.openerCut(step.thought.text, true);
			this.awaitingOpener = undefined;
			this.sinceLastThought = this.sinceLastThought.slice(step.thought.text.length);
			if (confirmed !== undefined) {
				return confirmed;
			}
		}
		if (step.answer !== undefined) {
			this.answers++;
			if (this.lastAnswer !== undefined && step.equivalence?.yes !== true) {
				this.switches++;
			}
			this.lastAnswer = step.answer;
			this.counter.add({ ...step, answer: step.answer });
			this.needed = agreeingNeeded(
				this.counter.m,
				this.longAfter !== undefined && step.thought.tokenEnd >= this.longAfter,
				this.givenNumbers && step.answer.givenInProblem === true,
				(this.rederivedNeedsMore && step.answer.extracted === undefined) ||
					(this.weakNeedsMore && isWeakStatement(step.answer)),
			);
			const answered = { ...step, answer: step.answer };
			if (this.counter.agreeing >= this.needed) {
				return this.statementCut(
					answered,
					`Answer ${shortAnswer(step.answer.text)} has now been stated ${this.counter.agreeing + 1} ` +
						`times in a row (thoughts ${this.runThoughts(index)}): the chain has converged and is re-verifying.`,
				);
			}
			if (this.verificationOpener && this.counter.agreeing + 1 >= this.needed) {
				this.awaitingOpener = answered;
				const confirmed = this.openerCut(this.sinceLastThought, false);
				if (confirmed !== undefined) {
					return confirmed;
				}
			}
		}
		const under = this.under;
		if (
			under !== undefined &&
			index + 1 >= under.thoughts &&
			step.thought.tokenEnd >= under.budgetShare * under.tokenBudget
		) {
			const answerNote =
				this.lastAnswer !== undefined
					? `${this.switches} answer switches, last answer ${shortAnswer(this.lastAnswer.text)}`
					: 'no answer stated yet';
			return {
				policy: this.name,
				thought: index,
				tokenOffset: step.thought.tokenEnd,
				trigger: 'underthinking',
				explanation:
					`${step.thought.tokenEnd} of the ${under.tokenBudget}-token budget used ` +
					`(≥ ${Math.round(under.budgetShare * 100)} %) over ${index + 1} thoughts without converging ` +
					`(${answerNote}).`,
			};
		}
		return undefined;
	}

	/** The overthinking cut at `step`: right after its statement, or at the end of the thought. */
	private statementCut(
		step: VerifiedThought & { readonly answer: StatedAnswer },
		explanation: string,
	): StopCut {
		const atStatement = this.cutAtStatement && step.answer.charEnd !== undefined;
		return {
			policy: this.name,
			thought: step.thought.index,
			tokenOffset: atStatement
				? Math.min(step.answer.tokenOffset, step.thought.tokenEnd)
				: step.thought.tokenEnd,
			charOffset: atStatement ? step.thought.charStart + (step.answer.charEnd ?? 0) : undefined,
			trigger: 'overthinking',
			explanation,
		};
	}

	/**
	 * The cut after the answer awaiting an opener, once `opening` (the next thought's text so far, or
	 * all of it when `complete`) is read as a re-check of the whole solution.
	 */
	private openerCut(opening: string, complete: boolean): StopCut | undefined {
		const step = this.awaitingOpener;
		if (step === undefined) {
			return undefined;
		}
		const reading = readOpening(opening, complete);
		if (reading === 'undecided') {
			return undefined;
		}
		this.awaitingOpener = undefined;
		if (reading !== 'whole-check') {
			return undefined;
		}
		const index = step.thought.index;
		const stated =
			this.counter.agreeing === 0
				? `stated in thought ${index + 1}`
				: `stated ${this.counter.agreeing + 1} times in a row (thoughts ${this.runThoughts(index)})`;
		return this.statementCut(
			step,
			`Answer ${shortAnswer(step.answer.text)} was ${stated}, and thought ${index + 2} opens by ` +
				're-checking the whole solution: the chain believes it is done.',
		);
	}

	protected summary(): string {
		if (this.lastAnswer === undefined) {
			return 'no answer yet';
		}
		return `${this.counter.agreeing} of ${this.needed} equivalent answers (answer ${shortAnswer(this.lastAnswer.text, 24)})`;
	}

	private runThoughts(last: number): string {
		const first = this.counter.runStart ?? last;
		return `${first + 1}–${last + 1}`;
	}
}
