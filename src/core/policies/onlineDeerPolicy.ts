import { shortAnswer } from '../verifier/heuristicVerifier';
import type { VerifiedThought } from '../verifier/verifiedThought';
import type { DeerOptions } from './deerPolicy';
import { PolicyBase, type StopCut } from './stopPolicy';
import type { TrialAnswerer, TrialResult } from './trialAnswer';

/** Online DEER settings: the offline ones (the window is not used) plus the trial port and the problem. */
export interface OnlineDeerOptions extends DeerOptions {
	readonly answerer: TrialAnswerer;
	readonly problem?: string;
	/** Cancels trials in flight (the run's signal). */
	readonly signal?: AbortSignal;
}

/**
 * DEER, online (docs/evaluation.md#deer-online): at each thought opened by a transition marker ("Wait"), the model is
 * asked for a trial answer from the thinking before that thought (through the `TrialAnswerer` port) while
 * the main stream goes on; when its confidence (mean max-token probability of the trial answer) exceeds
 * λ, the cut is at the start of that thought, as DEER ends the thinking there. The segmenter reports a
 * thought when it closes, so the trial starts then; trials run one after another in chain order, so the
 * earliest confident boundary wins. A failed trial counts as confidence 0 and is reported in the state line.
 */
export class OnlineDeerPolicy extends PolicyBase {
	readonly name = 'deer';
	readonly description: string;
	private readonly threshold: number;
	private readonly markers: readonly string[];
	private thinking = '';
	private queue: Promise<void> = Promise.resolve();
	private pending = 0;
	private trials = 0;
	private failures = 0;
	private lastError: string | undefined;
	private last: TrialResult | undefined;

	constructor(private readonly options: OnlineDeerOptions) {
		super();
		this.threshold = options.threshold ?? 0.95;
		if (!(this.threshold > 0 && this.threshold <= 1)) {
			throw new Error(`DEER needs 0 < λ ≤ 1, got ${this.threshold}`);
		}
		this.markers = (options.transitionMarkers ?? ['Wait']).map((m) => m.toLowerCase());
		this.description =
			`DEER (online trial answer at each ${this.markers.join('/')} thought, exit when its ` +
			`confidence > ${this.threshold})`;
	}

	/** Resolves when every trial started so far has been handled; for tests and orderly shutdown. */
	async settled(): Promise<void> {
		let seen: Promise<void> | undefined;
		while (seen !== this.queue) {
			seen = this.queue;
			await seen;
		}
	}

	protected thought(step: VerifiedThought): StopCut | undefined {
		const thought = step.thought;
		const opener = thought.opener;
		const isTransition =
			opener?.kind === 'marker' && this.markers.includes(opener.marker.toLowerCase());
		if (isTransition && thought.index > 0 && this.options.signal?.aborted !== true) {
			const request = {
				problem: this.options.problem,
				thinking: this.thinking,
				tokenOffset: thought.tokenStart,
			};
			const marker = opener.marker;
			this.pending++;
			this.queue = this.queue
				.then(async () => {
					if (this.cut !== undefined || this.options.signal?.aborted === true) {
						return;
					}
					this.handle(
						await this.options.answerer.trial(request, this.options.signal),
						thought.index,
						thought.tokenStart,
						marker,
					);
				})
				.catch(() => undefined)
				.finally(() => {
					this.pending--;
				});
		}
		this.thinking += thought.text;
		return undefined;
	}

	protected summary(): string {
		const failed =
			this.failures > 0 ? `; ${this.failures} trials failed (${this.lastError ?? ''})` : '';
		const last =
			this.last === undefined
				? 'no trial answered yet'
				: `last trial ${this.last.answer !== undefined ? shortAnswer(this.last.answer, 24) : 'gave no answer'} ` +
					`at confidence ${this.last.confidence.toFixed(2)}`;
		const waiting = this.pending > 0 ? `, ${this.pending} pending` : '';
		return `${this.trials} trials${waiting}; ${last} (λ = ${this.threshold})${failed}`;
	}

	private handle(result: TrialResult, index: number, tokenOffset: number, marker: string): void {
		this.trials++;
		this.last = result;
		if (result.error !== undefined) {
			this.failures++;
			this.lastError = result.error;
		}
		if (result.answer === undefined || !(result.confidence > this.threshold)) {
			return;
		}
		this.cutLater({
			policy: 'deer',
			thought: index - 1,
			tokenOffset,
			trigger: 'confident-answer',
			explanation:
				`At "${marker}" (thought ${index + 1}) the model's trial answer ` +
				`${shortAnswer(result.answer)} has confidence ${result.confidence.toFixed(3)} > ` +
				`${this.threshold} (mean max-token probability over the answer).`,
		});
	}
}
