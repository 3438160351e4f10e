/**
 * POST /v1/chat/completions: replays the trace matching the last user message, streamed or not, in the
 * dialect's wire format; verifier-style requests (max_tokens 1 + logprobs) get a Yes/No with logprobs;
 * `continue_final_message` continues the thinking from the given assistant prefix.
 */
import type { RequestContext } from './context';
import { announceTrace, intField, pinnedTrace, sendError, sendJson } from './context';
import { chatDelta, commonPrefixLength, generationPieces, ParserState } from './generation';
import { groupTokens, replay } from './replay';
import { verifierReply } from './verifierReply';
import { renderContinuation, renderPrompt, type PromptMessage } from './promptTemplates';
import { SseWriter } from './sseWriter';
import { waitMs } from './pacing';
import { sendContextLengthError } from './contextLengthError';
import { sendLlamaCppContextError } from './llamaCppErrors';

function readMessages(raw: unknown): PromptMessage[] | string {
	if (!Array.isArray(raw) || raw.length === 0) {
		return '"messages" must be a non-empty list';
	}
	const out: PromptMessage[] = [];
	for (const [i, m] of raw.entries()) {
		if (typeof m !== 'object' || m === null || typeof (m as { role?: unknown }).role !== 'string') {
			return `messages[${i}] needs a "role"`;
		}
		const { role, content } = m as { role: string; content?: unknown };
		const text =
			typeof content === 'string'
				? content
				: Array.isArray(content)
					? content
							.map((p: unknown) =>
								typeof p === 'object' &&
								p !== null &&
								typeof (p as { text?: unknown }).text === 'string'
									? (p as { text: string }).text
									: '',
							)
							.join('')
					: '';
		out.push({ role, content: text });
	}
	return out;
}

/** Usage object, with the reasoning breakdown where the dialect reports one. */
export function usageBody(
	ctx: RequestContext,
	prompt: number,
	completion: number,
	reasoning: number | undefined,
): Record<string, unknown> {
	const usage: Record<string, unknown> = {
		prompt_tokens: prompt,
		total_tokens: prompt + completion,
		completion_tokens: completion,
	};
	if (reasoning !== undefined && ctx.state.profile.reasoningTokensInUsage) {
		usage.completion_tokens_details = { reasoning_tokens: reasoning };
	}
	if (reasoning !== undefined && ctx.state.profile.reasoningTokensTopLevel === true) {
		usage.reasoning_tokens = reasoning;
	}
	return usage;
}

/** The `stream_options` of a request, validated as vLLM does. */
export function streamOptions(
	ctx: RequestContext,
	stream: boolean,
): { includeUsage: boolean; continuous: boolean } | Error {
	const raw = ctx.body.stream_options;
	if (raw === undefined || raw === null) {
		return { includeUsage: false, continuous: false };
	}
	if (!stream) {
		return new Error('Stream options can only be defined when `stream=True`.');
	}
	const o = raw as { include_usage?: unknown; continuous_usage_stats?: unknown };
	return {
		includeUsage: o.include_usage === true,
		continuous:
			o.include_usage === true &&
			o.continuous_usage_stats === true &&
			ctx.state.profile.continuousUsage,
	};
}

