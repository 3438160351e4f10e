import type { StructureKind } from './structureOpeners';

/**
 * One thought: a contiguous piece of the thinking text, as split by a segmenter.
 * Offsets are into the full thinking text; `end` is exclusive, so the text is `thinking.slice(start, end)`.
 */
export interface Thought {
	/** 0-based position in the chain. */
	readonly index: number;
	readonly text: string;
	readonly charStart: number;
	readonly charEnd: number;
	/** Token offsets, when known (from the server's usage or a tokenizer); otherwise estimated. */
	readonly tokenStart: number;
	readonly tokenEnd: number;
	/** How the thought began; set by the reflection-marker segmenter. */
	readonly opener?: ThoughtOpener;
}

/**
 * Why a thought starts where it does: the chain's start, a reflection marker after a paragraph break
 * (`marker` holds the word as written, e.g. "Wait"), a Markdown step opener (heading, bold label,
 * `Step 3`, numbered item, bullet), or a plain paragraph break taken as a fallback because no opener
 * came for a long stretch.
 */
export type ThoughtOpener =
	| { readonly kind: 'start' }
	| { readonly kind: 'marker'; readonly marker: string }
	| { readonly kind: 'structure'; readonly structure: StructureKind }
	| { readonly kind: 'paragraph' };

/**
 * A documented estimate of token count for text when neither the server nor a tokenizer is at hand:
 * about 4 characters per token for English prose and LaTeX (BPE tokenizers of the Qwen/DeepSeek
 * families land between 3.5 and 4.5 on the bundled traces), and one token per CJK character.
 */
export function estimateTokens(text: string): number {
	let cjk = 0;
	for (const ch of text) {
		const code = ch.codePointAt(0) ?? 0;
		if ((code >= 0x3000 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af)) {
			cjk++;
		}
	}
	const rest = text.length - cjk;
	return cjk + Math.ceil(rest / 4);
}
