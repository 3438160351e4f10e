/**
 * The continuation prompt (docs/endpoints.md#continuation-after-a-cut): the original chat rendered with its
 * generation prompt, then the kept thinking, an optional guide sentence and `</think>\n\n`. Rendering, in
 * order of preference:
 *
 * - `tokenize`: vLLM/SGLang `POST /tokenize` with `messages`, then `POST /detokenize` — the server's own
 *   template;
 * - `apply-template`: llama.cpp `POST /apply-template`;
 * - `chat-template`: the model's chat template rendered here (given, or built in for R1/QwQ/Qwen3);
 * - `continue-final-message`: chat completions with the thinking as a final assistant message — fragile
 *   (many templates rewrite that message), so only the last resort.
 */
import { builtInTemplateFor, renderChatTemplate, type ChatTemplateSpec } from './chatTemplates';
import type { ChatMessage } from './chatWire';
import type { ContinuationClient } from './clientPort';
import { dialectFeatures } from './dialectFeatures';
import type { PromptSkeletons } from './promptSkeleton';
import { serverRoot } from './serverUrls';
import { httpStatusError, StreamError } from './errors';

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
}

/** Appends kept thinking, guide and the end of the thought to a rendered prompt. */
export function buildContinuationPrompt(
	rendered: string,
	keptThinking: string,
	guide?: string,
): string {
	const opened = /<think>\s*$/.test(rendered) || keptThinking.trimStart().startsWith('<think>');
	let body = keptThinking;
	if (guide !== undefined && guide.trim() !== '') {
		body +=
			(body === '' || body.endsWith('\n\n') ? '' : body.endsWith('\n') ? '\n' : '\n\n') +
			guide.trim();
	}
	const closer = `${body === '' || body.endsWith('\n') ? '' : '\n'}</think>\n\n`;
	return `${rendered}${opened ? '' : '<think>\n'}${body}${closer}`;
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

/**
 * A 400/422 that names a request field the server does not know (older SGLang's /tokenize takes
 * `prompt` only and rejects `messages`), as opposed to a request it understood and refused.
 */
function rejectsField(status: number, text: string, fields: RegExp): boolean {
	return (
		(status === 400 || status === 422) &&
		fields.test(text) &&
		/field|extra|unexpected|not permitted|required|unsupported|unknown|invalid/i.test(text)
	);
}

async function postJson(
	client: ContinuationClient,
	path: string,
	body: unknown,
	signal: AbortSignal | undefined,
	unsupportedFields?: RegExp,
): Promise<unknown> {
	const response = await client.fetch(`${serverRoot(client.options.baseUrl)}${path}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', ...client.authHeaders() },
		body: JSON.stringify(body),
		signal: signal ?? null,
	});
	const text = await response.text();
	if (response.status === 404 || response.status === 405 || response.status === 501) {
		throw new Unsupported(`${path} is not available (${response.status})`);
	}
	if (unsupportedFields !== undefined && rejectsField(response.status, text, unsupportedFields)) {
		throw new Unsupported(
			`${path} rejected the request fields (${response.status}: ${text.replace(/\s+/g, ' ').slice(0, 160)})`,
		);
	}
	if (!response.ok) {
		throw httpStatusError(response.status, text, {
			baseUrl: client.options.baseUrl,
			phase: 'request',
		});
	}
	try {
		return JSON.parse(text) as unknown;
	} catch {
		throw new StreamError(
			'malformed-stream',
			`${path} answered with something that is not JSON.`,
			'request',
		);
	}
}

function field(body: unknown, ...names: string[]): unknown {
	if (typeof body !== 'object' || body === null) {
		return undefined;
	}
	const record = body as Record<string, unknown>;
	return names.map((n) => record[n]).find((v) => v !== undefined);
}

async function renderOnServer(
	client: ContinuationClient,
	request: ContinuationRequest,
): Promise<string> {
	const kwargs = templateKwargs(request);
	const tokenized = await postJson(
		client,
		'/tokenize',
		{
			model: request.model,
			messages: request.messages,
			add_generation_prompt: true,
			...(kwargs !== undefined ? { chat_template_kwargs: kwargs } : {}),
		},
		request.signal,
		/messages|prompt/i,
	);
	const tokens = field(tokenized, 'tokens', 'input_ids');
	if (!Array.isArray(tokens)) {
		throw new StreamError(
			'malformed-stream',
			'/tokenize answered without a "tokens" list.',
			'request',
		);
	}
	// SGLang's /detokenize drops special tokens unless told not to (vLLM keeps them either way).
	const detokenized = await postJson(
		client,
		'/detokenize',
		{ model: request.model, tokens, skip_special_tokens: false },
		request.signal,
	);
	// vLLM answers {"prompt": …}, SGLang {"text": …}.
	const text = field(detokenized, 'prompt', 'text');
	if (typeof text !== 'string') {
		throw new StreamError(
			'malformed-stream',
			'/detokenize answered without the prompt text.',
			'request',
		);
	}
	await checkRoundTrip(client, request, text, tokens.length);
	return text;
}

/**
 * The rendered text must tokenize back to as many tokens as the server rendered: a server that dropped
 * `<｜begin▁of▁sentence｜>`, `<|im_start|>`, `<think>` … in /detokenize would otherwise corrupt the prompt
 * silently. A mismatch falls back to the next strategy.
 */
async function checkRoundTrip(
	client: ContinuationClient,
	request: ContinuationRequest,
	text: string,
	expected: number,
): Promise<void> {
	const again = await postJson(
		client,
		'/tokenize',
		{ model: request.model, prompt: text, add_special_tokens: false },
		request.signal,
	);
	const tokens = field(again, 'tokens', 'input_ids');
	const count = Array.isArray(tokens) ? tokens.length : field(again, 'count');
	if (typeof count === 'number' && count !== expected) {
		throw new Unsupported(
			`/detokenize did not round-trip (${expected} tokens rendered, ${count} after detokenizing: special tokens were dropped)`,
		);
	}
}

async function renderWithApplyTemplate(
	client: ContinuationClient,
	request: ContinuationRequest,
): Promise<string> {
	const kwargs = templateKwargs(request);
	const body = await postJson(
		client,
		'/apply-template',
		{
			messages: request.messages,
			...(kwargs !== undefined ? { chat_template_kwargs: kwargs } : {}),
		},
		request.signal,
	);
	const prompt = field(body, 'prompt');
	if (typeof prompt !== 'string') {
		throw new StreamError(
			'malformed-stream',
			'/apply-template answered without "prompt".',
			'request',
		);
	}
	return prompt;
}

async function renderHere(request: ContinuationRequest): Promise<string> {
	const spec = request.chatTemplate ?? builtInTemplateFor(request.model);
	if (spec === undefined) {
		throw new Unsupported(`no chat template for "${request.model}"`);
	}
	return renderChatTemplate(spec, request.messages, { kwargs: templateKwargs(request) });
}

/**
 * The server's rendering of the conversation, through the skeleton of its shape when the client keeps
 * skeletons (promptSkeleton.ts) and the conversation allows it, else by asking the server. A server without
 * the endpoint still says so (Unsupported); any other failure of the learning (e.g. the cut that started
 * it was cancelled) falls back to asking the server for this conversation.
 */
async function viaSkeleton(
	client: ContinuationClient,
	request: ContinuationRequest,
	render: (request: ContinuationRequest) => Promise<string>,
): Promise<string> {
	const skeletons: PromptSkeletons | undefined = client.promptSkeletons;
	if (skeletons !== undefined) {
		try {
			const filled = await skeletons.render(
				{ server: client.options.baseUrl, model: request.model, kwargs: templateKwargs(request) },
				request.messages,
				(probe) => render({ ...request, messages: probe }),
			);
			if (filled !== undefined) {
				return filled;
			}
		} catch (err) {
			if (err instanceof Unsupported) {
				throw err;
			}
		}
	}
	return render(request);
}

/** Strategies to try, in order, for the client's dialect. */
export function strategyOrder(
	client: ContinuationClient,
	request: ContinuationRequest,
): ContinuationStrategy[] {
	if (request.strategy !== undefined && request.strategy !== 'auto') {
		return [request.strategy];
	}
	const features = dialectFeatures(client.dialect);
	const order: ContinuationStrategy[] = [];
	if (features.render === 'tokenize-vllm' || features.render === 'tokenize-sglang') {
		order.push('tokenize');
	}
	if (features.render === 'apply-template') {
		order.push('apply-template');
	}
	order.push('chat-template');
	if (features.continueFinalMessage || client.dialect === undefined) {
		order.push('continue-final-message');
	}
	return order;
}

/** A rendered prompt, the strategy that made it, and why earlier strategies were passed over. */
export interface RenderedPrompt {
	readonly strategy: ContinuationStrategy;
	readonly rendered: string | undefined;
	/** One line per strategy skipped, e.g. "tokenize: /tokenize rejected the request fields (422: …)". */
	readonly skipped: readonly string[];
}

/** Renders the original chat by the first strategy that works; `continue-final-message` needs no render. */
export async function renderPrompt(
	client: ContinuationClient,
	request: ContinuationRequest,
): Promise<RenderedPrompt> {
	const skipped: string[] = [];
	for (const strategy of strategyOrder(client, request)) {
		try {
			switch (strategy) {
				case 'tokenize':
					return {
						strategy,
						rendered: await viaSkeleton(client, request, (r) => renderOnServer(client, r)),
						skipped,
					};
				case 'apply-template':
					return {
						strategy,
						rendered: await viaSkeleton(client, request, (r) => renderWithApplyTemplate(client, r)),
						skipped,
					};
				case 'chat-template':
					return { strategy, rendered: await renderHere(request), skipped };
				case 'continue-final-message':
					return { strategy, rendered: undefined, skipped };
			}
		} catch (err) {
			if (!(err instanceof Unsupported)) {
				throw err;
			}
			skipped.push(`${strategy}: ${err.message}`);
		}
	}
	throw new StreamError(
		'bad-request',
		`Cannot build the continuation prompt for "${request.model}" ` +
			`(${skipped.join('; ')}): give the model's chat template (tokenizer_config.json).`,
		'request',
	);
}

/** BOS strings of the common model families, as templates render them. */
const BOS_TEXTS = ['<｜begin▁of▁sentence｜>', '<|begin_of_text|>', '<s>', '<bos>'];

/**
 * SGLang's and llama.cpp's /v1/completions tokenize the prompt with special tokens whatever
 * `add_special_tokens` says, so a rendered prompt that starts with BOS would get a second one. For those
 * servers the rendered BOS is dropped (the server puts it back).
 */
export function withoutServerAddedBos(
	prompt: string,
	dialect: string | undefined,
): { prompt: string; note?: string } {
	if (dialect !== 'sglang' && dialect !== 'llamacpp') {
		return { prompt };
	}
	const bos = BOS_TEXTS.find((b) => prompt.startsWith(b));
	return bos === undefined
		? { prompt }
		: {
				prompt: prompt.slice(bos.length),
				note: `${bos} dropped from the prompt: ${dialect} adds BOS itself on /v1/completions`,
			};
}
