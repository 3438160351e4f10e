import { shortAnswer } from '../verifier/heuristicVerifier';
import type { StatedAnswer, VerifiedThought } from '../verifier/verifiedThought';
import { OverthinkingCounter } from './overthinkingRule';
import {
	DEFAULT_REPETITION_OCCURRENCES,
	DEFAULT_REPETITION_WINDOW,
	RepetitionDetector,
	type RepetitionHit,
} from './repetitionDetector';
import { PolicyBase, type StopCut, type TextProgress } from './stopPolicy';
import { TokenPieceScanner } from './tokenPieces';
import {
	agreeingNeeded,
	DEFAULT_LONG_CHAIN,
	DEFAULT_TOKEN_BUDGET,
	isWeakStatement,
	type TrimrOptions,
	type UnderthinkingOptions,
} from './trimrSettings';
import { readOpening } from './verificationOpener';

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
		this.verificationOpener = options.verificationOpener ?? false;
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
