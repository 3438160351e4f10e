/**
 * POST /v1/completions: the continuation path (docs/endpoints.md#continuation-after-a-cut). The prompt is a rendered chat plus the
 * kept thinking and `</think>`; the emulator finds the trace by its problem, measures where the thinking
 * was cut, and generates the answer the model would give from there (see continuationAnswer). Like vLLM,
 * `max_tokens` defaults to 16 and reasoning parsers never run here. A prompt without a thought replays the
 * trace's whole generation as plain text.
 */
import { continuationAnswer, finalAnswerValue } from './continuationAnswer';
import type { RequestContext } from './context';
import { announceTrace, intField, pinnedTrace, sendError, sendJson } from './context';
import { streamOptions, usageBody } from './chatHandler';
import { commonPrefixLength, generationPieces } from './generation';
import { groupTokens, replay } from './replay';
import { SseWriter } from './sseWriter';
import { tokenPieces } from './tokenizer';
import { waitMs } from './pacing';
import { sendContextLengthError } from './contextLengthError';
import { sendLlamaCppContextError } from './llamaCppErrors';
import { R1_BOS } from './promptTemplates';
import { handleTrialAnswer, isTrialPrompt } from './trialAnswer';
import { cachedPacing } from './prefixCache';

const VLLM_COMPLETIONS_DEFAULT_MAX_TOKENS = 16;

/** Where the thought starts in a rendered prompt: after the last `<think>`, else after the assistant header. */
export function thinkingStart(prompt: string): number {
	const open = prompt.lastIndexOf('<think>');
	if (open !== -1) {
		return open + '<think>'.length + (prompt[open + '<think>'.length] === '\n' ? 1 : 0);
	}
	for (const header of ['<｜Assistant｜>', '<|im_start|>assistant\n']) {
		const at = prompt.lastIndexOf(header);
		if (at !== -1) {
			return at + header.length;
		}
	}
	return -1;
}

function readPrompt(ctx: RequestContext): string | Error {
	const raw = ctx.body.prompt;
	if (typeof raw === 'string') {
		return raw;
	}
	if (Array.isArray(raw) && raw.every((t) => typeof t === 'number')) {
		try {
			return ctx.state.vocab.decode(raw);
		} catch (err) {
			return err instanceof Error ? err : new Error(String(err));
		}
	}
	if (Array.isArray(raw) && typeof raw[0] === 'string') {
		return raw[0];
	}
	return new Error('"prompt" must be a string or a list of token ids');
}