export async function handleChat(ctx: RequestContext): Promise<void> {
	const { state, body, record } = ctx;
	const profile = state.profile;
	const messages = readMessages(body.messages);
	if (typeof messages === 'string') {
		return sendError(ctx, 400, messages, 'messages');
	}
	const stream = body.stream === true;
	record.stream = stream;
	const options = streamOptions(ctx, stream);
	const maxTokens = intField(body, 'max_tokens') ?? intField(body, 'max_completion_tokens');
	if (options instanceof Error || maxTokens instanceof Error) {
		return sendError(ctx, 400, (options instanceof Error ? options : (maxTokens as Error)).message);
	}
	const lastUser = [...messages].reverse().find((m) => m.role === 'user')?.content;
	if (body.top_logprobs !== undefined && body.top_logprobs !== null && body.logprobs !== true) {
		return sendError(
			ctx,
			400,
			'when using `top_logprobs`, `logprobs` must be set to true.',
			'top_logprobs',
		);
	}
	const topLogprobs = typeof body.top_logprobs === 'number' ? body.top_logprobs : 0;
	if (topLogprobs > 20) {
		return sendError(
			ctx,
			400,
			`Requested sample logprobs of ${topLogprobs}, which is greater than max allowed: 20`,
			'top_logprobs',
		);
	}
	const kwargs = body.chat_template_kwargs as { enable_thinking?: unknown } | undefined;
	const thinking =
		typeof kwargs?.enable_thinking === 'boolean' ? kwargs.enable_thinking : undefined;

	let prompt: string;
	let fromChar = 0;
	const continuing = body.continue_final_message === true && profile.continueFinalMessage;
	const trace = state.library.resolve({
		pinned: pinnedTrace(ctx),
		text: lastUser,
		kept: continuing ? messages.at(-1)?.content : undefined,
		model: record.model,
	});
	if (continuing) {
		if (body.add_generation_prompt !== false) {
			return sendError(
				ctx,
				400,
				'Cannot set both `continue_final_message` and `add_generation_prompt` to True.',
			);
		}
		const last = messages.at(-1);
		prompt = renderContinuation(profile.template, messages);
		if (last === undefined || last.content === '' || !prompt.endsWith(last.content)) {
			return sendError(
				ctx,
				400,
				'continue_final_message is set but the final message does not appear in the chat after applying the chat template!',
			);
		}
		fromChar = commonPrefixLength(last.content.replace(/^<think>\n?/, ''), trace.trace.thinking);
	} else {
		prompt = renderPrompt(profile.template, messages, true, thinking);
	}
	const promptTokens = state.vocab.encode(prompt).length;
	if (profile.name === 'llamacpp' && promptTokens >= state.maxModelLen) {
		return sendLlamaCppContextError(ctx, promptTokens);
	}
	// llama.cpp stops at the end of its context instead of refusing max_tokens beyond it.
	const budget =
		profile.name === 'llamacpp'
			? Math.min(maxTokens ?? Infinity, state.maxModelLen - promptTokens)
			: (maxTokens ?? Math.max(0, state.maxModelLen - promptTokens));
	if (promptTokens + budget > state.maxModelLen) {
		return sendContextLengthError(ctx, promptTokens, budget, 'messages');
	}
	if (body.logprobs === true && budget <= 1) {
		return verifierReply(ctx, lastUser ?? '', topLogprobs, promptTokens, stream);
	}
	announceTrace(ctx, trace);

	const all = generationPieces(profile, trace.trace, {
		fromChar,
		splitThinkTag: state.splitThinkTag,
	});
	const pieces = all.slice(0, budget);
	const finishReason = pieces.length < all.length ? 'length' : 'stop';
	const inline = profile.reasoning === 'inline' || profile.reasoning === 'inline-open';
	const parser = new ParserState();
	const id = `chatcmpl-${ctx.seq.toString(16)}${Math.random().toString(16).slice(2, 10)}`;
	const created = Math.floor(Date.now() / 1000);
	const model = record.model ?? state.models[0];
	const started = performance.now();
	let thinkingTokens = 0;

	if (!stream) {
		const text = parser.classify(pieces, inline);
		thinkingTokens = text.thinkingTokens;
		const sse = new SseWriter(ctx.res, undefined);
		const pacing = state.pacing;
		const delay =
			pacing.ttftMs +
			(Number.isFinite(pacing.tokensPerSecond)
				? (pieces.length * 1000) / pacing.tokensPerSecond
				: 0);
		while (performance.now() - started < delay && !sse.gone) {
			await waitMs(Math.min(50, delay - (performance.now() - started)));
		}
		if (sse.gone) {
			record.outcome = 'client-disconnected';
			return;
		}
		const message: Record<string, unknown> = {
			role: 'assistant',
			...chatDelta(profile, text),
			content: text.content,
		};
		record.tokensSent = pieces.length;
		record.outcome = 'completed';
		return sendJson(ctx, 200, {
			id,
			object: 'chat.completion',
			created,
			model,
			choices: [
				{
					index: 0,
					message,
					logprobs: null,
					finish_reason: finishReason,
					...(profile.finishOnLastChunk ? { stop_reason: null } : {}),
				},
			],
			usage: usageBody(ctx, promptTokens, pieces.length, thinkingTokens),
		});
	}

	const sse = new SseWriter(ctx.res, state.fragmentBytes);
	sse.open();
	const base = { id, object: 'chat.completion.chunk', created, model };
	const choice = (
		delta: Record<string, unknown>,
		finish: string | null,
	): Record<string, unknown> => ({
		index: 0,
		delta,
		logprobs: null,
		finish_reason: finish,
		...(profile.finishOnLastChunk ? { stop_reason: null } : {}),
	});
	const first: Record<string, unknown> = {
		role: 'assistant',
		content: '',
		...(profile.reasoning === 'both' ? { reasoning_content: null } : {}),
	};
	await sse.event({
		...base,
		choices: [choice(first, null)],
		...(options.continuous ? { usage: usageBody(ctx, promptTokens, 0, undefined) } : {}),
	});
	await replay(
		ctx,
		sse,
		groupTokens(pieces, state.pacing.tokensPerChunk),
		{
			chunk: (group, isLast, tokensSoFar) => {
				const text = parser.classify(group, inline);
				thinkingTokens += text.thinkingTokens;
				const delta = chatDelta(profile, text);
				const finish = isLast && profile.finishOnLastChunk ? finishReason : null;
				if (delta === undefined && finish === null) {
					return undefined;
				}
				return {
					...base,
					choices: [choice(delta ?? {}, finish)],
					...(options.continuous
						? { usage: usageBody(ctx, promptTokens, tokensSoFar, undefined) }
						: {}),
				};
			},
			tail: (total) => [
				...(profile.finishOnLastChunk && total > 0
					? []
					: [{ ...base, choices: [choice({}, finishReason)] }]),
				...(options.includeUsage
					? [{ ...base, choices: [], usage: usageBody(ctx, promptTokens, total, thinkingTokens) }]
					: []),
			],
			abort: () => [
				{ ...base, choices: [choice({}, 'abort')] },
				...(options.includeUsage
					? [
							{
								...base,
								choices: [],
								usage: usageBody(ctx, promptTokens, ctx.record.tokensSent, thinkingTokens),
							},
						]
					: []),
			],
		},
		started,
	);
}
