/**
 * What the gateway's clients see: OpenAI chat completion chunks (and the non-streamed response) with
 * the reasoning in the same place upstream puts it, so a client that worked against the model server
 * works unchanged against the gateway. vLLM ≥ 0.16 sends `reasoning`, 0.11.1–0.15 both fields, older
 * vLLM, vllm-ascend, SGLang, MindIE and llama.cpp `reasoning_content`; servers without a reasoning
 * parser inline the thought in `content` ending with `</think>` (Qwen3 also opens it with `<think>`).
 */
import type { DialectName } from '../stream/streamEvents';

/** Where reasoning travels to the client. */
export type ReasoningStyle = 'reasoning_content' | 'reasoning' | 'both' | 'inline' | 'inline-open';

export function reasoningStyleFor(dialect: DialectName | undefined): ReasoningStyle {
	switch (dialect) {
		case 'vllm':
			return 'reasoning';
		case 'vllm-transition':
			return 'both';
		case 'inline':
			return 'inline';
		case 'qwen3-inline':
			return 'inline-open';
		default:
			return 'reasoning_content';
	}
}

/** The `thinktrim` object of the final chunk, the response body and (flattened) the response headers. */
export interface TrimReport {
	readonly request_id: string;
	readonly mode: 'act' | 'watch' | 'off' | 'passthrough';
	readonly policy: string;
	/** Act mode: the chain was cut and the answer continued from the kept thinking. */
	readonly cut: boolean;
	/** Watch mode: where the policy would have cut. */
	readonly would_cut?: boolean;
	readonly trigger?: string;
	readonly explanation?: string;
	/** 0-based index of the last kept thought. */
	readonly cut_thought?: number;
	readonly kept_thinking_tokens?: number;
	/** Characters of the streamed reasoning the answer rests on (text past it was sent but not used). */
	readonly kept_reasoning_chars?: number;
	readonly thinking_tokens_generated: number;
	readonly verifier: string;
	readonly verifier_failed?: boolean;
	readonly continuation_strategy?: string;
}

/** Token counts for the client. */
export interface ClientUsage {
	readonly prompt_tokens: number;
	readonly completion_tokens: number;
	readonly total_tokens: number;
	readonly completion_tokens_details?: { readonly reasoning_tokens: number };
}

/** Builds the chunks of one streamed completion; keeps the inline tags' state. */
export class ChunkWriter {
	private openedInline = false;
	private sawReasoning = false;
	private closedInline = false;
	private readonly created = Math.floor(Date.now() / 1000);

	constructor(
		private readonly id: string,
		private readonly model: string,
		readonly style: ReasoningStyle,
	) {}

	/** The bytes before an ordinary chunk's delta, built once: one chunk per token is sent. */
	private head: string | undefined;
	/** UTF-8 bytes of the head beyond one per character (a model id may not be ASCII). */
	private headExtraBytes = 0;
	private bytes = 0;

	private chunk(
		delta: Record<string, unknown>,
		extra?: Record<string, unknown>,
		finishReason: string | null = null,
	): string {
		const body = {
			id: this.id,
			object: 'chat.completion.chunk',
			created: this.created,
			model: this.model,
			choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
			...extra,
		};
		return `data: ${JSON.stringify(body)}\n\n`;
	}

	/**
	 * An ordinary chunk whose delta is `{"<field>":text}` (both fields for `both`): the text JSON.stringify
	 * gives for the whole chunk, built from the fixed head without a delta or chunk object per token.
	 */
	private textChunk(field: 'reasoning' | 'content', text: string): string {
		if (this.head === undefined) {
			this.head =
				`data: {"id":${JSON.stringify(this.id)},"object":"chat.completion.chunk",` +
				`"created":${JSON.stringify(this.created)},"model":${JSON.stringify(this.model)},` +
				`"choices":[{"index":0,"delta":`;
			this.headExtraBytes = Buffer.byteLength(this.head) - this.head.length;
		}
		const value = JSON.stringify(text);
		const tail = ',"logprobs":null,"finish_reason":null}]}\n\n';
		let chunk: string;
		let copies = 1;
		if (field === 'content') {
			chunk = `${this.head}{"content":${value}}${tail}`;
		} else if (this.style === 'both') {
			chunk = `${this.head}{"reasoning":${value},"reasoning_content":${value}}${tail}`;
			copies = 2;
		} else if (this.style === 'reasoning') {
			chunk = `${this.head}{"reasoning":${value}}${tail}`;
		} else {
			chunk = `${this.head}{"reasoning_content":${value}}${tail}`;
		}
		// Every fixed part past the head is ASCII, one byte per character.
		this.bytes =
			chunk.length + this.headExtraBytes + copies * (Buffer.byteLength(value) - value.length);
		return chunk;
	}

