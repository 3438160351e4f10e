/**
 * The non-generating routes, per dialect: model list, health, version, and the tokenizer endpoints a
 * continuation uses to render a chat as prompt text (vLLM and SGLang /tokenize + /detokenize with their
 * different answer fields, llama.cpp /tokenize, /detokenize and /apply-template).
 */
import type { RequestContext } from './context';
import { sendError, sendJson, stringField } from './context';
import { renderPrompt, type PromptMessage } from './promptTemplates';

const CREATED = 1_755_000_000;

/** GET /v1/models in the dialect's shape. */
export function handleModels(ctx: RequestContext): void {
	const { profile, models, maxModelLen } = ctx.state;
	const data = models.map((id) => {
		switch (profile.modelsShape) {
			case 'vllm':
				return { id, object: 'model', created: CREATED, owned_by: profile.ownedBy, root: id, parent: null, max_model_len: maxModelLen, permission: [] };
			case 'mindie':
				return { id, object: 'model', created: CREATED, owned_by: profile.ownedBy, p_max_seqlen: maxModelLen, d_max_seqlen: maxModelLen };
			case 'llamacpp':
				return { id, object: 'model', created: CREATED, owned_by: profile.ownedBy, meta: { n_ctx_train: maxModelLen, n_vocab: 152064 } };
		}
	});
	sendJson(ctx, 200, { object: 'list', data });
}

/** GET /health (and MindIE's /v2/health/*). */
export function handleHealth(ctx: RequestContext): void {
	if (ctx.state.profile.name === 'llamacpp') {
		return sendJson(ctx, 200, { status: 'ok' });
	}
	ctx.record.status = 200;
	ctx.res.writeHead(200, { 'Content-Length': 0 });
	ctx.res.end();
}

/** GET /version (vLLM) or /get_server_info (SGLang). */
export function handleVersion(ctx: RequestContext): void {
	sendJson(ctx, 200, { version: ctx.state.profile.version ?? '0.0.0' });
}

export function handleServerInfo(ctx: RequestContext): void {
	sendJson(ctx, 200, { version: '0.5.2', model_path: ctx.state.models[0], max_total_num_tokens: ctx.state.maxModelLen });
}

function messagesOf(raw: unknown): PromptMessage[] | undefined {
	if (!Array.isArray(raw)) {
		return undefined;
	}
	return raw.map((m: unknown) => {
		const r = (typeof m === 'object' && m !== null ? m : {}) as { role?: unknown; content?: unknown };
		return { role: typeof r.role === 'string' ? r.role : 'user', content: typeof r.content === 'string' ? r.content : '' };
	});
}

/** The text to tokenize: `messages` rendered with the template, or `prompt` / `content` / `text` as-is. */
function textToTokenize(ctx: RequestContext): string | undefined {
	const body = ctx.body;
	const messages = messagesOf(body.messages);
	if (messages !== undefined) {
		const kwargs = body.chat_template_kwargs as { enable_thinking?: unknown } | undefined;
		const thinking = typeof kwargs?.enable_thinking === 'boolean' ? kwargs.enable_thinking : undefined;
		return renderPrompt(ctx.state.profile.template, messages, body.add_generation_prompt !== false, thinking);
	}
	return stringField(body, 'prompt') ?? stringField(body, 'content') ?? stringField(body, 'text');
}

/** POST /tokenize. */
export function handleTokenize(ctx: RequestContext): void {
	const text = textToTokenize(ctx);
	if (text === undefined) {
		return sendError(ctx, 400, 'Either "prompt" or "messages" is required.');
	}
	const tokens = ctx.state.vocab.encode(text);
	if (ctx.state.profile.tokenize === 'llamacpp') {
		return sendJson(ctx, 200, { tokens });
	}
	const strs = ctx.body.return_token_strs === true ? { token_strs: tokens.map((t) => ctx.state.vocab.pieceOf(t) ?? '') } : {};
	sendJson(ctx, 200, { count: tokens.length, max_model_len: ctx.state.maxModelLen, tokens, ...strs });
}

/** POST /detokenize: vLLM `{prompt}`, SGLang `{text}`, llama.cpp `{content}`. */
export function handleDetokenize(ctx: RequestContext): void {
	const tokens = ctx.body.tokens;
	if (!Array.isArray(tokens) || !tokens.every((t) => typeof t === 'number')) {
		return sendError(ctx, 400, '"tokens" must be a list of token ids.', 'tokens');
	}
	let text: string;
	try {
		text = ctx.state.vocab.decode(tokens);
	} catch (err) {
		return sendError(ctx, 400, err instanceof Error ? err.message : String(err), 'tokens');
	}
	const field = ctx.state.profile.tokenize === 'sglang' ? 'text' : ctx.state.profile.tokenize === 'llamacpp' ? 'content' : 'prompt';
	sendJson(ctx, 200, { [field]: text });
}

/** POST /apply-template (llama.cpp). */
export function handleApplyTemplate(ctx: RequestContext): void {
	const messages = messagesOf(ctx.body.messages);
	if (messages === undefined) {
		return sendError(ctx, 400, '"messages" is required.', 'messages');
	}
	sendJson(ctx, 200, { prompt: renderPrompt(ctx.state.profile.template, messages, true, undefined) });
}
