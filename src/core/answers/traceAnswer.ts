import { extractAnswer } from './extract';
import type { ExtractedAnswer, ExtractOptions } from './extractedAnswer';

/** The answer a trace ends on, and where it was read. */
export interface TraceAnswer extends ExtractedAnswer {
	/** `final`: the visible response after `</think>`; `thinking`: the thinking tail (no final, or no answer in it). */
	readonly source: 'final' | 'thinking';
}

/**
 * The answer a recorded trace concludes with: the last answer stated in its final response, else the
 * last one stated in its thinking (responses without a think block, or cut before the answer).
 * Offsets are into the text named by `source`.
 */
export function traceFinalAnswer(
	trace: { readonly thinking: string; readonly final?: string },
	options?: ExtractOptions,
): TraceAnswer | undefined {
	if (trace.final !== undefined && trace.final.trim() !== '') {
		const fromFinal = extractAnswer(trace.final, options);
		if (fromFinal !== undefined) {
			return { ...fromFinal, source: 'final' };
		}
	}
	const fromThinking = extractAnswer(trace.thinking, options);
	return fromThinking === undefined ? undefined : { ...fromThinking, source: 'thinking' };
}
