import assert from 'node:assert/strict';
import { analyzeTrace } from '../../src/core/engine/analyzeTrace';
import { readableMath } from '../../src/core/text/readableMath';
import type { TraceRecord } from '../../src/core/traces/traceRecord';

/** The traces the steps use, chosen from the bundled samples the emulator replays. */
export interface Picks {
	/** Unique problem, TrimR cuts it without changing the answer: streamed, replayed, what-if. */
	readonly overthought: TraceRecord;
	/** The longest unique one-line problem: typed, then stopped midway. */
	readonly long: TraceRecord;
	/** Two more, for the import. */
	readonly imports: readonly [TraceRecord, TraceRecord];
	/** The engine's thought count of a trace (the tree's node count less the problem). */
	readonly thoughtCount: ReadonlyMap<TraceRecord, number>;
}

/**
 * Several bundled samples share a problem, and the emulator then alternates between their chains, so the
 * streamed steps use problems no other sample has (as test/integration/runs.test.ts does). Among the chains
 * TrimR cuts without changing the answer, one whose final answer is boxed reads best in the comparison.
 */
export async function pickTraces(samples: readonly TraceRecord[]): Promise<Picks> {
	const unique = samples.filter(
		(t) => t.problem !== undefined && samples.filter((u) => u.problem === t.problem).length === 1,
	);
	const thoughtCount = new Map<TraceRecord, number>();
	const candidates: TraceRecord[] = [];
	for (const trace of unique) {
		const analysis = await analyzeTrace(trace);
		thoughtCount.set(trace, analysis.thoughts.length);
		if (analysis.cut !== undefined && !analysis.evaluation.flipped) {
			candidates.push(trace);
		}
	}
	const overthought = candidates.find((t) => /\\boxed\{/.test(t.final ?? '')) ?? candidates[0];
	assert.ok(
		overthought !== undefined,
		'a bundled sample with a unique problem on which TrimR cuts',
	);
	const long = unique
		.filter((t) => t !== overthought && !(t.problem ?? '').includes('\n'))
		.sort((a, b) => b.thinking.length - a.thinking.length)[0];
	assert.ok(long !== undefined, 'a long bundled sample with a one-line problem');
	const used = new Set([overthought.problem, long.problem]);
	const rest = samples.filter((t) => !used.has(t.problem));
	const first = rest[0];
	const second = rest.find((t) => t.problem !== first?.problem && label40(t) !== label40(first));
	assert.ok(first !== undefined && second !== undefined, 'two more samples to import');
	return { overthought, long, imports: [first, second], thoughtCount };
}

/** The engine's thought count of a picked trace. */
export function thoughtsOf(picks: Picks, trace: TraceRecord): number {
	const count = picks.thoughtCount.get(trace);
	assert.ok(count !== undefined, `the thought count of ${trace.id}`);
	return count;
}

/** The first 40 characters of a trace's problem: enough to find its run in the History view. */
export function label40(trace: TraceRecord | undefined): string {
	return (trace?.problem ?? '').split('\n', 1)[0]?.slice(0, 40) ?? '';
}

/** The first 40 characters of a trace's problem as the Stream Reasoning picker shows it (readable, no LaTeX). */
export function pickerLabel40(trace: TraceRecord | undefined): string {
	return readableMath(trace?.problem ?? '').slice(0, 40);
}

/** A pattern for a History label that starts with `text`. */
export function startsWith(text: string): RegExp {
	return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
}
