import type { ChainFigures, ChainView } from '../../shared/protocol';
import type { Thought } from '../thoughts/thought';
import { tokenCounterFor } from '../tokens/tokenCounter';
import type { TraceRecord } from '../traces/traceRecord';
import type { ChainMeta } from './treeInput';
import { TreeModel } from './treeModel';

export { PROBLEM_NODE_ID, thoughtNodeId } from './parentRule';

/** Figures of a chain nobody analyzed yet: no policy, the tokens counted as the trace's model counts them. */
export function unanalyzedFigures(trace: TraceRecord): ChainFigures {
	return {
		policy: 'none',
		mode: 'watch',
		verifier: { kind: 'heuristic' },
		tokenSource: tokenCounterFor(trace.model).description,
	};
}

/** An attribution line for a third-party trace, or undefined for the user's own. */
export function traceAttribution(trace: TraceRecord): string | undefined {
	const source = trace.source;
	if (source === undefined) {
		return undefined;
	}
	const license = source.license !== undefined ? ` (${source.license})` : '';
	return `${source.repo}${license}`;
}

/** What the tree model needs to know about a recorded trace as a whole. */
export function chainMetaFromTrace(
	trace: TraceRecord,
	runId: string,
	figures: ChainFigures,
): ChainMeta {
	return {
		runId,
		title: firstLine(trace.problem ?? trace.id, 80),
		problem: trace.problem ?? '(no problem text recorded)',
		model: trace.model,
		benchmark: trace.benchmark,
		source: traceAttribution(trace),
		finalAnswer: trace.predictedAnswer,
		goldAnswer: trace.goldAnswer,
		figures,
	};
}

/**
 * The tree model of a recorded trace already split into thoughts, complete. Thoughts stay unlabelled
 * (progress, undecided) until the engine's labels are applied (see fromAnalysis.ts).
 */
export function modelFromThoughts(
	trace: TraceRecord,
	thoughts: readonly Thought[],
	runId: string,
	figures: ChainFigures = unanalyzedFigures(trace),
): TreeModel {
	const model = new TreeModel(chainMetaFromTrace(trace, runId, figures), 'complete');
	for (const thought of thoughts) {
		model.upsertThought({
			index: thought.index,
			text: thought.text,
			tokenStart: thought.tokenStart,
			tokenEnd: thought.tokenEnd,
		});
	}
	return model;
}

/** The view of a recorded trace split into thoughts, each continuing the one before it. */
export function chainFromTrace(
	trace: TraceRecord,
	thoughts: readonly Thought[],
	runId: string,
): ChainView {
	return modelFromThoughts(trace, thoughts, runId).snapshot();
}

/** The first line of `text`, cut to `max` characters with an ellipsis. */
export function firstLine(text: string, max: number): string {
	const line = text.trim().split('\n', 1)[0] ?? '';
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
