/**
 * Whether a replay followed the original chain up to its cut. A replay on a real server is a new sample:
 * unless it reproduced the original's thinking (same seed and sampling parameters), the comparison
 * measures sampling noise as much as the cut, and the user is told so.
 */

/** Where the replay's thinking first differs from the original's. */
export interface Divergence {
	/** Character offset in both texts. */
	readonly charOffset: number;
	/** 0-based thought of the replay containing that offset. */
	readonly thought: number;
}

/**
 * The first difference between the replay's kept thinking and the original's thinking over the replay's
 * length (a replay that ends earlier, at its cut, diverges nowhere); `undefined` when it followed the
 * original. `thoughts` are the replay's thoughts (character ranges, in order).
 */
export function findDivergence(
	original: string,
	replay: string,
	thoughts: readonly { readonly charStart: number; readonly charEnd: number }[],
): Divergence | undefined {
	const n = Math.min(original.length, replay.length);
	let i = 0;
	while (i < n && original.charCodeAt(i) === replay.charCodeAt(i)) {
		i++;
	}
	if (i === replay.length) {
		return undefined;
	}
	const index = thoughts.findIndex((t) => i >= t.charStart && i < t.charEnd);
	return { charOffset: i, thought: index === -1 ? Math.max(0, thoughts.length - 1) : index };
}

/** The sentence the comparison shows. */
export function divergenceMessage(d: Divergence): string {
	return (
		`The replay diverged from the original at thought ${d.thought + 1} (character ${d.charOffset}), ` +
		'before the cut; the comparison is between two samples, not the same chain with and without the cut.'
	);
}
