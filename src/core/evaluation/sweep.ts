import { replayPolicy } from '../engine/analyzeTrace';
import { createPolicy } from '../policies/createPolicy';
import {
	parseSweepSpec,
	TRIMMING_POLICIES,
	type PolicyVariant,
	type TrimmingPolicyName,
} from '../dataset/policyVariants';
import { referenceTimeline } from './answerTimeline';
import { evaluateTrace, type EvaluationInput } from './evaluateTrace';

/**
 * Each policy's documented grid for `--sweep all`, from gentle (few cuts, few flips) to aggressive.
 * Each includes the policy's default setting.
 * Budget's includes 1024–8192 tokens; DEER's window W is the number of agreeing trial answers its
 * offline confidence needs; Dynasor's N the agreeing probes at its default interval.
 */
export const DEFAULT_SWEEP_GRID: Readonly<Record<TrimmingPolicyName, string>> = {
	// M from gentle to aggressive; M = 2 with the long-chain threshold L (M = 3 from L tokens on, between
	// M = 3 and M = 2); M = 1 with one more agreeing answer for a weak confirming statement (S = 1) or
	// for a re-derived one (R = 1), and with L, between M = 2 and M = 1; then M = 1 with L, which moves
	// TrimR between M = 2 (L = 0) and M = 1 throughout (L = 100000). Then the same M = 1 families with the
	// verification opener (V = 1), each a step more aggressive than its twin. The default is M = 1, L =
	// 2000, with the given-number guard (G = 1), without the opener; G = 0 drops the guard. The gentle
	// families were added so that TrimR's front wins at 0 and 1 flips too; all were chosen on the
	// training half (docs/engine.md, "Tuning").
	trimr:
		'trimr:M=5,4,3,2;trimr:M=2:L=250,500,750,1000,1500;' +
		'trimr:M=1:S=1:L=1000,2000;trimr:M=1:S=1:G=0:L=2000,100000;' +
		'trimr:M=1:R=1:L=250,500,750,1000,1500,2000;' +
		'trimr:M=1:L=250,500,750,1000,1500,2000,100000;trimr:M=1:G=0:L=2000,100000;' +
		'trimr:M=1:V=1:S=1:G=0:L=2000;trimr:M=1:V=1:R=1:L=500,1000,2000;' +
		'trimr:M=1:V=1:L=500,750,1000,1500,2000;trimr:M=1:V=1:G=0:L=2000,100000',
	'trimr-paper': 'trimr-paper:M=5,4,3,2,1',
	deer: 'deer:W=5,4,3,2,1',
	dynasor: 'dynasor:N=8,6,5,4,3,2',
	budget: 'budget:B=16384,8192,4096,2048,1024',
};

/** The variants of a sweep spec; `all` is every policy over its default grid (plus its defaults). */
export function sweepVariants(spec: string): PolicyVariant[] {
	const text = spec.trim();
	if (text.toLowerCase() !== 'all') {
		return parseSweepSpec(text);
	}
	const byKey = new Map<string, PolicyVariant>();
	for (const policy of TRIMMING_POLICIES) {
		// Each grid includes the policy's default setting.
		for (const variant of parseSweepSpec(DEFAULT_SWEEP_GRID[policy])) {
			byKey.set(variant.key, variant);
		}
	}
	return [...byKey.values()];
}

/** One setting's totals over the swept traces (the JSON line of `analyze --sweep`). */
export interface SweepPoint {
	readonly variant: PolicyVariant;
	readonly traces: number;
	readonly thinkingTokens: number;
	readonly savedTokens: number;
	readonly oracleSavedTokens: number;
	readonly flips: number;
	readonly cuts: number;
}

interface Totals {
	traces: number;
	thinkingTokens: number;
	savedTokens: number;
	oracleSavedTokens: number;
	flips: number;
	cuts: number;
}

/**
 * Runs many policy settings over analysed chains. Each chain is segmented and verified once by the
 * caller; every setting replays the same verdicts (no verifier call per setting) and is evaluated
 * against one reference timeline, so a 20-setting sweep costs little more than one analysis. Totals
 * are kept, not per-trace results, so memory does not grow with the number of traces.
 */
export class SweepAccumulator {
	private readonly totals: Totals[];

