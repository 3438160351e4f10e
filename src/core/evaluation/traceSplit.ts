/**
 * The problem-level split the stop rules were tuned on: a trace is in `train` or `dev` by a hash of
 * its problem text, so every recording of one problem (several models, several samples) lands in the
 * same half and no problem is tuned on and reported on at once. Defaults were chosen on `train` only;
 * the figures in the README are measured on `dev`.
 */
export type TraceSplit = 'train' | 'dev';

export const TRACE_SPLITS: readonly TraceSplit[] = ['train', 'dev'];

/** FNV-1a (32 bit) of the trimmed, lower-cased problem; even → train, odd → dev. */
export function splitOfProblem(problem: string | undefined): TraceSplit {
	const text = (problem ?? '').trim().toLowerCase();
	let hash = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		hash ^= text.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193);
	}
	return (hash >>> 0) % 2 === 0 ? 'train' : 'dev';
}

/** The length buckets figures are reported in, by thinking tokens: under 2,000, 2,000–7,999, 8,000 and more. */
export type LengthBucket = 'under-2k' | '2k-8k' | '8k-plus';

export const LENGTH_BUCKETS: readonly LengthBucket[] = ['under-2k', '2k-8k', '8k-plus'];

export function lengthBucketOf(thinkingTokens: number): LengthBucket {
	return thinkingTokens < 2000 ? 'under-2k' : thinkingTokens < 8000 ? '2k-8k' : '8k-plus';
}
