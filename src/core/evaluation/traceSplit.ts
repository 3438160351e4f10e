/**
 * The problem-level split the stop rules were tuned on: a trace is in `train` or `dev` by a hash of
 * its problem text, so every recording of one problem (several models, several samples) lands in the
 * same half and no problem is tuned on and reported on at once. Defaults were chosen on `train` only;
 * the figures in the README are measured on `dev`.
 */
export type TraceSplit = 'train' | 'dev';

export const TRACE_SPLITS: readonly TraceSplit[] = ['train', 'dev'];

/** FNV-1a (32 bit) of the trimmed, lower-cased problem. */
function problemHash(problem: string | undefined): number {
	const text = (problem ?? '').trim().toLowerCase();
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return hash >>> 0;
}

/** Even hash → train, odd → dev. */
export function splitOfProblem(problem: string | undefined): TraceSplit {
	return problemHash(problem) % 2 === 0 ? 'train' : 'dev';
}

/**
 * Cross-validation inside train: `train-fold-K-of-N` is fold K (1…N) of the train half, the held-out
 * part; `train-rest-K-of-N` is the other N − 1 folds, where a rule is chosen before it is measured on
 * fold K. Folds are by problem too (the hash without its lowest bit, which decides the half), so the
 * folds never leak a problem into each other or into dev.
 */
export interface TrainFold {
	readonly fold: number;
	readonly of: number;
	readonly part: 'fold' | 'rest';
}

/** What `--split` selects: a half, or a fold of the train half (or the rest of it). */
export type SplitSelection = TraceSplit | TrainFold;

/** Parses `train`, `dev`, `train-fold-K-of-N` or `train-rest-K-of-N`; throws on anything else. */
export function parseSplitSelection(text: string): SplitSelection {
	if (text === 'train' || text === 'dev') {
		return text;
	}
	const m = /^train-(fold|rest)-(\d+)-of-(\d+)$/.exec(text);
	const fold = Number(m?.[2]);
	const of = Number(m?.[3]);
	if (m === null || !(of >= 2 && fold >= 1 && fold <= of)) {
		throw new Error(
			`--split must be train, dev, train-fold-K-of-N or train-rest-K-of-N (1 ≤ K ≤ N, N ≥ 2), got ${text}`,
		);
	}
	return { fold, of, part: m[1] === 'rest' ? 'rest' : 'fold' };
}

/** Whether a trace of this problem is in the selected split. */
export function inSplit(problem: string | undefined, selection: SplitSelection): boolean {
	const hash = problemHash(problem);
	if (typeof selection === 'string') {
		return (hash % 2 === 0 ? 'train' : 'dev') === selection;
	}
	if (hash % 2 !== 0) {
		return false;
	}
	const inFold = (Math.floor(hash / 2) % selection.of) + 1 === selection.fold;
	return selection.part === 'fold' ? inFold : !inFold;
}

/** The length buckets figures are reported in, by thinking tokens: under 2,000, 2,000–7,999, 8,000 and more. */
export type LengthBucket = 'under-2k' | '2k-8k' | '8k-plus';

export const LENGTH_BUCKETS: readonly LengthBucket[] = ['under-2k', '2k-8k', '8k-plus'];

export function lengthBucketOf(thinkingTokens: number): LengthBucket {
	return thinkingTokens < 2000 ? 'under-2k' : thinkingTokens < 8000 ? '2k-8k' : '8k-plus';
}
