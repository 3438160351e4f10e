import { answersEquivalent } from '../answers/equivalence';
import { shortAnswer } from '../verifier/heuristicVerifier';
import type { StatedAnswer, VerifiedThought } from '../verifier/verifiedThought';
import { PolicyBase, type StopCut } from './stopPolicy';

/** Dynasor-CoT settings (docs/engine.md#dynasor-cot-style-dynasor-offline-approximation; defaults T = 64, N = 3). */
export interface DynasorOptions {
	/** T: probe every this many thinking tokens. Default 64. */
	readonly interval?: number;
	/** N: the last N probes must all be certain and agree. Default 3. */
	readonly agreeing?: number;
	/** A probe answer containing one of these (case-insensitive substring) is uncertain. */
	readonly hedgeWords?: readonly string[];
}

/** Dynasor's hedge list (`wait, hold, but, okay, no, hmm`). */
export const DYNASOR_HEDGE_WORDS: readonly string[] = ['wait', 'hold', 'but', 'okay', 'no', 'hmm'];

/** One probe's outcome. */
/** Dynasor's T and N, checked, and its hedge words in lower case; the defaults where unset. */
export function dynasorSettings(options: DynasorOptions): {
	readonly interval: number;
	readonly agreeing: number;
	readonly hedgeWords: readonly string[];
} {
	const interval = options.interval ?? 64;
	const agreeing = options.agreeing ?? 3;
	if (!(interval >= 1) || !Number.isInteger(agreeing) || agreeing < 1) {
		throw new Error(
			`Dynasor needs T ≥ 1 and an integer N ≥ 1 (got T = ${interval}, N = ${agreeing})`,
		);
	}
	const hedgeWords = (options.hedgeWords ?? DYNASOR_HEDGE_WORDS).map((w) => w.toLowerCase());
	return { interval, agreeing, hedgeWords };
}

interface ProbeOutcome {
	readonly tokenOffset: number;
	readonly answer: StatedAnswer | undefined;
	readonly certain: boolean;
}

/**
 * Dynasor-CoT style, offline: a probe every T tokens, stop when the last N probes gave the same
 * certain answer. Offline there is no model to probe, so the probe at token t returns the answer the
 * chain had stated by t (the last stated answer ending at or before t): this assumes a model forced
 * to answer at t gives the answer it last wrote down, and gives no answer before its first statement
 * (a real probe can guess earlier). A probe is uncertain when that statement was hedged ("is that the
 * answer?") or its text contains a hedge word (Dynasor's substring filter). Probes at points inside a
 * thought are evaluated when the thought closes; the cut is at the probe's token offset.
 */
export class DynasorPolicy extends PolicyBase {
	readonly name = 'dynasor';
	readonly description: string;
	private readonly interval: number;
	private readonly agreeing: number;
	private readonly hedgeWords: readonly string[];
	private nextProbe: number;
	private stated: StatedAnswer | undefined;
	private recent: ProbeOutcome[] = [];
	private probes = 0;

	constructor(options: DynasorOptions = {}) {
		super();
		({
			interval: this.interval,
			agreeing: this.agreeing,
			hedgeWords: this.hedgeWords,
		} = dynasorSettings(options));
		this.nextProbe = this.interval;
		this.description =
			`Dynasor-CoT style (probe every ${this.interval} tokens, ${this.agreeing} ` +
			'agreeing certain answers; offline: the answer stated so far stands in for the ' +
			'probe)';
	}

	protected thought(step: VerifiedThought): StopCut | undefined {
		const answer = step.answer;
		while (this.nextProbe <= step.thought.tokenEnd) {
			const at = this.nextProbe;
			this.nextProbe += this.interval;
			// The probe sees this thought's answer only once the statement has been written.
			const current = answer !== undefined && answer.tokenOffset <= at ? answer : this.stated;
			const cut = this.probe(at, current, step.thought.index);
			if (cut !== undefined) {
				return cut;
			}
		}
		if (answer !== undefined) {
			this.stated = answer;
		}
		return undefined;
	}

	protected summary(): string {
		const certain = this.recent.filter((p) => p.certain && p.answer !== undefined).length;
		const last = this.recent.at(-1)?.answer;
		return (
			`${this.probes} probes; last ${this.recent.length} give ` +
			`${last !== undefined ? shortAnswer(last.text, 24) : 'no answer'} (${certain} ` +
			`certain, need ${this.agreeing} agreeing)`
		);
	}

	private probe(
		tokenOffset: number,
		answer: StatedAnswer | undefined,
		thought: number,
	): StopCut | undefined {
		this.probes++;
		const certain =
			answer !== undefined &&
			!answer.hedged &&
			!this.hedgeWords.some((w) => answer.text.toLowerCase().includes(w));
		this.recent.push({ tokenOffset, answer, certain });
		if (this.recent.length > this.agreeing) {
			this.recent.shift();
		}
		if (this.recent.length < this.agreeing || !this.recent.every((p) => p.certain)) {
			return undefined;
		}
		const first = this.recent[0]?.answer;
		if (
			first === undefined ||
			!this.recent.every(
				(p) =>
					p.answer === first ||
					(p.answer !== undefined && answersEquivalent(first.text, p.answer.text)),
			)
		) {
			return undefined;
		}
		return {
			policy: 'dynasor',
			thought,
			tokenOffset,
			trigger: 'probe-consensus',
			explanation:
				`The last ${this.agreeing} probes (every ${this.interval} tokens, up to token ` +
				`${tokenOffset}) all gave ${shortAnswer(first.text)} with no hedge.`,
		};
	}
}
