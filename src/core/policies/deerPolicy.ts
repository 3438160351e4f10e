import { answersEquivalent } from '../answers/equivalence';
import { shortAnswer } from '../verifier/heuristicVerifier';
import type { StatedAnswer, VerifiedThought } from '../verifier/verifiedThought';
import { PolicyBase, type StopCut } from './stopPolicy';

/** DEER settings (docs/engine.md#deer-style-deer-offline-approximation). */
export interface DeerOptions {
	/** Exit when the confidence exceeds λ. Default 0.95 (the paper's). */
	readonly threshold?: number;
	/** Thought openers that are trial points (action transition points). Default ["Wait"]. */
	readonly transitionMarkers?: readonly string[];
	/** How many of the latest stated answers the offline confidence looks at. Default 2. */
	readonly window?: number;
}

/**
 * DEER style, offline. DEER tries an answer at each "Wait" (the thought opener) and exits when the
 * model's confidence in that trial answer (mean max-token probability) exceeds λ = 0.95. Offline
 * there is no model to try, so:
 * - the trial answer at a Wait is the answer the chain had stated before it (none → no exit);
 * - the confidence is the stated answer's stability: the share of the last `window` answer-bearing
 *   thoughts whose answer is equivalent to the trial answer, and 0 when the trial answer is hedged or
 *   fewer than `window` answers have been stated. With λ = 0.95 and window 2 this means: exit at the
 *   first Wait after two consecutive, agreeing, unhedged answer statements.
 * The cut is at the start of the Wait thought (DEER appends `</think>` there); the forced exit at
 * `think_ratio · max_len` is the budget policy's job and is not repeated here.
 */
export class DeerPolicy extends PolicyBase {
	readonly name = 'deer';
	readonly description: string;
	private readonly threshold: number;
	private readonly markers: readonly string[];
	private readonly window: number;
	private readonly answers: StatedAnswer[] = [];
	private trials = 0;
	private lastConfidence: number | undefined;

	constructor(options: DeerOptions = {}) {
		super();
		this.threshold = options.threshold ?? 0.95;
		this.markers = (options.transitionMarkers ?? ['Wait']).map((m) => m.toLowerCase());
		this.window = options.window ?? 2;
		if (!Number.isInteger(this.window) || this.window < 1) {
			throw new Error(`DEER window must be a positive integer, got ${this.window}`);
		}
		this.description =
			`DEER style (trial at each ${this.markers.join('/')} thought, exit when ` +
			`confidence > ${this.threshold}; offline confidence = agreement of the last ` +
			`${this.window} stated answers)`;
	}

	protected thought(step: VerifiedThought): StopCut | undefined {
		const opener = step.thought.opener;
		const isTransition =
			opener?.kind === 'marker' && this.markers.includes(opener.marker.toLowerCase());
		if (isTransition && step.thought.index > 0) {
			const cut = this.trial(step);
			if (cut !== undefined) {
				return cut;
			}
		}
		if (step.answer !== undefined) {
			this.answers.push(step.answer);
			if (this.answers.length > this.window) {
				this.answers.shift();
			}
		}
		return undefined;
	}

	protected summary(): string {
		const confidence =
			this.lastConfidence === undefined
				? 'no trial yet'
				: `last trial confidence ${this.lastConfidence.toFixed(2)}`;
		return `${this.trials} trials; ${confidence} (λ = ${this.threshold})`;
	}

	private trial(step: VerifiedThought): StopCut | undefined {
		this.trials++;
		const trial = this.answers.at(-1);
		const confidence = trial === undefined ? 0 : this.confidence(trial);
		this.lastConfidence = confidence;
		if (trial === undefined || confidence <= this.threshold) {
			return undefined;
		}
		return {
			policy: 'deer',
			thought: Math.max(0, step.thought.index - 1),
			tokenOffset: step.thought.tokenStart,
			trigger: 'confident-answer',
			explanation:
				`At "${step.thought.opener?.kind === 'marker' ? step.thought.opener.marker : 'Wait'}" ` +
				`(thought ${step.thought.index + 1}) the trial answer ${shortAnswer(trial.text)} ` +
				`has confidence ${confidence.toFixed(2)} > ${this.threshold} (the last ` +
				`${this.window} stated answers agree).`,
		};
	}

	private confidence(trial: StatedAnswer): number {
		if (trial.hedged || this.answers.length < this.window) {
			return 0;
		}
		const agreeing = this.answers.filter(
			(a) => a === trial || answersEquivalent(a.text, trial.text),
		).length;
		return agreeing / this.window;
	}
}
