/**
 * What the emulated model generates for a trace, as token pieces, and how a group of pieces appears on
 * the wire in each dialect: split into `reasoning`/`reasoning_content` and `content` by a parser (the
 * `</think>` token itself never shown), or inline in `content` with its tags.
 */
import type { TraceRecord } from '../core/traces/traceRecord';
import type { DialectProfile } from './dialects';
import { tokenPieces } from './tokenizer';

/** The generation of a trace from a thinking offset: thinking rest, `</think>`, "\n\n", final answer. */
export function generationPieces(
	profile: DialectProfile,
	trace: TraceRecord,
	options: { fromChar?: number; splitThinkTag?: boolean } = {},
): string[] {
	const from = options.fromChar ?? 0;
	const pieces: string[] = [];
	if (profile.reasoning === 'inline-open' && from === 0) {
		pieces.push('<think>', '\n');
	}
	pieces.push(...tokenPieces(trace.thinking.slice(from)));
	const inline = profile.reasoning === 'inline' || profile.reasoning === 'inline-open';
	if (inline && options.splitThinkTag === true) {
		// Some servers stream the tag as ordinary text pieces; clients must join it across chunks.
		pieces.push('</thi', 'nk>');
	} else {
		pieces.push('</think>');
	}
	const final = trace.final ?? '';
	if (final !== '') {
		pieces.push('\n\n', ...tokenPieces(final));
	}
	return pieces;
}

/** Reasoning and content of one chunk, and how many of its tokens were thinking. */
export interface ChunkText {
	readonly reasoning: string;
	readonly content: string;
	readonly thinkingTokens: number;
}

/** Classifies groups of pieces in order, as a reasoning parser does (`</think>` ends the thought). */
export class ParserState {
	private inThinking: boolean;

	constructor(startsInThinking = true) {
		this.inThinking = startsInThinking;
	}

	classify(group: readonly string[], inline: boolean): ChunkText {
		let reasoning = '';
		let content = '';
		let thinkingTokens = 0;
		for (const piece of group) {
			if (this.inThinking && (piece === '</think>' || piece === 'nk>')) {
				this.inThinking = false;
				if (inline) {
					content += piece;
				}
				continue;
			}
			if (inline) {
				content += piece;
				if (this.inThinking && piece !== '<think>' && piece !== '</thi') {
					thinkingTokens++;
				}
				continue;
			}
			if (this.inThinking) {
				reasoning += piece;
				thinkingTokens++;
			} else {
				content += piece;
			}
		}
		return { reasoning, content, thinkingTokens };
	}
}

/** The delta object of a chat chunk in the dialect's field names (`undefined` for an empty delta). */
export function chatDelta(
	profile: DialectProfile,
	text: ChunkText,
): Record<string, unknown> | undefined {
	const r = text.reasoning;
	const c = text.content;
	if (r === '' && c === '') {
		return undefined;
	}
	const delta: Record<string, unknown> = {};
	switch (profile.reasoning) {
		case 'reasoning_content':
			if (r !== '') {
				delta.reasoning_content = r;
			}
			break;
		case 'reasoning':
			if (r !== '') {
				delta.reasoning = r;
			}
			break;
		case 'both':
			// As observed on vLLM 0.11–0.15: the old field is copied, and shows up as null when unset.
			if (r !== '') {
				delta.reasoning = r;
			}
			delta.reasoning_content = r !== '' ? r : null;
			break;
		case 'inline':
		case 'inline-open':
			break;
	}
	if (c !== '') {
		delta.content = c;
	}
	return delta;
}

/** Thinking text offset where a kept prefix leaves the trace's thinking (common prefix length). */
export function commonPrefixLength(a: string, b: string): number {
	const n = Math.min(a.length, b.length);
	let i = 0;
	while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) {
		i++;
	}
	return i;
}
