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
import { builtInTemplateFor, renderChatTemplate } from './chatTemplates';
import type { ContinuationClient } from './clientPort';
import {
	templateKwargs,
	Unsupported,
	type ContinuationRequest,
	type ContinuationStrategy,
} from './continuationRequest';
import { dialectFeatures } from './dialectFeatures';
import { StreamError } from './errors';
import type { PromptSkeletons, SkeletonShape } from './promptSkeleton';
import { renderOnServer, renderWithApplyTemplate } from './serverRender';

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

async function renderHere(request: ContinuationRequest): Promise<string> {
	const spec = request.chatTemplate ?? builtInTemplateFor(request.model);
	if (spec === undefined) {
		throw new Unsupported(`no chat template for "${request.model}"`);
	}
	return renderChatTemplate(spec, request.messages, { kwargs: templateKwargs(request) });
}

/** The strategies whose prompt the server renders, and how. */
const SERVER_RENDERERS: Record<
	'tokenize' | 'apply-template',
	(client: ContinuationClient, request: ContinuationRequest) => Promise<string>
> = { tokenize: renderOnServer, 'apply-template': renderWithApplyTemplate };

/** What the server's rendering of this request depends on besides its sequence of roles. */
function skeletonShape(client: ContinuationClient, request: ContinuationRequest): SkeletonShape {
	return { server: client.options.baseUrl, model: request.model, kwargs: templateKwargs(request) };
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
				skeletonShape(client, request),
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

/** How long learning a skeleton ahead of a cut may take before it is given up. */
const LEARN_AHEAD_TIMEOUT_MS = 30_000;

/**
 * At the start of a run that may cut: has the server render this conversation's shape now, in the
 * background, when the first strategy for the client's dialect renders on the server and the client keeps
 * skeletons. The first cut of a shape then fills its prompt at once instead of waiting for the server's
 * renders, and a burst of first cuts does not meet the learning. Nothing when the dialect is not known yet.
 */
export function learnSkeletonAhead(
	client: ContinuationClient,
	request: Pick<
		ContinuationRequest,
		'model' | 'messages' | 'thinking' | 'chatTemplateKwargs' | 'headers'
	>,
): void {
	const skeletons = client.promptSkeletons;
	if (skeletons === undefined || client.dialect === undefined) {
		return;
	}
	const full: ContinuationRequest = { ...request, keptThinking: '', maxTokens: 1 };
	const first = strategyOrder(client, full)[0];
	if (first !== 'tokenize' && first !== 'apply-template') {
		return;
	}
	const render = SERVER_RENDERERS[first];
	skeletons.learnAhead(skeletonShape(client, full), request.messages, (probe) =>
		render(client, {
			...full,
			messages: probe,
			signal: AbortSignal.timeout(LEARN_AHEAD_TIMEOUT_MS),
		}),
	);
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
				case 'apply-template':
					return {
						strategy,
						rendered: await viaSkeleton(client, request, (r) =>
							SERVER_RENDERERS[strategy](client, r),
						),
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
