/**
 * The original chat rendered by the server's own chat template (docs/endpoints.md#continuation-after-a-cut):
 * vLLM/SGLang `/tokenize` + `/detokenize` with a round-trip check, or llama.cpp `/apply-template`. A
 * server without the endpoint (or rejecting its fields) raises Unsupported: the next strategy is tried.
 */
import type { ContinuationClient } from './clientPort';
import { templateKwargs, Unsupported, type ContinuationRequest } from './continuationRequest';
import { httpStatusError, StreamError } from './errors';
import { serverRoot } from './serverUrls';

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

export async function renderOnServer(
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

export async function renderWithApplyTemplate(
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
