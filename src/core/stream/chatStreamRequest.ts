/**
 * One streamed chat completion: what the caller asks for, and the request body it becomes on the wire
 * (vLLM, SGLang and MindIE extensions as plain body fields).
 */
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import type { ChatMessage } from './chatWire';
import type { StreamEvent } from './streamEvents';
import type { ThinkingMarkers } from './thinkingMarkers';

/** One streamed chat completion. */
export interface ChatStreamRequest {
	readonly model: string;
	readonly messages: readonly ChatMessage[];
	/** Optional for vLLM (defaults to the remaining context); always sent to MindIE. */
	readonly maxTokens?: number;
	readonly temperature?: number;
	readonly topP?: number;
	/** `chat_template_kwargs.enable_thinking` for hybrid models (Qwen3); unset leaves the server default. */
	readonly thinking?: boolean;
	/** Servers without a reasoning parser: whether output starts inside the thought. Default: `thinking !== false`. */
	readonly startsInReasoning?: boolean;
	/** Servers without a reasoning parser: the inline thinking markers (default `<think>…</think>`). */
	readonly thinkingMarkers?: readonly ThinkingMarkers[];
	/** Ask for cumulative usage on every chunk where the server supports it. Default true. */
	readonly continuousUsage?: boolean;
	/** Extra request fields, sent as-is (e.g. `top_k`, `seed`, `cache_salt`). */
	readonly extraBody?: Readonly<Record<string, unknown>>;
	/** Extra headers of this request (e.g. `X-ThinkTrim-Trace` when replaying a recording). */
	readonly headers?: Readonly<Record<string, string>>;
	readonly signal?: AbortSignal;
	/**
	 * Receives every event as it happens; the generator then yields none and only returns the result.
	 * For consumers that handle each event at once (no promise per chunk); see streamRunner's `onEvent`.
	 */
	readonly onEvent?: (event: StreamEvent) => void;
}

/** Used when MindIE needs an explicit max_tokens and the caller gave none. */
const MINDIE_DEFAULT_MAX_TOKENS = 8192;

/** The request body of `request` for a server with these features. */
export function chatStreamBody(
	request: ChatStreamRequest,
	continuousUsage: boolean,
	needsMaxTokens: boolean,
): ChatCompletionCreateParamsStreaming {
	const maxTokens = request.maxTokens ?? (needsMaxTokens ? MINDIE_DEFAULT_MAX_TOKENS : undefined);
	const streamOptions = {
		include_usage: true,
		...(continuousUsage && request.continuousUsage !== false
			? { continuous_usage_stats: true }
			: {}),
	};
	// vLLM/SGLang/MindIE extensions travel as plain body fields (the SDK sends unknown keys as-is).
	const body: ChatCompletionCreateParamsStreaming & Record<string, unknown> = {
		...request.extraBody,
		model: request.model,
		messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
		stream: true,
		stream_options: streamOptions,
		...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}),
		...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
		...(request.topP !== undefined ? { top_p: request.topP } : {}),
		...(request.thinking !== undefined
			? { chat_template_kwargs: { enable_thinking: request.thinking } }
			: {}),
	};
	return body;
}
