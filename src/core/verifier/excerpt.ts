/** Defaults for what of a thought the verifier sees (docs/engine.md#llm-verifier: the last few sentences). */
export const DEFAULT_EXCERPT_SENTENCES = 3;
export const DEFAULT_EXCERPT_MAX_CHARS = 1200;

/**
 * The last `sentences` sentences of a thought, at most `maxChars` characters (cut at the front),
 * whitespace-trimmed: TrimR's Last_sentences(r, N). A sentence ends at `.`, `?` or `!` followed by
 * white space, or at a line break; decimals ("2.5") and LaTeX do not end sentences. Works backwards
 * from the end, so the cost is proportional to the excerpt, not to the thought.
 */
export function lastSentences(
	text: string,
	sentences = DEFAULT_EXCERPT_SENTENCES,
	maxChars = DEFAULT_EXCERPT_MAX_CHARS,
): string {
	return text.slice(lastSentencesStart(text, sentences, maxChars)).trim();
}

/** Where `lastSentences` starts in `text` (a character offset). */
export function lastSentencesStart(
	text: string,
	sentences = DEFAULT_EXCERPT_SENTENCES,
	maxChars = DEFAULT_EXCERPT_MAX_CHARS,
): number {
	let end = text.length;
	while (end > 0 && /\s/.test(text[end - 1] ?? '')) {
		end--;
	}
	const floor = Math.max(0, end - maxChars);
	let found = 0;
	let start = floor;
	// Count sentence ends backwards; an end only counts once a non-space character follows it.
	let contentAfter = false;
	for (let i = end - 1; i >= floor; i--) {
		const ch = text[i] ?? '';
		const next = text[i + 1] ?? '';
		const isEnd =
			i < end - 1 && (ch === '\n' || ((ch === '.' || ch === '?' || ch === '!') && /\s/.test(next)));
		if (isEnd && contentAfter) {
			found++;
			contentAfter = false;
			if (found === sentences) {
				start = i + 1;
				break;
			}
		}
		if (!/\s/.test(ch) && !isEnd) {
			contentAfter = true;
		}
	}
	return start;
}
