/**
 * What `thinktrim analyze` prints: one JSON line per trace (`--json`), a table row per trace, and the
 * summary lines under the table.
 */
import type { TraceAnalysis } from '../core/engine/analyzeTrace';
import type { TraceEvaluation } from '../core/evaluation/evaluateTrace';
import { wilsonInterval } from '../core/evaluation/rateInterval';
import { summaryShares, type EvaluationSummary } from '../core/evaluation/summary';
import { tokenCounterFor } from '../core/tokens/tokenCounter';

/** The per-trace JSON line (the shape documented in docs/engine.md). */
export function traceJson(analysis: TraceAnalysis): Record<string, unknown> {
	const e = analysis.evaluation;
	return {
		id: e.id,
		thoughts: e.thoughts,
		thinkingTokens: e.thinkingTokens,
		cut:
			e.cut === undefined
				? null
				: { thought: e.cut.thought, tokenOffset: e.cut.tokenOffset, trigger: e.cut.trigger },
		keptTokens: e.keptTokens,
		savedTokens: e.savedTokens,
		answerAtCut: e.answerAtCut ?? null,
		finalAnswer: e.finalAnswer ?? null,
		flipped: e.flipped,
		oracle: {
			thought: e.oracle.thought,
			tokenOffset: e.oracle.tokenOffset,
			savedTokens: e.oracle.savedTokens,
		},
		explanation: e.cut?.explanation ?? null,
		goldAnswer: e.goldAnswer ?? null,
		correct: e.correct ?? null,
		correctAtCut: e.correctAtCut ?? null,
		compressionRatio: Math.round(e.compressionRatio * 1000) / 1000,
		answerSwitches: e.answerSwitches,
		verifierCalls: e.verifierCalls,
		verifierFallbacks: analysis.verifierFallbacks,
		tokenCount:
			analysis.tokenSource === 'server'
				? 'server'
				: tokenCounterFor(analysis.trace.model).description,
	};
}

export function percent(part: number, whole: number): string {
	return whole > 0 ? `${((part / whole) * 100).toFixed(1)} %` : '–';
}

/**
 * A flip count as a share with its 95 % interval ("0.5 %, 95 % interval 0.2–1.4 %"): a few flips in a
 * few hundred chains say little about the next few hundred.
 */
export function flipShare(flips: number, traces: number): string {
	if (traces === 0) {
		return '–';
	}
	const { low, high } = wilsonInterval(flips, traces);
	const pct = (x: number): string => (x * 100).toFixed(1);
	return `${percent(flips, traces)}, 95 % interval ${pct(low)}–${pct(high)} %`;
}

/** The flip rate's 95 % interval for the JSON summary, `[low, high]` as shares rounded to 4 places. */
export function flipRateInterval(flips: number, traces: number): [number, number] {
	const { low, high } = wilsonInterval(flips, traces);
	const round = (x: number): number => Math.round(x * 10000) / 10000;
	return [round(low), round(high)];
}

export function cell(text: string, width: number): string {
	return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

/** One table row per trace. */
export function traceRow(e: TraceEvaluation): string {
	const cut =
		e.cut === undefined ? 'no cut' : `#${e.cut.thought + 1} @${e.cut.tokenOffset} ${e.cut.trigger}`;
	const answer =
		e.cut === undefined
			? ''
			: `${e.answerAtCut ?? '(none)'} → ${e.finalAnswer ?? '(none)'}${e.flipped ? '  FLIP' : ''}`;
	return (
		`${cell(e.id, 34)} ${String(e.thoughts).padStart(5)} ${String(e.thinkingTokens).padStart(7)}  ` +
		`${cell(cut, 30)} ${String(e.savedTokens).padStart(6)} ${String(e.oracle.savedTokens).padStart(6)}  ` +
		answer.replace(/\s+/g, ' ')
	);
}

/** What "captured" means, and what a share over 100 % says. */
export function capturedNote(captured: number): string {
	const base =
		'"captured" is the policy\'s saving as a share of the oracle\'s (the oracle cuts right after the final answer is first stated)';
	return captured > 1
		? `${base}; over 100 % means the policy cut earlier than the oracle, before the answer was settled, at the price of flips`
		: base;
}

export function summaryLines(s: EvaluationSummary): string[] {
	const shares = summaryShares(s);
	const lines = [
		`${s.traces} traces, ${s.thinkingTokens} thinking tokens, policy ${s.policy}: ${s.cuts} cut, ` +
			`saved ${s.savedTokens} tokens (${percent(s.savedTokens, s.thinkingTokens)}); ` +
			`oracle ${s.oracleSavedTokens} (${percent(s.oracleSavedTokens, s.thinkingTokens)}), ` +
			`captured ${percent(s.savedTokens, s.oracleSavedTokens)}; ${s.flips} flips (${flipShare(s.flips, s.traces)})`,
	];
	if (s.oracleSavedTokens > 0) {
		lines.push(capturedNote(s.savedTokens / s.oracleSavedTokens));
	}
	if (s.traces > 0) {
		lines.push(
			`the first statement of the final answer leaves ${percent(s.afterFirstFinalTokens, s.thinkingTokens)} ` +
				`of the thinking after it (the oracle saves ${percent(s.oracleSavedTokens, s.afterFirstFinalTokens)} of that); ` +
				`${(s.thoughts / s.traces).toFixed(1)} thoughts per chain, ` +
				`${Math.round(s.thinkingTokens / Math.max(1, s.thoughts))} tokens per thought on average, ` +
				`the longest ${s.maxThoughtTokens}`,
		);
	}
	if (s.graded > 0) {
		lines.push(
			`accuracy against gold on ${s.graded} traces: ${percent(s.correct, s.graded)} full, ` +
				`${percent(s.correctAtCut, s.graded)} at the cut (${(shares.accuracyDelta * 100).toFixed(1)} points)`,
		);
	}
	if (s.verifierCalls > 0) {
		lines.push(`verifier calls up to the cuts: ${s.verifierCalls}`);
	}
	return lines;
}