	constructor(readonly variants: readonly PolicyVariant[]) {
		this.totals = variants.map(() => ({
			traces: 0,
			thinkingTokens: 0,
			savedTokens: 0,
			oracleSavedTokens: 0,
			flips: 0,
			cuts: 0,
		}));
	}

	add(chain: EvaluationInput): void {
		const input: EvaluationInput = {
			...chain,
			timeline: chain.timeline ?? referenceTimeline(chain.thoughts, chain.trace.problem),
		};
		this.variants.forEach((variant, i) => {
			const cut = replayPolicy(
				createPolicy(variant.policy, variant.options),
				input.thoughts,
				input.steps,
			);
			const e = evaluateTrace(input, cut);
			const t = this.totals[i] as Totals;
			t.traces++;
			t.thinkingTokens += e.thinkingTokens;
			t.savedTokens += e.savedTokens;
			t.oracleSavedTokens += e.oracle.savedTokens;
			t.flips += e.flipped ? 1 : 0;
			t.cuts += e.cut !== undefined ? 1 : 0;
		});
	}

	points(): SweepPoint[] {
		return this.variants.map((variant, i) => ({ variant, ...(this.totals[i] as Totals) }));
	}
}

/** Saved share and flip rate of a point (0 when there is nothing to divide by). */
export function pointShares(p: SweepPoint): { saved: number; flipRate: number; captured: number } {
	return {
		saved: p.thinkingTokens > 0 ? p.savedTokens / p.thinkingTokens : 0,
		flipRate: p.traces > 0 ? p.flips / p.traces : 0,
		captured: p.oracleSavedTokens > 0 ? p.savedTokens / p.oracleSavedTokens : 0,
	};
}

/**
 * A policy's saved-vs-flips front: its settings that no other setting of the same policy beats
 * (saves at least as much with no more flips), by flip rate.
 */
export function policyFront(points: readonly SweepPoint[]): SweepPoint[] {
	const front = points.filter(
		(p) =>
			!points.some(
				(q) =>
					q !== p &&
					q.flips <= p.flips &&
					q.savedTokens >= p.savedTokens &&
					(q.flips < p.flips || q.savedTokens > p.savedTokens),
			),
	);
	return front.sort((a, b) => a.flips - b.flips || a.savedTokens - b.savedTokens);
}

/** The most a policy's settings save at a flip rate of at most `maxFlipRate` (0 when none qualifies). */
export function bestSavedAt(points: readonly SweepPoint[], maxFlipRate: number): number {
	let best = 0;
	for (const p of points) {
		const s = pointShares(p);
		if (s.flipRate <= maxFlipRate + 1e-12) {
			best = Math.max(best, s.saved);
		}
	}
	return best;
}

/** The best setting of each policy at one flip count, and the overall winner there. */
export interface FlipCountRow {
	/** At most this many flipped answers. */
	readonly flips: number;
	/** Per policy, the setting that saves the most with at most `flips` flips (absent when none has so few). */
	readonly best: ReadonlyMap<TrimmingPolicyName, SweepPoint>;
	/** The policies whose best setting saves the most (several on a tie; empty when no setting qualifies). */
	readonly winners: readonly TrimmingPolicyName[];
}

/**
 * The saved-vs-flips front as a table: for each flip count 0…`maxFlips`, which policy's best setting
 * saves the most with at most that many flips. Counts, not rates, because every setting ran over the
 * same chains, and a flip is a whole answer.
 */
export function bestByFlipCount(points: readonly SweepPoint[], maxFlips: number): FlipCountRow[] {
	const rows: FlipCountRow[] = [];
	for (let flips = 0; flips <= maxFlips; flips++) {
		const best = new Map<TrimmingPolicyName, SweepPoint>();
		for (const p of points) {
			const current = best.get(p.variant.policy);
			if (p.flips <= flips && (current === undefined || p.savedTokens > current.savedTokens)) {
				best.set(p.variant.policy, p);
			}
		}
		const top = Math.max(0, ...[...best.values()].map((p) => p.savedTokens));
		const winners = [...best.entries()]
			.filter(([, p]) => top > 0 && p.savedTokens === top)
			.map(([policy]) => policy);
		rows.push({ flips, best, winners });
	}
	return rows;
}
