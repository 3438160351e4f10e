/**
 * The chat wire format shared by the client and the continuation: a chat message, and a streamed chat
 * chunk reduced to its parts. It lives apart from reasoningClient.ts so that the continuation and the chat
 * templates can use it without importing the client, which imports them.
 */
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { checkChunk } from './errors';
import { contentOf, reasoningFieldSeen, reasoningOf } from './reasoningDelta';
import type { ChunkParts } from './streamAccumulator';

/** One chat message. */
export interface ChatMessage {
	readonly role: 'system' | 'user' | 'assistant';
	readonly content: string;
}

/** A chat chunk as servers send it: vLLM adds `stop_reason` to each choice. */
export type ChatChunk = ChatCompletionChunk & {
	choices: Array<ChatCompletionChunk.Choice & { stop_reason?: string | number | null }>;
};

/** Reduces a chat chunk to its parts (choice 0; usage chunks have no choices). */
export function chatChunkParts(chunk: ChatChunk): ChunkParts {
	checkChunk(chunk);
	const choice = chunk.choices[0];
	const delta = choice?.delta;
	// Built field by field, not spread: one object of one shape per chunk (thousands a second in the gateway).
	return {
		reasoning: reasoningOf(delta),
		content: contentOf(delta),
		fieldSeen: reasoningFieldSeen(delta),
		finishReason: choice?.finish_reason,
		stopReason: choice?.stop_reason,
		usage: chunk.usage,
	};
}
