/** What a continuation after a cut asks for, and the strategies that render its prompt. */
import type { ChatTemplateSpec } from './chatTemplates';
import type { ChatMessage } from './chatWire';
import type { StreamEvent } from './streamEvents';

/** How the continuation prompt was built. */
export type ContinuationStrategy =
	'tokenize' | 'apply-template' | 'chat-template' | 'continue-final-message';

/** What to continue. */
export interface ContinuationRequest {
	readonly model: string;
	/** The original conversation (system and user turns), exactly as first sent. */
	readonly messages: readonly ChatMessage[];
	/** The thinking kept up to the cut. */
	readonly keptThinking: string;
	/** A sentence that steers the model to answer (e.g. "Time to give the final answer."). */
	readonly guide?: string;
	/** Answer token budget; always sent. */
	readonly maxTokens: number;
	readonly temperature?: number;
	/** `enable_thinking` passed to the template, as in the original request. */
	readonly thinking?: boolean;
	/** Any other `chat_template_kwargs` of the original request; passed to every way of rendering. */
	readonly chatTemplateKwargs?: Readonly<Record<string, unknown>>;
	/** Force a strategy; `auto` (default) picks by dialect and falls back when an endpoint is missing. */
	readonly strategy?: ContinuationStrategy | 'auto';
	/** The model's chat template, for servers that cannot render one. */
	readonly chatTemplate?: ChatTemplateSpec;
	/** Extra headers of the continuation request (e.g. `X-ThinkTrim-Trace`). */
	readonly headers?: Readonly<Record<string, string>>;
	readonly signal?: AbortSignal;
	/**
	 * Receives every event as it happens instead of the generator yielding it, as `streamChat`'s
	 * `onEvent` (no promise per answer chunk; the generator only returns the result).
	 */
	readonly onEvent?: (event: StreamEvent) => void;
}

/** Thrown by a render step when the server lacks its endpoint: try the next strategy. */
export class Unsupported extends Error {}

/** The template kwargs of a request: its own, with `enable_thinking` from `thinking` when set. */
export function templateKwargs(
	request: Pick<ContinuationRequest, 'thinking' | 'chatTemplateKwargs'>,
): Record<string, unknown> | undefined {
	const kwargs = {
		...request.chatTemplateKwargs,
		...(request.thinking !== undefined ? { enable_thinking: request.thinking } : {}),
	};
	return Object.keys(kwargs).length > 0 ? kwargs : undefined;
}
