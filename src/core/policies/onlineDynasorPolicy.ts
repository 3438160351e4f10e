import { answersEquivalent } from '../answers/equivalence';
import { shortAnswer } from '../verifier/heuristicVerifier';
import type { VerifiedThought } from '../verifier/verifiedThought';
import { dynasorSettings, type DynasorOptions } from './dynasorPolicy';
import type { Prober, ProbeResult } from './prober';
import { PolicyBase, type StopCut, type TextProgress } from './stopPolicy';

/** Online Dynasor settings: the offline ones plus the prober and the problem text. */
export interface OnlineDynasorOptions extends DynasorOptions {
	readonly prober: Prober;
	readonly problem?: string;
	/** Cancels probes in flight (the run's signal). */
	readonly signal?: AbortSignal;
}

interface ProbeOutcome {
	readonly tokenOffset: number;
	readonly thought: number;
	readonly answer: string | undefined;
	readonly certain: boolean;
}

/**
 * Dynasor-CoT, online: every T thinking tokens, a probe asks the reasoning model itself for a forced
 * answer (through the `Prober` port) while the main stream goes on; when the last N probes are all
 * certain (no hedge word in the probe's output) and agree, the cut is at the last probe's token offset.
 * At most one probe is in flight: a probe point that comes while one runs is skipped, as the stream
 * outruns a slow server. Cuts arrive asynchronously through the cut listener. A failed probe counts as
 * an empty (uncertain) answer and is reported in the state line.
 */
export class OnlineDynasorPolicy extends PolicyBase {
	readonly name = 'dynasor';
	readonly description: string;
	private readonly interval: number;
	private readonly agreeing: number;
	private readonly hedgeWords: readonly string[];
	private thinking = '';
	private nextProbe: number;
	private inFlight: Promise<void> | undefined;
	private readonly recent: ProbeOutcome[] = [];
	private probes = 0;
	private failures = 0;
	private lastError: string | undefined;

	constructor(private readonly options: OnlineDynasorOptions) {
		super();
		({
			interval: this.interval,
			agreeing: this.agreeing,
			hedgeWords: this.hedgeWords,
		} = dynasorSettings(options));
		this.nextProbe = this.interval;
		this.description = `Dynasor-CoT (online probes every ${this.interval} tokens, ${this.agreeing} agreeing certain answers)`;
	}

	/** Resolves when the probe in flight (if any) has been handled; for tests and orderly shutdown. */
	async settled(): Promise<void> {
		while (this.inFlight !== undefined) {
			await this.inFlight;
		}
	}

	protected override text(progress: TextProgress): StopCut | undefined {
		this.thinking += progress.text;
		if (progress.tokenEnd < this.nextProbe) {
			return undefined;
		}
		const at = progress.tokenEnd;
		while (this.nextProbe <= at) {
			this.nextProbe += this.interval;
		}
		if (this.inFlight === undefined && this.options.signal?.aborted !== true) {
			const request = { problem: this.options.problem, thinking: this.thinking, tokenOffset: at };
			this.inFlight = this.options.prober
				.probe(request, this.options.signal)
				.then((result) => this.handle(result, at, progress.thoughtIndex))
				.catch(() => undefined)
				.finally(() => {
					this.inFlight = undefined;
				});
		}
		return undefined;
	}

	protected thought(_step: VerifiedThought): StopCut | undefined {
		return undefined;
	}

	protected summary(): string {
		const last = this.recent.at(-1);
		const failed =
			this.failures > 0 ? `; ${this.failures} probes failed (${this.lastError ?? ''})` : '';
		return (
			`${this.probes} probes; last gave ` +
			`${last?.answer !== undefined ? shortAnswer(last.answer, 24) : 'no answer'} ` +
			`(${this.recent.filter((p) => p.certain).length} of the last ` +
			`${this.recent.length} certain, need ${this.agreeing} agreeing)${failed}`
		);
	}

	private handle(result: ProbeResult, tokenOffset: number, thought: number): void {
		this.probes++;
		if (result.error !== undefined) {
			this.failures++;
			this.lastError = result.error;
		}
		const raw = result.raw.toLowerCase();
		const certain = result.answer !== undefined && !this.hedgeWords.some((w) => raw.includes(w));
		this.recent.push({ tokenOffset, thought, answer: result.answer, certain });
		if (this.recent.length > this.agreeing) {
			this.recent.shift();
		}
		const first = this.recent[0]?.answer;
		if (
			this.recent.length < this.agreeing ||
			first === undefined ||
			!this.recent.every(
				(p) => p.certain && p.answer !== undefined && answersEquivalent(first, p.answer),
			)
		) {
			return;
		}
		this.cutLater({
			policy: 'dynasor',
			thought,
			tokenOffset,
			trigger: 'probe-consensus',
			explanation:
				`The last ${this.agreeing} probes of the model (every ${this.interval} tokens, ` +
				`up to token ${tokenOffset}) all answered ${shortAnswer(first)} without hedging.`,
		});
	}
}