	/**
	 * UTF-8 bytes of the chunk `reasoning` or `answer` last returned, counted from its parts: counting the
	 * returned text itself would copy it into one flat string first.
	 */
	get lastByteLength(): number {
		return this.bytes;
	}

	/** The first chunk: the assistant role. */
	role(): string {
		return this.chunk({ role: 'assistant', content: '' });
	}

	reasoning(text: string): string {
		this.sawReasoning = true;
		const inline = this.style === 'inline' || this.style === 'inline-open';
		return this.textChunk(inline ? 'content' : 'reasoning', this.openInline() + text);
	}

	answer(text: string): string {
		return this.textChunk('content', this.closeInline() + text);
	}

	/** The chunk with the finish reason and the `thinktrim` report. */
	finish(reason: string, report: TrimReport): string {
		const close = this.closeInline();
		return this.chunk(close !== '' ? { content: close } : {}, { thinktrim: report }, reason);
	}

	/** The usage chunk (no choices), sent when the client asked for `stream_options.include_usage`. */
	usage(usage: ClientUsage, report: TrimReport): string {
		const chunk = {
			id: this.id,
			object: 'chat.completion.chunk',
			created: this.created,
			model: this.model,
			choices: [],
			usage,
			thinktrim: report,
		};
		return `data: ${JSON.stringify(chunk)}\n\n`;
	}

	private openInline(): string {
		if (this.style === 'inline-open' && !this.openedInline) {
			this.openedInline = true;
			return '<think>\n';
		}
		return '';
	}

	/** Inline styles end the thought with `</think>` before the first answer text (once). */
	private closeInline(): string {
		if (
			(this.style === 'inline' || this.style === 'inline-open') &&
			this.sawReasoning &&
			!this.closedInline
		) {
			this.closedInline = true;
			return '</think>\n\n';
		}
		return '';
	}
}

function reasoningDelta(style: ReasoningStyle, text: string): Record<string, unknown> {
	switch (style) {
		case 'reasoning':
			return { reasoning: text };
		case 'both':
			return { reasoning: text, reasoning_content: text };
		case 'inline':
		case 'inline-open':
			return { content: text };
		case 'reasoning_content':
			return { reasoning_content: text };
	}
}

/** The non-streamed response body. */
export function completionBody(
	id: string,
	model: string,
	style: ReasoningStyle,
	parts: {
		reasoning: string;
		answer: string;
		finishReason: string;
		usage: ClientUsage;
		report: TrimReport;
	},
): Record<string, unknown> {
	const inline = style === 'inline' || style === 'inline-open';
	const opener = style === 'inline-open' ? '<think>\n' : '';
	const content =
		inline && parts.reasoning !== ''
			? `${opener}${parts.reasoning}</think>\n\n${parts.answer}`
			: parts.answer;
	const reasoningFields =
		inline || parts.reasoning === '' ? {} : reasoningDelta(style, parts.reasoning);
	return {
		id,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [
			{
				index: 0,
				message: { role: 'assistant', content, ...reasoningFields },
				logprobs: null,
				finish_reason: parts.finishReason,
			},
		],
		usage: parts.usage,
		thinktrim: parts.report,
	};
}

/** The report as response headers (`x-thinktrim-*`), for clients that do not read the body's extra fields. */
export function reportHeaders(report: TrimReport): Record<string, string> {
	const headers: Record<string, string> = {
		'x-thinktrim-request-id': report.request_id,
		'x-thinktrim-mode': report.mode,
		'x-thinktrim-policy': report.policy,
		'x-thinktrim-cut': String(report.cut),
	};
	if (report.trigger !== undefined) {
		headers['x-thinktrim-trigger'] = report.trigger;
	}
	if (report.kept_thinking_tokens !== undefined) {
		headers['x-thinktrim-kept-thinking-tokens'] = String(report.kept_thinking_tokens);
	}
	headers['x-thinktrim-thinking-tokens'] = String(report.thinking_tokens_generated);
	return headers;
}
