/**
 * Reflection markers: the words that, at the start of a paragraph, open a new thought (TrimR's rule).
 * Matching is case-insensitive, ignores up to three leading emphasis characters (`**Wait**`) and
 * needs a non-word character (or the end of the text) after the marker, so "But" does not match
 * "Butter" and "Oh" does not match "Other".
 */

/**
 * The default list: TrimR's examples (Wait, But, Alternatively, Hmm), the other reflection openers
 * that are frequent at paragraph starts in the bundled real traces (Actually, Hold on, Let me
 * check/verify/…, Just to make sure, Another way), and the common Chinese equivalents.
 */
export const DEFAULT_REFLECTION_MARKERS: readonly string[] = [
	'Wait',
	'But',
	'Alternatively',
	'Hmm',
	'Hmmm',
	'Oh',
	'Actually',
	'However',
	'Hold on',
	'Let me check',
	'Let me verify',
	'Let me double-check',
	'Let me double check',
	'Let me recheck',
	'Let me re-check',
	'Let me re-examine',
	'Let me confirm',
	'Let me make sure',
	'Let me think again',
	'Let me try another',
	'Just to check',
	'Just to confirm',
	'Just to make sure',
	'Just to double-check',
	'Just to verify',
	'Double-check',
	'Double-checking',
	'Another way',
	'Another approach',
	'To verify',
	'To double-check',
	'等等',
	'不对',
	'或者说',
	'嗯',
];

/** Leading characters skipped before a marker (Markdown emphasis and quotes). */
const SKIPPABLE = new Set(['*', '_', '"', '“', '>']);
const MAX_SKIPPED = 3;

/** Whether `ch` continues a word (ASCII letters and digits only: CJK markers end anywhere). */
function isWordChar(ch: string): boolean {
	const c = ch.charCodeAt(0);
	return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** The result of looking at the start of a paragraph. */
export type MarkerMatch =
	/** A marker opens the paragraph; `marker` is the text as written. */
	| { readonly kind: 'match'; readonly marker: string }
	/** No marker can open this paragraph. */
	| { readonly kind: 'none' }
	/** Not enough text yet to tell. */
	| { readonly kind: 'undecided' };

/**
 * A compiled, case-insensitive marker matcher. `longestLookahead` bounds how many characters of a
 * paragraph start the segmenter ever has to hold back.
 */
export class ReflectionMarkerMatcher {
	private readonly markers: readonly string[];
	/** Markers by their first (lower-case) character, longest first: most paragraphs rule all out at once. */
	private readonly byFirst = new Map<string, string[]>();
	readonly longestLookahead: number;

	constructor(markers: readonly string[] = DEFAULT_REFLECTION_MARKERS) {
		const cleaned = markers.map((m) => m.trim()).filter((m) => m.length > 0);
		// Longest first, so "Let me double-check" wins over a shorter marker sharing its start.
		this.markers = [...new Set(cleaned.map((m) => m.toLowerCase()))].sort(
			(a, b) => b.length - a.length,
		);
		this.longestLookahead = (this.markers[0]?.length ?? 0) + MAX_SKIPPED + 1;
		for (const marker of this.markers) {
			const first = marker[0] ?? '';
			this.byFirst.set(first, [...(this.byFirst.get(first) ?? []), marker]);
		}
	}

	/**
	 * Looks at `head`, the first characters of a paragraph (its first non-space character onwards).
	 * `complete` says no more text will come (end of stream), so a marker may end the text.
	 */
	match(head: string, complete: boolean): MarkerMatch {
		let skip = 0;
		while (skip < head.length && skip < MAX_SKIPPED && SKIPPABLE.has(head[skip] ?? '')) {
			skip++;
		}
		if (skip === head.length && !complete) {
			return { kind: 'undecided' };
		}
		const body = head.slice(skip);
		const lower = body.toLowerCase();
		let undecided = false;
		for (const marker of this.byFirst.get(lower[0] ?? '') ?? []) {
			if (lower.length <= marker.length) {
				if (marker.startsWith(lower) && !complete) {
					undecided = true;
				} else if (complete && lower === marker) {
					return { kind: 'match', marker: body };
				}
				continue;
			}
			if (
				lower.startsWith(marker) &&
				!(isWordChar(marker.at(-1) ?? ' ') && isWordChar(body[marker.length] ?? ' '))
			) {
				// A longer marker that may still match decides first, so the label never depends on chunking.
				return undecided
					? { kind: 'undecided' }
					: { kind: 'match', marker: body.slice(0, marker.length) };
			}
		}
		return undecided ? { kind: 'undecided' } : { kind: 'none' };
	}
}
