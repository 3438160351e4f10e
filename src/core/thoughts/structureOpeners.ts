/**
 * Structural openers: how chains written as Markdown (Gemma-style headings, bold labels, bullet lists,
 * numbered checks) mark a new step at the start of a paragraph, where R1/QwQ chains write "Wait".
 * Decided from the first few characters of a paragraph, so the segmenter holds back only a short head.
 */

/** The kind of structure that opens a paragraph. */
export type StructureKind = 'heading' | 'bold' | 'step' | 'numbered' | 'bullet';

export type StructureMatch =
	| { readonly kind: 'match'; readonly structure: StructureKind }
	| { readonly kind: 'none' }
	| { readonly kind: 'undecided' };

/** Characters of a paragraph start the matcher may need to see (`Step 12:` and `## Step`). */
export const STRUCTURE_LOOKAHEAD = 8;

const patterns: readonly [RegExp, StructureKind][] = [
	[/^#{1,6}[ \t]/, 'heading'],
	[/^(?:\*\*|__)[^\s*_]/, 'bold'],
	[/^(?:step|check|verification)[ \t]*\d/i, 'step'],
	[/^\(?\d{1,2}[.)][ \t]/, 'numbered'],
	[/^[-*+•][ \t]/, 'bullet'],
];

/**
 * Looks at `head`, the first characters of a paragraph. `complete` says no more text will come.
 * Undecided only while a longer head could still match; a line break in the head decides.
 */
export function matchStructure(head: string, complete: boolean): StructureMatch {
	for (const [pattern, structure] of patterns) {
		if (pattern.test(head)) {
			return { kind: 'match', structure };
		}
	}
	if (
		complete ||
		head.length >= STRUCTURE_LOOKAHEAD ||
		head.includes('\n') ||
		!couldStillMatch(head)
	) {
		return { kind: 'none' };
	}
	return { kind: 'undecided' };
}

/** Whether more characters could turn `head` into a structural opener. */
function couldStillMatch(head: string): boolean {
	if (/^#{1,6}$/.test(head) || /^(?:\*\*?|__?)$/.test(head) || /^[-*+•]$/.test(head)) {
		return true;
	}
	if (/^\(?\d{0,2}[.)]?$/.test(head)) {
		return true;
	}
	const lower = head.toLowerCase();
	return ['step', 'check', 'verification'].some(
		(word) => word.startsWith(lower) || (lower.startsWith(word) && /^[a-z]+[ \t]*$/.test(lower)),
	);
}

/**
 * A heading, bold label or `Step N` names a new step, so it needs a quarter of `structureMinTokens`;
 * list items continue a list, so they need all of it (a list of short items stays one thought).
 */
export function structureWeight(kind: StructureKind): number {
	return kind === 'bullet' || kind === 'numbered' ? 1 : 0.25;
}
