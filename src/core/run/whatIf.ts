/**
 * "What if I stopped here?": the answer the server gives from a chain's thinking up to a chosen thought
 * (the continuation a cut would ask for), kept as a run of its own next to the chain it branches from.
 */
import type { TreeNodeView } from '../../shared/protocol';
import type { RunRecord } from '../history/runRecord';
import { newRunId } from '../history/runStore';
import type { ChatTemplateSpec } from '../stream/chatTemplates';
import type { ReasoningClient } from '../stream/reasoningClient';
import { pinHeaders } from '../stream/servedTrace';
import { collectStream } from '../stream/streamEvents';
import { tokenCounterFor } from '../tokens/tokenCounter';
import { finalAnswerOf } from './comparison';
import type { LivePorts } from './livePorts';
import { messagesFor, originalFiguresOf, recordingIdOf, startedRecord } from './runRecords';

/** The thinking of a drawn chain up to and including thought `index` (the problem node excluded). */
export function keptThinkingOf(nodes: readonly TreeNodeView[], index: number): string {
	return nodes
		.filter((n) => n.index >= 0 && n.index <= index)
		.sort((a, b) => a.index - b.index)
		.map((n) => n.text)
		.join('');
}

/** Where the continuation goes; the caller owns and closes the client. */
export interface WhatIfEndpoint {
	readonly client: ReasoningClient;
	readonly model: string;
	readonly baseUrl: string;
	readonly answerMaxTokens: number;
	readonly temperature?: number;
	readonly chatTemplate?: ChatTemplateSpec;
}

/** The chain, and the thought after which it stops. */
export interface WhatIfRequest {
	readonly original: RunRecord;
	/** 0-based index of the last kept thought, and the thinking tokens up to its end. */
	readonly thought: { readonly index: number; readonly tokenEnd: number };
	/** How many thoughts the chain has (for the explanation). */
	readonly thoughtCount: number;
	readonly keptThinking: string;
}

/**
 * Asks for the answer from the kept thinking and returns the what-if run's record, saved when a store
 * is given. Throws when the server gave no answer at all (nothing worth keeping).
 */
export async function answerFromThought(
	endpoint: WhatIfEndpoint,
	request: WhatIfRequest,
	ports: Pick<LivePorts, 'store' | 'clock'>,
	signal?: AbortSignal,
): Promise<RunRecord> {
	const { original, thought } = request;
	const started = performance.now();
	const continuation = await collectStream(
		endpoint.client.continueAfterCut({
			model: endpoint.model,
			messages: messagesFor(original.problem, original.systemPrompt),
			keptThinking: request.keptThinking,
			maxTokens: endpoint.answerMaxTokens,
			temperature: endpoint.temperature,
			chatTemplate: endpoint.chatTemplate,
			// A recording's replay asks the emulator for that very chain's answer.
			headers: pinHeaders(recordingIdOf(original)),
			signal,
		}),
	);
	if (continuation.error !== undefined && continuation.answer === '') {
		throw continuation.error;
	}
	const answer = continuation.answer + continuation.thinking;
	const now = ports.clock?.now() ?? new Date();
	const record: RunRecord = {
		...startedRecord({
			id: newRunId(now),
			kind: 'whatif',
			createdAt: now,
			problem: original.problem,
			systemPrompt: original.systemPrompt,
			name: `What if: ${original.name} (after thought ${thought.index + 1})`,
			goldAnswer: original.goldAnswer,
			parentRunId: original.id,
			original: originalFiguresOf(original),
			model: endpoint.model,
			endpoint: { baseUrl: endpoint.baseUrl, dialect: endpoint.client.dialect },
		}),
		status: continuation.partial ? 'partial' : 'complete',
		thinking: request.keptThinking,
		final: answer,
		predictedAnswer: finalAnswerOf(answer),
		thinkingTokens: thought.tokenEnd,
		answerTokens:
			continuation.usage.completionTokens ?? tokenCounterFor(endpoint.model).count(answer),
		wallMs: Math.round(performance.now() - started),
		cut: {
			thought: thought.index,
			tokenOffset: thought.tokenEnd,
			trigger: 'what-if',
			explanation: `Stopped by hand after thought ${thought.index + 1} of ${request.thoughtCount}.`,
		},
		error: continuation.error?.message,
	};
	await ports.store?.save(record);
	return record;
}
