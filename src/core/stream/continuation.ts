/**
 * Continuation after a cut (docs/endpoints.md#continuation-after-a-cut): the thinking was stopped early; ask
 * the server for the final answer only. The prompt (continuationPrompt.ts) is streamed from
 * /v1/completions with `add_special_tokens: false` (the rendered text already has BOS) and an explicit
 * `max_tokens` (vLLM's default there is 16), or, as the last resort, from chat completions with the
 * thinking as a final assistant message.
 */
import { checkChunk, StreamError } from './errors';
import { chatChunkParts } from './chatWire';
import type { ContinuationClient } from './clientPort';
import { StreamAccumulator, type ChunkParts } from './streamAccumulator';
import type { StreamEvent, StreamResult } from './streamEvents';
import { deliverEvents, runStream, type OpenedStream } from './streamRunner';
import { openEventStream, sdkFetchOptions } from './eventStream';
import type { Completion } from 'openai/resources/completions';
import type {
	ChatCompletionChunk,
	ChatCompletionCreateParamsStreaming,
} from 'openai/resources/chat/completions';

import { buildContinuationPrompt, renderPrompt, withoutServerAddedBos } from './continuationPrompt';
import type { ContinuationRequest, ContinuationStrategy } from './continuationRequest';

// The prompt's names are exported here too, as the callers of the continuation import them from here.
export {
	buildContinuationPrompt,
	learnSkeletonAhead,
	renderPrompt,
	strategyOrder,
	withoutServerAddedBos,
	type RenderedPrompt,
} from './continuationPrompt';
export {
	templateKwargs,
	type ContinuationRequest,
	type ContinuationStrategy,
} from './continuationRequest';

function* failed(
	error: StreamError,
	client: ContinuationClient,
	sink: ((event: StreamEvent) => void) | undefined,
): Generator<StreamEvent, StreamResult> {
	const acc = new StreamAccumulator({
		contentMode: 'answer',
		startsInReasoning: false,
		dialect: client.dialect,
		startedAtEpochMs: Date.now(),
	});
	const { events, result } = acc.finish(0, { error, aborted: error.kind === 'aborted' });
	yield* deliverEvents([{ type: 'error', error, atMs: 0 }, ...events], sink);
	return result;
}

function completionParts(chunk: Completion): ChunkParts {
	checkChunk(chunk);
	const choice:
		(Completion['choices'][number] & { stop_reason?: string | number | null }) | undefined =
		chunk.choices[0];
	const text = choice?.text;
	return {
		content: text !== undefined && text !== '' ? text : undefined,
		fieldSeen: 'none',
		finishReason: choice?.finish_reason,
		stopReason: choice?.stop_reason,
		usage: chunk.usage,
	};
}

/** Streams the answer after a cut. The first event is `prompt` (strategy and prompt text). */
export async function* continueAfterCut(
	client: ContinuationClient,
	request: ContinuationRequest,
): AsyncGenerator<StreamEvent, StreamResult> {
	if (client.options.dialect === undefined || client.options.dialect === 'auto') {
		await client.discover(request.signal).catch(() => undefined);
	}
	let strategy: ContinuationStrategy;
	let rendered: string | undefined;
	let skipped: readonly string[];
	try {
		({ strategy, rendered, skipped } = await renderPrompt(client, request));
	} catch (err) {
		const error =
			request.signal?.aborted === true
				? new StreamError('aborted', 'The request was cancelled.', 'request')
				: await client.mapError(err, 'request', request.model);
		return yield* failed(error, client, request.onEvent);
	}
	const settings = client.streamSettings(request.signal);
	const accumulator = {
		contentMode: 'answer' as const,
		startsInReasoning: false,
		dialect: client.dialect,
	};
	const mapError = (err: unknown, phase: 'request' | 'stream'): Promise<StreamError> =>
		client.mapError(err, phase, request.model);
	if (rendered !== undefined) {
		const built = buildContinuationPrompt(rendered, request.keptThinking, request.guide);
		const { prompt, note } = withoutServerAddedBos(built, client.dialect);
		const notes = note !== undefined ? [...skipped, note] : skipped;
		yield* deliverEvents([{ type: 'prompt', strategy, text: prompt, notes }], request.onEvent);
		const body = {
			model: request.model,
			prompt,
			max_tokens: request.maxTokens,
			stream: true as const,
			stream_options: { include_usage: true },
			add_special_tokens: false,
			...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
		};
		return yield* runStream<Completion>({
			model: request.model,
			open: (signal, extras): Promise<OpenedStream<Completion>> =>
				openEventStream<Completion>(
					client.sdk.completions.create(body, {
						signal,
						headers: request.headers,
						fetchOptions: sdkFetchOptions(extras),
					}),
				),
			toParts: completionParts,
			mapError,
			accumulator,
			...settings,
			onEvent: request.onEvent,
		});
	}
	const prefix = buildContinuationPrompt('', request.keptThinking, request.guide).replace(
		/^<think>\n/,
		'',
	);
	yield* deliverEvents(
		[{ type: 'prompt', strategy, text: prefix, notes: skipped }],
		request.onEvent,
	);
	const chatBody: ChatCompletionCreateParamsStreaming & Record<string, unknown> = {
		model: request.model,
		messages: [
			...request.messages.map((m) => ({ role: m.role, content: m.content })),
			{ role: 'assistant' as const, content: prefix },
		],
		stream: true,
		stream_options: { include_usage: true },
		max_tokens: request.maxTokens,
		add_generation_prompt: false,
		continue_final_message: true,
		...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
	};
	return yield* runStream<ChatCompletionChunk>({
		model: request.model,
		open: (signal, extras): Promise<OpenedStream<ChatCompletionChunk>> =>
			openEventStream<ChatCompletionChunk>(
				client.sdk.chat.completions.create(chatBody, {
					signal,
					headers: request.headers,
					fetchOptions: sdkFetchOptions(extras),
				}),
			),
		toParts: chatChunkParts,
		mapError,
		accumulator,
		...settings,
		onEvent: request.onEvent,
	});
}
