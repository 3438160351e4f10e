/**
 * What the LLM verifier cost the trimmed runs (docs/evaluation.md#what-each-figure-means): its time per
 * trimmed request (mean and 95th percentile of each run's summed call latencies) and its requests per
 * thought (on average, and the most any one thought made: the verifier makes at most one), and the early
 * answers its wait was hidden behind (those discarded were decoded for nothing).
 */
import type { EarlyAnswers } from '../run/runTypes';

/** The verifier's cost over a set of trimmed runs. */
export interface VerifierCost {
	readonly runs: number;
	/** Verifier time per trimmed request: mean and nearest-rank 95th percentile, in milliseconds. */
	readonly meanMs: number;
	readonly p95Ms: number;
	/** Verifier HTTP requests ÷ thoughts, over the runs; undefined without thoughts. */
	readonly requestsPerThought: number | undefined;
	/** The most requests one thought made in any run (absent when the runs do not record it). */
	readonly maxRequestsPerThought?: number;
	/** Answers started early on a predicted cut, over the runs (absent when none was started). */
	readonly earlyAnswers?: EarlyAnswers;
}

/** The nearest-rank percentile `p` (0–1) of `values`; undefined when empty. */
export function percentile(values: readonly number[], p: number): number | undefined {
	if (values.length === 0) {
		return undefined;
	}
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length))) - 1];
}

/** The figures of a run this reads (a `DatasetRunFigures` has them). */
interface CostFigures {
	readonly verifierMs: number;
	readonly verifierCalls: number;
	readonly thoughts: number;
	readonly verifierMaxPerThought?: number;
	readonly earlyAnswers?: EarlyAnswers;
}

/** The cost over `runs`, or undefined when there are none. */
export function verifierCostOf(runs: readonly CostFigures[]): VerifierCost | undefined {
	if (runs.length === 0) {
		return undefined;
	}
	const times = runs.map((r) => r.verifierMs);
	const thoughts = runs.reduce((n, r) => n + r.thoughts, 0);
	const calls = runs.reduce((n, r) => n + r.verifierCalls, 0);
	const early = runs.map((r) => r.earlyAnswers).filter((e): e is EarlyAnswers => e !== undefined);
	const maxima = runs
		.map((r) => r.verifierMaxPerThought)
		.filter((m): m is number => m !== undefined);
	return {
		runs: runs.length,
		meanMs: times.reduce((n, t) => n + t, 0) / runs.length,
		p95Ms: percentile(times, 0.95) ?? 0,
		requestsPerThought: thoughts > 0 ? calls / thoughts : undefined,
		...(maxima.length > 0 ? { maxRequestsPerThought: Math.max(...maxima) } : {}),
		...(early.length > 0
			? {
					earlyAnswers: {
						started: early.reduce((n, e) => n + e.started, 0),
						discarded: early.reduce((n, e) => n + e.discarded, 0),
						discardedTokens: early.reduce((n, e) => n + e.discardedTokens, 0),
					},
				}
			: {}),
	};
}

/** Milliseconds, rounded ("48 ms"); "–" when unknown. */
export function formatMs(ms: number | undefined): string {
	return ms === undefined || !Number.isFinite(ms) ? '–' : `${Math.round(ms)} ms`;
}

/** "0.93 (at most 1 per thought)"; "–" when unknown. */
export function formatRequestsPerThought(cost: VerifierCost | undefined): string {
	const perThought = cost?.requestsPerThought;
	if (perThought === undefined) {
		return '–';
	}
	const most = cost?.maxRequestsPerThought;
	return `${perThought.toFixed(2)}${most !== undefined ? ` (at most ${most} per thought)` : ''}`;
}

/** One line: "mean 48 ms, p95 120 ms per trimmed request; 0.93 (at most 1 per thought) requests per thought". */
export function verifierCostLine(cost: VerifierCost): string {
	const early = cost.earlyAnswers;
	return (
		`mean ${formatMs(cost.meanMs)}, p95 ${formatMs(cost.p95Ms)} per trimmed request; ` +
		`${formatRequestsPerThought(cost)} requests per thought` +
		(early !== undefined
			? `; ${early.started} answer(s) started early on a predicted cut, ${early.discarded} of them ` +
				`discarded (${early.discardedTokens} tokens decoded for nothing)`
			: '')
	);
}
