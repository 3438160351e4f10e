/**
 * The non-generating routes, per dialect: model list, health, version, and the tokenizer endpoints a
 * continuation uses to render a chat as prompt text (vLLM and SGLang /tokenize + /detokenize with their
 * different answer fields, llama.cpp /tokenize, /detokenize and /apply-template).
 */
import type { RequestContext } from './context';
import { sendError, sendJson, stringField } from './context';
import { R1_BOS, renderPrompt, type PromptMessage } from './promptTemplates';
import { messageOf } from '../shared/userError';

/** Tokens the R1-distill and Qwen tokenizers mark special (`<think>` and the role markers of R1 are not). */
const SKIPPED_SPECIALS = new Set([R1_BOS, '<｜end▁of▁sentence｜>', '<|im_start|>', '<|im_end|>']);

const CREATED = 1_755_000_000;
/** What llama.cpp's model list reports for a Qwen2.5-based GGUF (`meta.n_ctx_train`). */
const LLAMACPP_TRAINED_CONTEXT = 131072;

/** GET /v1/models in the dialect's shape. */
export function handleModels(ctx: RequestContext): void {
	const { profile, models, maxModelLen } = ctx.state;
	const data = models.map((id) => {
		switch (profile.modelsShape) {
			case 'vllm':
				return {
					id,
					object: 'model',
					created: CREATED,
					owned_by: profile.ownedBy,
					root: id,
					parent: null,
					max_model_len: maxModelLen,
					permission: [],
				};
			case 'mindie':
				return { id, object: 'model', created: CREATED, owned_by: profile.ownedBy };
			case 'llamacpp':
				// The trained context, not the served one (that is /props' n_ctx).
				return {
					id,
					object: 'model',
					created: CREATED,
					owned_by: profile.ownedBy,
					meta: { n_ctx_train: LLAMACPP_TRAINED_CONTEXT, n_vocab: 152064 },
				};
		}
	});
	sendJson(ctx, 200, { object: 'list', data });
}

/** GET /props (llama.cpp): the served context is `default_generation_settings.n_ctx`. */
export function handleProps(ctx: RequestContext): void {
	const { maxModelLen, models, profile } = ctx.state;
	sendJson(ctx, 200, {
		default_generation_settings: {
			n_ctx: maxModelLen,
			params: { n_predict: -1, temperature: 0.8 },
		},
		total_slots: 1,
		model_path: models[0],
		chat_template: profile.template === 'r1' ? '{{ bos_token }}…' : '{% for m in messages %}…',
	});
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
	sendJson(ctx, 200, {
		version: '0.5.2',
		model_path: ctx.state.models[0],
		max_total_num_tokens: ctx.state.maxModelLen,
	});
}

function messagesOf(raw: unknown): PromptMessage[] | undefined {
	if (!Array.isArray(raw)) {
		return undefined;
	}
	return raw.map((m: unknown) => {
		const r = (typeof m === 'object' && m !== null ? m : {}) as {
			role?: unknown;
			content?: unknown;
		};
		return {
			role: typeof r.role === 'string' ? r.role : 'user',
			content: typeof r.content === 'string' ? r.content : '',
		};
	});
}

/** The text to tokenize: `messages` rendered with the template, or `prompt` / `content` / `text` as-is. */
function textToTokenize(ctx: RequestContext): string | undefined {
	const body = ctx.body;
	const messages = messagesOf(body.messages);
	if (messages !== undefined) {
		const kwargs = body.chat_template_kwargs as { enable_thinking?: unknown } | undefined;
		const thinking =
			typeof kwargs?.enable_thinking === 'boolean' ? kwargs.enable_thinking : undefined;
		return renderPrompt(
			ctx.state.profile.template,
			messages,
			body.add_generation_prompt !== false,
			thinking,
		);
	}
	return stringField(body, 'prompt') ?? stringField(body, 'content') ?? stringField(body, 'text');
}

/** POST /tokenize. */
export function handleTokenize(ctx: RequestContext): void {
	if (ctx.state.quirks.has('tokenize-prompt-only') && ctx.body.prompt === undefined) {
		// Older SGLang: FastAPI's validation error for the missing field, flat like its other errors.
		return sendError(
			ctx,
			422,
			"1 validation error for TokenizeRequest\nprompt\n  Field required [type=missing, input_value={'messages': …}]",
			'prompt',
		);
	}
	const text = textToTokenize(ctx);
	if (text === undefined) {
		return sendError(ctx, 400, 'Either "prompt" or "messages" is required.');
	}
	const tokens = ctx.state.vocab.encode(text);
	if (ctx.state.profile.tokenize === 'llamacpp') {
		return sendJson(ctx, 200, { tokens });
	}
	const strs =
		ctx.body.return_token_strs === true
			? { token_strs: tokens.map((t) => ctx.state.vocab.pieceOf(t) ?? '') }
			: {};
	sendJson(ctx, 200, {
		count: tokens.length,
		max_model_len: ctx.state.maxModelLen,
		tokens,
		...strs,
	});
}

/** POST /detokenize: vLLM `{prompt}`, SGLang `{text}`, llama.cpp `{content}`. */
export function handleDetokenize(ctx: RequestContext): void {
	const tokens = ctx.body.tokens;
	if (!Array.isArray(tokens) || !tokens.every((t) => typeof t === 'number')) {
		return sendError(ctx, 400, '"tokens" must be a list of token ids.', 'tokens');
	}
	let text: string;
	try {
		// SGLang's /detokenize skips special tokens unless `skip_special_tokens: false` (its default is true).
		const skip = ctx.state.profile.tokenize === 'sglang' && ctx.body.skip_special_tokens !== false;
		text = ctx.state.vocab.decode(
			skip ? tokens.filter((t) => !SKIPPED_SPECIALS.has(ctx.state.vocab.pieceOf(t) ?? '')) : tokens,
		);
	} catch (err) {
		return sendError(ctx, 400, messageOf(err), 'tokens');
	}
	const field =
		ctx.state.profile.tokenize === 'sglang'
			? 'text'
			: ctx.state.profile.tokenize === 'llamacpp'
				? 'content'
				: 'prompt';
	sendJson(ctx, 200, { [field]: text });
}

/** POST /apply-template (llama.cpp), with `chat_template_kwargs` like its chat route. */
export function handleApplyTemplate(ctx: RequestContext): void {
	const messages = messagesOf(ctx.body.messages);
	if (messages === undefined) {
		return sendError(ctx, 400, '"messages" is required.', 'messages');
	}
	const kwargs = ctx.body.chat_template_kwargs as { enable_thinking?: unknown } | undefined;
	const thinking =
		typeof kwargs?.enable_thinking === 'boolean' ? kwargs.enable_thinking : undefined;
	sendJson(ctx, 200, {
		prompt: renderPrompt(ctx.state.profile.template, messages, true, thinking),
	});
}
