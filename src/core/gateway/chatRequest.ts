/**
 * Reads a client's chat completion request into what a trimmed run needs, or says why the gateway
 * passes it through untouched instead (tools, several choices, images: trimming needs one plain-text
 * chain it can re-render for the continuation).
 */
import type { ChatMessage } from '../stream/reasoningClient';

/** A request the gateway can trim. */
export interface TrimmableChat {
	readonly kind: 'trim';
	readonly model: string;
	readonly messages: readonly ChatMessage[];
	readonly stream: boolean;
	readonly includeUsage: boolean;
	readonly maxTokens: number | undefined;
	readonly temperature: number | undefined;
	readonly thinking: boolean | undefined;
	/** Every other field, forwarded as-is. */
	readonly extraBody: Readonly<Record<string, unknown>>;
}

/** A request forwarded unchanged, and why. */
export interface PassThroughChat {
	readonly kind: 'passthrough';
	readonly reason: string;
	readonly model: string;
	readonly stream: boolean;
}

/** A request the gateway refuses with 400 before going upstream. */
export interface BadChat {
	readonly kind: 'bad';
	readonly message: string;
	readonly param: string | null;
}

export type ChatPlan = TrimmableChat | PassThroughChat | BadChat;

/** Fields the gateway handles itself; the rest go upstream as they came. */
const HANDLED = new Set([
	'model',
	'messages',
	'stream',
	'stream_options',
	'max_tokens',
	'max_completion_tokens',
	'temperature',
]);

function textOf(content: unknown): string | undefined {
	if (typeof content === 'string') {
		return content;
	}
	if (!Array.isArray(content)) {
		return undefined;
	}
	let text = '';
	for (const part of content as unknown[]) {
		if (
			typeof part !== 'object' ||
			part === null ||
			(part as { type?: unknown }).type !== 'text' ||
			typeof (part as { text?: unknown }).text !== 'string'
		) {
			return undefined;
		}
		text += (part as { text: string }).text;
	}
	return text;
}

function optionalNumber(body: Record<string, unknown>, key: string): number | undefined | BadChat {
	const v = body[key];
	if (v === undefined || v === null) {
		return undefined;
	}
	return typeof v === 'number' && Number.isFinite(v)
		? v
		: { kind: 'bad', message: `"${key}" must be a number`, param: key };
}

/** Plans one `/v1/chat/completions` body (already parsed JSON). */
export function planChat(body: unknown): ChatPlan {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return { kind: 'bad', message: 'The request body must be a JSON object.', param: null };
	}
	const b = body as Record<string, unknown>;
	if (typeof b.model !== 'string' || b.model === '') {
		return { kind: 'bad', message: '"model" is required.', param: 'model' };
	}
	const model = b.model;
	const stream = b.stream === true;
	if (!Array.isArray(b.messages) || b.messages.length === 0) {
		return { kind: 'bad', message: '"messages" must be a non-empty list.', param: 'messages' };
	}
	const pass = (reason: string): PassThroughChat => ({
		kind: 'passthrough',
		reason,
		model,
		stream,
	});
	if (b.tools !== undefined || b.functions !== undefined) {
		return pass('tool calls');
	}
	if (typeof b.n === 'number' && b.n !== 1) {
		return pass('several choices (n > 1)');
	}
	if (b.logprobs === true || b.echo === true) {
		return pass('log-probabilities');
	}
	const messages: ChatMessage[] = [];
	for (const m of b.messages as unknown[]) {
		const role = typeof m === 'object' && m !== null ? (m as { role?: unknown }).role : undefined;
		const content = textOf(
			typeof m === 'object' && m !== null ? (m as { content?: unknown }).content : undefined,
		);
		if (role !== 'system' && role !== 'user' && role !== 'assistant') {
			return pass(`a message with role ${JSON.stringify(role)}`);
		}
		if (content === undefined) {
			return pass('a message whose content is not plain text');
		}
		messages.push({ role, content });
	}
	const maxTokens = optionalNumber(
		b,
		b.max_completion_tokens !== undefined ? 'max_completion_tokens' : 'max_tokens',
	);
	const temperature = optionalNumber(b, 'temperature');
	if (typeof maxTokens === 'object') {
		return maxTokens;
	}
	if (typeof temperature === 'object') {
		return temperature;
	}
	const extraBody: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(b)) {
		if (!HANDLED.has(key)) {
			extraBody[key] = value;
		}
	}
	// enable_thinking alone becomes `thinking` (the continuation renders the template with it too).
	let thinking: boolean | undefined;
	const kwargs = b.chat_template_kwargs;
	if (typeof kwargs === 'object' && kwargs !== null && !Array.isArray(kwargs)) {
		const entries = Object.entries(kwargs);
		const enable = (kwargs as { enable_thinking?: unknown }).enable_thinking;
		if (entries.length === 1 && typeof enable === 'boolean') {
			thinking = enable;
			delete extraBody.chat_template_kwargs;
		}
	}
	const streamOptions = b.stream_options;
	const includeUsage =
		typeof streamOptions === 'object' &&
		streamOptions !== null &&
		(streamOptions as { include_usage?: unknown }).include_usage === true;
	return {
		kind: 'trim',
		model,
		messages,
		stream,
		includeUsage,
		maxTokens,
		temperature,
		thinking,
		extraBody,
	};
}
