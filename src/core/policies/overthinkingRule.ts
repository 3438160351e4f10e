import { answersEquivalent } from '../answers/equivalence';
import type { StatedAnswer, VerifiedThought } from '../verifier/verifiedThought';

/** TrimR's overthinking rule settings. */
export interface OverthinkingOptions {
	/** M: cut after M consecutive answers equivalent to the first of the run (default 1; the paper's 2 is `TRIMR_PAPER`). */
	readonly consecutiveAnswers?: number;
	/**
	 * Tolerate one disagreeing answer inside a run (A A B A stops like A A A): the disagreeing answer
	 * neither counts nor resets; a second disagreement resets. Default false (the paper's strict reset).
	 */
	readonly tolerateOneDisagreement?: boolean;
}

/**
 * M = 1: two agreeing statements. On the training half of the real traces, M = 1 with the cut right
 * after the confirming statement keeps flips under 1 % while capturing most of the oracle's saving;
 * M = 2 captures about a third (docs/engine.md, "Tuning").
 */
export const DEFAULT_CONSECUTIVE_ANSWERS = 1;

/**
 * The counter of TrimR's Algorithm 1. Fed only answer-bearing thoughts (p1 = yes). Strict mode:
 * p2 (this answer vs the previous answer-bearing thought's) yes → counter + 1, no → reset to 0.
 * Tolerant mode keeps the run's first answer as reference: after a tolerated disagreement, the next
 * answer's equivalence to the reference is decided by the answer-equivalence rules (p2 only compares
 * adjacent answers), and if it instead agrees with the disagreeing answer, that one starts the new run.
 */
export class OverthinkingCounter {
	readonly m: number;
	private readonly tolerant: boolean;
	private reference: { index: number; answer: StatedAnswer } | undefined;
	private count = 0;
	private strike: { index: number; answer: StatedAnswer } | undefined;
	private previousWasStrike = false;

	constructor(options: OverthinkingOptions = {}) {
		this.m = options.consecutiveAnswers ?? DEFAULT_CONSECUTIVE_ANSWERS;
		if (!Number.isInteger(this.m) || this.m < 1) {
			throw new Error(`consecutive answers (M) must be a positive integer, got ${this.m}`);
		}
		this.tolerant = options.tolerateOneDisagreement ?? false;
	}

	/** Equivalent answers counted after the run's first. */
	get agreeing(): number {
		return this.count;
	}

	/** The thought that started the current run. */
	get runStart(): number | undefined {
		return this.reference?.index;
	}

	/** Whether the counter has reached M. */
	get converged(): boolean {
		return this.count >= this.m;
	}

	/** Feeds an answer-bearing thought. */
	add(step: VerifiedThought & { readonly answer: StatedAnswer }): void {
		const index = step.thought.index;
		const matchesPrevious = step.equivalence?.yes === true;
		if (this.reference === undefined) {
			this.start(index, step.answer);
			return;
		}
		if (!this.tolerant) {
			if (matchesPrevious) {
				this.count++;
			} else {
				this.start(index, step.answer);
			}
			return;
		}
		const matchesReference = this.previousWasStrike
			? answersEquivalent(this.reference.answer.text, step.answer.text)
			: matchesPrevious;
		if (matchesReference) {
			this.count++;
			this.previousWasStrike = false;
			return;
		}
		if (this.strike === undefined && !this.previousWasStrike) {
			this.strike = { index, answer: step.answer };
			this.previousWasStrike = true;
			return;
		}
		// Second disagreement: a new run, started by the earlier disagreeing answer when this one agrees with it.
		const previousStrike = this.previousWasStrike ? this.strike : undefined;
		if (previousStrike !== undefined && matchesPrevious) {
			this.start(previousStrike.index, previousStrike.answer);
			this.count = 1;
		} else {
			this.start(index, step.answer);
		}
	}

	private start(index: number, answer: StatedAnswer): void {
		this.reference = { index, answer };
		this.count = 0;
		this.strike = undefined;
		this.previousWasStrike = false;
	}
}
