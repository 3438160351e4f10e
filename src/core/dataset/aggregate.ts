/**
 * Aggregates of a dataset evaluation (docs/evaluation.md#what-each-figure-means): per trimmed variant, over the problems where
 * both the untrimmed and the trimmed run completed, accuracy untrimmed vs trimmed, answer agreement and
 * flips, thinking tokens saved, time saved, token cost (CR), verifier overhead and triggers; failed and
 * cancelled runs are counted, never folded into the figures.
 */
import type { ProblemResult, TrimmedRun, UntrimmedRun } from './evaluationTypes';
import type { UntrimmedAggregate, VariantAggregate } from './aggregateTypes';
import { makespanFigures } from './makespan';
import type { PolicyVariant } from './policyVariants';
import { verifierCostOf } from './verifierCost';

function ratio(part: number, whole: number): number | undefined {
	return whole > 0 ? part / whole : undefined;
}

function complement(part: number, whole: number): number | undefined {
	const r = ratio(part, whole);
	return r === undefined ? undefined : 1 - r;
}

/** Sums the untrimmed runs. */
export function aggregateUntrimmed(problems: readonly ProblemResult[]): UntrimmedAggregate {
	const runs = problems.map((p) => p.untrimmed).filter((r): r is UntrimmedRun => r !== undefined);
	const done = runs.filter((r) => r.status === 'complete');
	const graded = done.filter((r) => r.correct !== undefined);
	const correct = graded.filter((r) => r.correct === true).length;
	const thinkingTokens = sum(done, (r) => r.generatedThinkingTokens);
	const neededThinkingTokens = sum(
		done,
		(r) => r.neededThinkingTokens ?? r.generatedThinkingTokens,
	);
	return {
		runs: runs.length,
		completed: done.length,
		errors: runs.filter((r) => r.status === 'error').length,
		cancelled: runs.filter((r) => r.status === 'cancelled').length,
		graded: graded.length,
		correct,
		accuracy: ratio(correct, graded.length),
		thinkingTokens,
		answerTokens: sum(done, (r) => r.answerTokens),
		wallMs: sum(done, (r) => r.wallMs),
		neededThinkingTokens,
		oracleSavedShare: complement(neededThinkingTokens, thinkingTokens),
		answerSwitches: sum(done, (r) => r.answerSwitches),
	};
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
	let total = 0;
	for (const item of items) {
		total += value(item);
	}
	return total;
}

interface Pair {
	readonly untrimmed: UntrimmedRun;
	readonly trimmed: TrimmedRun;
}

/** Aggregates one variant over the problems; `concurrency` is the evaluation's (for the makespan). */
export function aggregateVariant(
	variant: PolicyVariant,
	problems: readonly ProblemResult[],
	concurrency = 1,
): VariantAggregate {
	const pairs: Pair[] = [];
	let runs = 0;
	let errors = 0;
	let cancelled = 0;
	for (const problem of problems) {
		const trimmed = problem.trimmed.find((t) => t.variant === variant.key);
		const untrimmed = problem.untrimmed;
		if (trimmed === undefined || untrimmed === undefined) {
			// A problem whose untrimmed run failed has no trimmed runs: the pair still failed.
			errors += untrimmed?.status === 'error' ? 1 : 0;
			cancelled += untrimmed?.status === 'cancelled' ? 1 : 0;
			continue;
		}
		runs++;
		if (untrimmed.status === 'complete' && trimmed.status === 'complete') {
			pairs.push({ untrimmed, trimmed });
		} else if (untrimmed.status === 'error' || trimmed.status === 'error') {
			errors++;
		} else {
			cancelled++;
		}
	}
	const graded = pairs.filter(
		(p) => p.untrimmed.correct !== undefined && p.trimmed.correct !== undefined,
	);
	const correctUntrimmed = graded.filter((p) => p.untrimmed.correct === true).length;
	const correctTrimmed = graded.filter((p) => p.trimmed.correct === true).length;
	const answered = pairs.filter((p) => p.trimmed.sameAsUntrimmed !== undefined);
	const flips = answered.filter((p) => p.trimmed.sameAsUntrimmed === false).length;
	const cut = pairs.filter((p) => p.trimmed.cut !== undefined);
	const untrimmedThinking = sum(pairs, (p) => p.untrimmed.generatedThinkingTokens);
	const kept = sum(pairs, (p) => p.trimmed.keptThinkingTokens);
	const predictedKept = sum(
		pairs,
		(p) => p.untrimmed.marks[variant.key]?.tokenOffset ?? p.untrimmed.generatedThinkingTokens,
	);
	const untrimmedWallMs = sum(pairs, (p) => p.untrimmed.wallMs);
	const trimmedWallMs = sum(pairs, (p) => p.trimmed.wallMs);
	const triggers: Record<string, number> = {};
	for (const p of cut) {
		const trigger = p.trimmed.cut?.trigger ?? 'unknown';
		triggers[trigger] = (triggers[trigger] ?? 0) + 1;
	}
	const savedThinkingShare = complement(kept, untrimmedThinking);
	const verifierMs = sum(pairs, (p) => p.trimmed.verifierMs);
	const lags = cut.map((p) => p.trimmed.cutLagMs).filter((l): l is number => l !== undefined);
	return {
		variant: variant.key,
		label: variant.label,
		policy: variant.policy,
		parameters: variant.parameters,
		runs,
		compared: pairs.length,
		errors,
		cancelled,
		cuts: cut.length,
		graded: graded.length,
		correctUntrimmed,
		correctTrimmed,
		accuracyUntrimmed: ratio(correctUntrimmed, graded.length),
		accuracyTrimmed: ratio(correctTrimmed, graded.length),
		agreement: ratio(answered.length - flips, answered.length),
		flips,
		flipRate: ratio(flips, pairs.length),
		brokeCorrect: graded.filter((p) => p.untrimmed.correct === true && p.trimmed.correct === false)
			.length,
		fixedWrong: graded.filter((p) => p.untrimmed.correct === false && p.trimmed.correct === true)
			.length,
		untrimmedThinkingTokens: untrimmedThinking,
		keptThinkingTokens: kept,
		generatedThinkingTokens: sum(pairs, (p) => p.trimmed.generatedThinkingTokens),
		savedThinkingShare,
		predictedSavedShare: complement(predictedKept, untrimmedThinking),
		compressionRatio: ratio(
			kept + sum(pairs, (p) => p.trimmed.answerTokens),
			untrimmedThinking + sum(pairs, (p) => p.untrimmed.answerTokens),
		),
		untrimmedWallMs,
		trimmedWallMs,
		savedTimeShare: complement(trimmedWallMs, untrimmedWallMs),
		verifierMs,
		verifierCalls: sum(pairs, (p) => p.trimmed.verifierCalls),
		verifierMsPerRun: pairs.length > 0 ? verifierMs / pairs.length : undefined,
		verifierCost: verifierCostOf(pairs.map((p) => p.trimmed)),
		makespan:
			pairs.length > 0
				? makespanFigures(
						pairs.map((p) => p.untrimmed.wallMs),
						pairs.map((p) => p.trimmed.wallMs),
						concurrency,
						savedThinkingShare,
					)
				: undefined,
		meanCutLagMs: lags.length > 0 ? sum(lags, (l) => l) / lags.length : undefined,
		triggers,
	};
}

/** Aggregates every variant, in variant order. */
export function aggregateVariants(
	variants: readonly PolicyVariant[],
	problems: readonly ProblemResult[],
	concurrency = 1,
): VariantAggregate[] {
	return variants.map((v) => aggregateVariant(v, problems, concurrency));
}
