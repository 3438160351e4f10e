import type { TraceRecord } from '../traces/traceRecord';
import { ThoughtSegmenter } from './segmenter';
import type { SegmenterOptions } from './segmenterOptions';
import type { Thought } from './thought';

/**
 * Splits a whole thinking text into thoughts with the one segmenter every command and view uses
 * (the same as feeding it chunk by chunk). Token offsets come from `options.tokenCounter`, else from
 * `tokenCounterFor(options.model)`.
 */
export function segmentThinking(thinking: string, options: SegmenterOptions = {}): Thought[] {
	const segmenter = new ThoughtSegmenter(options);
	return [...segmenter.feed(thinking), ...segmenter.end()];
}

/** The segmenter options for a recorded trace: its model's token count, then the caller's settings. */
export function traceSegmenterOptions(
	trace: TraceRecord,
	options: SegmenterOptions = {},
): SegmenterOptions {
	return { model: trace.model, ...options };
}

/** The thoughts of a recorded trace, counted with its model's tokens (see `traceSegmenterOptions`). */
export function segmentTrace(trace: TraceRecord, options: SegmenterOptions = {}): Thought[] {
	return segmentThinking(trace.thinking, traceSegmenterOptions(trace, options));
}
