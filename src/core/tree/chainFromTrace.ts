import type { ChainView, TreeNodeView } from '../../shared/protocol';
import type { Thought } from '../thoughts/thought';
import type { TraceRecord } from '../traces/traceRecord';

/** The id of the problem node, the root of every chain's tree. */
export const PROBLEM_NODE_ID = 'problem';

/** A stable node id for the thought at `index`. */
export function thoughtNodeId(index: number): string {
	return `t${index}`;
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

/**
 * Builds the view of a recorded trace already split into thoughts: the problem is the root and each
 * thought continues the one before it. Roles and verdicts stay `progress`/`undecided` until the engine
 * labels them.
 */
export function chainFromTrace(trace: TraceRecord, thoughts: readonly Thought[], runId: string): ChainView {
	const problem: TreeNodeView = {
		id: PROBLEM_NODE_ID,
		parentId: null,
		index: -1,
		role: 'problem',
		usefulness: 'useful',
		text: trace.problem ?? '(no problem text recorded)',
		tokenStart: 0,
		tokenEnd: 0,
	};
	const nodes: TreeNodeView[] = [problem];
	for (const thought of thoughts) {
		nodes.push({
			id: thoughtNodeId(thought.index),
			parentId: thought.index === 0 ? PROBLEM_NODE_ID : thoughtNodeId(thought.index - 1),
			index: thought.index,
			role: 'progress',
			usefulness: 'undecided',
			text: thought.text,
			tokenStart: thought.tokenStart,
			tokenEnd: thought.tokenEnd,
		});
	}
	const last = thoughts[thoughts.length - 1];
	return {
		runId,
		title: firstLine(trace.problem ?? trace.id, 80),
		model: trace.model,
		benchmark: trace.benchmark,
		source: traceAttribution(trace),
		status: 'complete',
		thinkingTokens: last?.tokenEnd ?? 0,
		finalAnswer: trace.predictedAnswer,
		nodes,
	};
}

/** The first line of `text`, cut to `max` characters with an ellipsis. */
export function firstLine(text: string, max: number): string {
	const line = text.trim().split('\n', 1)[0] ?? '';
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
