/**
 * Client-side chat-template rendering for servers that cannot render a chat as prompt text for us
 * (MindIE has no template-aware /tokenize). Uses a real Jinja implementation (@huggingface/jinja) so the
 * model's own `chat_template` from tokenizer_config.json renders as transformers would; for the common
 * reasoning families ThinkTrim ships compact templates of its own that produce the same prompt layout.
 */
import type { ChatMessage } from './chatWire';
import { messageOf } from '../../shared/userError';

/** A chat template with the special tokens it refers to. */
export interface ChatTemplateSpec {
	/** Jinja source (the `chat_template` string of tokenizer_config.json). */
	readonly template: string;
	readonly bosToken?: string;
	readonly eosToken?: string;
}

/** DeepSeek-R1 and its Qwen/Llama distills: the generation prompt opens the thought. */
const R1_TEMPLATE: ChatTemplateSpec = {
	template:
		"{{ bos_token }}{% for m in messages %}{% if m.role == 'system' %}{{ m.content }}{% endif %}{% endfor %}" +
		"{% for m in messages %}{% if m.role == 'user' %}<｜User｜>{{ m.content }}" +
		"{% elif m.role == 'assistant' %}<｜Assistant｜>{{ m.content }}{{ eos_token }}{% endif %}{% endfor %}" +
		'{% if add_generation_prompt %}<｜Assistant｜><think>\n{% endif %}',
	bosToken: '<｜begin▁of▁sentence｜>',
	eosToken: '<｜end▁of▁sentence｜>',
};

/** ChatML with thinking (QwQ-32B, Qwen3 thinking models). */
const CHATML_THINK_TEMPLATE: ChatTemplateSpec = {
	template:
		'{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}' +
		'{% if add_generation_prompt %}<|im_start|>assistant\n' +
		'{% if enable_thinking is defined and enable_thinking == false %}<think>\n\n</think>\n\n' +
		'{% else %}<think>\n{% endif %}{% endif %}',
	eosToken: '<|im_end|>',
};

/** A built-in template for a model id of a known family, else `undefined`. */
export function builtInTemplateFor(model: string): ChatTemplateSpec | undefined {
	const id = model.toLowerCase();
	if (/deepseek|r1-distill|distill-(qwen|llama)|deepscaler/.test(id)) {
		return R1_TEMPLATE;
	}
	if (/qwq|qwen3|qwen-3|pangu/.test(id)) {
		return CHATML_THINK_TEMPLATE;
	}
	return undefined;
}

/** Reads a template from a tokenizer_config.json text, a chat_template.json text, or raw Jinja. */
export function templateFromFileText(text: string): ChatTemplateSpec {
	const trimmed = text.trimStart();
	if (!trimmed.startsWith('{') || trimmed.startsWith('{%') || trimmed.startsWith('{{')) {
		return { template: text };
	}
	const json = JSON.parse(text) as Record<string, unknown>;
	const token = (v: unknown): string | undefined =>
		typeof v === 'string'
			? v
			: typeof v === 'object' &&
				  v !== null &&
				  typeof (v as { content?: unknown }).content === 'string'
				? (v as { content: string }).content
				: undefined;
	let template = json.chat_template;
	if (Array.isArray(template)) {
		// Some configs hold named templates; the default one is what chat uses.
		const named = template.find(
			(t: unknown) =>
				typeof t === 'object' && t !== null && (t as { name?: unknown }).name === 'default',
		) as { template?: unknown } | undefined;
		template = named?.template;
	}
	if (typeof template !== 'string') {
		throw new Error('No "chat_template" string in that JSON file.');
	}
	return { template, bosToken: token(json.bos_token), eosToken: token(json.eos_token) };
}

/** Renders the chat with the generation prompt, as the server would before generating. */
export async function renderChatTemplate(
	spec: ChatTemplateSpec,
	messages: readonly ChatMessage[],
	options: { thinking?: boolean; kwargs?: Readonly<Record<string, unknown>> } = {},
): Promise<string> {
	// @huggingface/jinja is an ES module; the core compiles to CommonJS.
	const { Template } = await import('@huggingface/jinja');
	let template: InstanceType<typeof Template>;
	try {
		template = new Template(spec.template);
	} catch (err) {
		throw new Error(`The chat template does not parse: ${messageOf(err)}`);
	}
	return template.render({
		messages: messages.map((m) => ({ role: m.role, content: m.content })),
		add_generation_prompt: true,
		bos_token: spec.bosToken ?? '',
		eos_token: spec.eosToken ?? '',
		// chat_template_kwargs are top-level template variables, as in transformers' apply_chat_template.
		...options.kwargs,
		...(options.thinking !== undefined ? { enable_thinking: options.thinking } : {}),
	});
}
