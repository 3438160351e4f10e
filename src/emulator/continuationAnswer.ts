/**
 * What the emulated model answers when asked to finish from a cut thinking: the trace's own final answer
 * when the cut came after the thinking first stated that answer; otherwise the last answer stated before
 * the cut (a model forced to answer early says what it believed then), so what-if replays behave
 * plausibly. Answers are found and compared with the core's answer extraction.
 */
import { answersEquivalent } from '../core/answers/equivalence';
import { extractAnswer } from '../core/answers/extract';
import type { TraceRecord } from '../core/traces/traceRecord';

/** The emulated answer and why it is that one. */
export interface ContinuationAnswer {
	/** The text to generate after `</think>`. */
	readonly text: string;
	/** The answer value it states. */
	readonly value: string | undefined;
	/** `final`: the trace's answer; `earlier`: the last one stated before the cut; `none-stated`: nothing before the cut, final used. */
	readonly source: 'final' | 'earlier' | 'none-stated';
}

/** The trace's final answer value. */
export function finalAnswerValue(trace: TraceRecord): string | undefined {
	return (
		trace.predictedAnswer ??
		extractAnswer(trace.final ?? '')?.value ??
		extractAnswer(trace.thinking)?.value
	);
}

const firstStatementCache = new WeakMap<TraceRecord, number>();

/**
 * Offset in the thinking just after the first statement of the final answer (Infinity when the thinking
 * never states it). Paragraph by paragraph, once per trace.
 */
export function firstFinalStatementEnd(trace: TraceRecord): number {
	const cached = firstStatementCache.get(trace);
	if (cached !== undefined) {
		return cached;
	}
	const final = finalAnswerValue(trace);
	let result = Number.POSITIVE_INFINITY;
	if (final !== undefined) {
		let start = 0;
		for (const paragraph of trace.thinking.split('\n\n')) {
			const found = extractAnswer(paragraph);
			if (found !== undefined && !found.hedged && answersEquivalent(found.value, final)) {
				result = start + found.charEnd;
				break;
			}
			start += paragraph.length + 2;
		}
	}
	firstStatementCache.set(trace, result);
	return result;
}

/** The answer after a cut at `cutChars` characters into the trace's thinking. */
export function continuationAnswer(
	trace: TraceRecord,
	keptThinking: string,
	cutChars: number,
): ContinuationAnswer {
	const final = finalAnswerValue(trace);
	const finalText =
		trace.final !== undefined && trace.final !== ''
			? trace.final
			: final !== undefined
				? `The answer is $\\boxed{${final}}$.`
				: '';
	if (cutChars >= firstFinalStatementEnd(trace)) {
		return { text: finalText, value: final, source: 'final' };
	}
	const earlier = extractAnswer(keptThinking);
	if (earlier === undefined) {
		return { text: finalText, value: final, source: 'none-stated' };
	}
	if (final !== undefined && answersEquivalent(earlier.value, final)) {
		return { text: finalText, value: final, source: 'final' };
	}
	return {
		text: `**Final Answer**\n\n$\\boxed{${earlier.value}}$`,
		value: earlier.value,
		source: 'earlier',
	};
}