export async function handleCompletion(ctx: RequestContext): Promise<void> {
	const { state, body, record } = ctx;
	const prompt = readPrompt(ctx);
	const maxTokensField = intField(body, 'max_tokens');
	const stream = body.stream === true;
	record.stream = stream;
	const options = streamOptions(ctx, stream);
	if (prompt instanceof Error || maxTokensField instanceof Error || options instanceof Error) {
		const err = [prompt, maxTokensField, options].find((v): v is Error => v instanceof Error);
		return sendError(ctx, 400, err?.message ?? 'bad request');
	}
	const maxTokens = maxTokensField ?? VLLM_COMPLETIONS_DEFAULT_MAX_TOKENS;
	const addSpecialTokens = body.add_special_tokens !== false;
	// Like a real server: with special tokens added (vLLM's default) a BOS is added even if the text has
	// one. SGLang and llama.cpp add them on /v1/completions whatever `add_special_tokens` says.
	const ignoresFlag = state.profile.name === 'sglang' || state.profile.name === 'llamacpp';
	const addsBos = (addSpecialTokens || ignoresFlag) && state.profile.template === 'r1';
	const bosTokens = (addsBos ? 1 : 0) + (prompt.startsWith(R1_BOS) ? 1 : 0);
	const promptTokens = state.vocab.encode(prompt).length + (addsBos ? 1 : 0);
	if (state.profile.name === 'llamacpp' && promptTokens >= state.maxModelLen) {
		return sendLlamaCppContextError(ctx, promptTokens);
	}
	if (promptTokens + maxTokens > state.maxModelLen) {
		return sendContextLengthError(ctx, promptTokens, maxTokens, 'prompt');
	}
	const start = thinkingStart(prompt);
	const region = start === -1 ? '' : prompt.slice(start);
	const close = region.lastIndexOf('</think>');
	const picked = state.library.resolve({
		pinned: pinnedTrace(ctx),
		text: prompt,
		kept: close !== -1 ? region.slice(0, close) : region,
		model: record.model,
	});
	const trace = picked.trace;
	announceTrace(ctx, picked);
	if (!stream && start !== -1 && isTrialPrompt(prompt)) {
		return handleTrialAnswer(ctx, trace, prompt.slice(start), promptTokens, maxTokens);
	}
	let all: string[];
	let pacing = state.pacing;
	const probe = /\\boxed\{\s*$/.test(prompt);
	if (start !== -1 && (close !== -1 || probe)) {
		const kept = close !== -1 ? region.slice(0, close) : region;
		const cutChars = commonPrefixLength(kept, trace.thinking);
		// The cut is measured on the trace; the answer believed at the cut is read from the kept text itself.
		const answer = continuationAnswer(trace, kept, cutChars);
		// A probe ("…\boxed{") gets just the value and the closing brace.
		const text = probe ? `${answer.value ?? finalAnswerValue(trace) ?? ''}}` : answer.text;
		all = tokenPieces(text);
		record.continuation = {
			cutChars,
			answer: answer.value,
			source: answer.source,
			addSpecialTokens,
			bosTokens,
		};
		// The chat and the thinking up to the cut were just prefilled and decoded for this problem.
		pacing = cachedPacing(
			state.pacing,
			state.prefixCache,
			promptTokens,
			state.vocab.encode(prompt.slice(0, start + cutChars)).length,
		);
	} else {
		all = generationPieces({ ...state.profile, reasoning: 'inline' }, trace);
	}
	const pieces = all.slice(0, maxTokens);
	const finishReason = pieces.length < all.length ? 'length' : 'stop';
	const id = `cmpl-${ctx.seq.toString(16)}${Math.random().toString(16).slice(2, 10)}`;
	const created = Math.floor(Date.now() / 1000);
	const model = record.model ?? state.models[0];
	const base = { id, object: 'text_completion', created, model };
	const choice = (text: string, finish: string | null): Record<string, unknown> => ({
		index: 0,
		text,
		logprobs: null,
		finish_reason: finish,
		stop_reason: null,
	});
	const started = performance.now();

	if (!stream) {
		const delay =
			pacing.ttftMs +
			(Number.isFinite(pacing.tokensPerSecond)
				? (pieces.length * 1000) / pacing.tokensPerSecond
				: 0);
		await waitMs(delay);
		record.tokensSent = pieces.length;
		record.outcome = 'completed';
		return sendJson(ctx, 200, {
			...base,
			choices: [choice(pieces.join(''), finishReason)],
			usage: usageBody(ctx, promptTokens, pieces.length, undefined),
		});
	}
	const sse = new SseWriter(ctx.res, state.fragmentBytes);
	sse.open();
	await replay(
		pacing === state.pacing ? ctx : { ...ctx, state: { ...state, pacing } },
		sse,
		groupTokens(pieces, pacing.tokensPerChunk),
		{
			chunk: (group, isLast, tokensSoFar) => ({
				...base,
				choices: [choice(group.join(''), isLast ? finishReason : null)],
				...(options.continuous
					? { usage: usageBody(ctx, promptTokens, tokensSoFar, undefined) }
					: {}),
			}),
			tail: (total) => [
				...(total === 0 ? [{ ...base, choices: [choice('', finishReason)] }] : []),
				...(options.includeUsage
					? [{ ...base, choices: [], usage: usageBody(ctx, promptTokens, total, undefined) }]
					: []),
			],
		},
		started,
	);
}
