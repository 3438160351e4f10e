import { LENGTH_BUCKETS, lengthBucketOf, type LengthBucket } from '../evaluation/traceSplit';
import type { Thought } from './thought';

/** Thought-size figures over a set of chains (one length bucket, or all). */
export interface ThoughtSizeStats {
	readonly bucket: LengthBucket | 'all';
	readonly chains: number;
	readonly thoughtsMean: number;
	readonly thoughtsMedian: number;
	readonly thoughtsMin: number;
	/** The longest thought of each chain, in tokens: median over chains, 95th percentile, maximum. */
	readonly maxThoughtMedian: number;
	readonly maxThoughtP95: number;
	readonly maxThoughtMax: number;
}

function at(sorted: readonly number[], share: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))] ?? 0;
}

/** Figures for all chains and per length bucket (buckets with no chain are left out). */
export function thoughtSizeStats(chains: readonly (readonly Thought[])[]): ThoughtSizeStats[] {
	const per = chains.map((thoughts) => ({
		count: thoughts.length,
		longest: thoughts.reduce((m, t) => Math.max(m, t.tokenEnd - t.tokenStart), 0),
		tokens: thoughts.at(-1)?.tokenEnd ?? 0,
	}));
	const out: ThoughtSizeStats[] = [];
	for (const bucket of ['all' as const, ...LENGTH_BUCKETS]) {
		const xs = per.filter((p) => bucket === 'all' || lengthBucketOf(p.tokens) === bucket);
		if (xs.length === 0) {
			continue;
		}
		const counts = xs.map((p) => p.count).sort((a, b) => a - b);
		const longest = xs.map((p) => p.longest).sort((a, b) => a - b);
		out.push({
			bucket,
			chains: xs.length,
			thoughtsMean: Math.round((counts.reduce((a, c) => a + c, 0) / xs.length) * 10) / 10,
			thoughtsMedian: at(counts, 0.5),
			thoughtsMin: counts[0] ?? 0,
			maxThoughtMedian: at(longest, 0.5),
			maxThoughtP95: at(longest, 0.95),
			maxThoughtMax: longest.at(-1) ?? 0,
		});
	}
	return out;
}
