/** The segmenter's settings and their defaults. */

/** Counts the tokens of a piece of text (a tokenizer, or the documented estimate). */
export interface ThoughtTokenCounter {
	count(text: string): number;
}

/** How the segmenter splits; every field has a default. */
export interface SegmenterOptions {
	/** Reflection markers that open a new thought after a paragraph break (default: DEFAULT_REFLECTION_MARKERS). */
	readonly markers?: readonly string[];
	/**
	 * Fallback: once the open thought holds this many tokens (character-based estimate) without a
	 * marker, the next plain paragraph break also opens a thought. 0 turns the fallback off.
	 * Default `DEFAULT_FALLBACK_AFTER_TOKENS`.
	 */
	readonly fallbackAfterTokens?: number;
	/**
	 * A list item (bullet, numbered check) after a paragraph break opens a thought once the open thought
	 * holds this many tokens (estimate), so that a list of short items stays one thought; a heading, bold
	 * label or `Step 3` needs a quarter of it. 0 turns structural splitting off. Default `DEFAULT_STRUCTURE_MIN_TOKENS`.
	 */
	readonly structureMinTokens?: number;
	/** The model whose token count is used (its tokenizer when loaded, else its family's estimate). */
	readonly model?: string;
	/** Counts a closed thought's tokens when the server gives none (default: `tokenCounterFor(model)`). */
	readonly tokenCounter?: ThoughtTokenCounter;
}

/**
 * The default for `fallbackAfterTokens`. The estimate here is 4 characters per token while math-heavy
 * text runs nearer 3 per token on real tokenizers, so 1,500 keeps fallback thoughts near 2K real tokens.
 */
export const DEFAULT_FALLBACK_AFTER_TOKENS = 1500;

/** The default for `structureMinTokens`. */
export const DEFAULT_STRUCTURE_MIN_TOKENS = 150;
