/**
 * The emulator's chat templates, written as plain code (not shared with the client, which renders
 * templates with Jinja): R1-distill layout (`<think>\n` in the generation prompt) and original Qwen3
 * ChatML (the model opens `<think>` itself).
 */

/** A message as the emulator reads it from a request. */
export interface PromptMessage {
	readonly role: string;
	readonly content: string;
}

export const R1_BOS = '<｜begin▁of▁sentence｜>';
const R1_EOS = '<｜end▁of▁sentence｜>';

/** Renders messages as the server's template would; `thinking: false` closes an empty thought (Qwen3). */
export function renderPrompt(
	template: 'r1' | 'qwen3',
	messages: readonly PromptMessage[],
	addGenerationPrompt: boolean,
	thinking: boolean | undefined,
): string {
	if (template === 'r1') {
		let out = R1_BOS;
		for (const m of messages) {
			if (m.role === 'system') {
				out += m.content;
			}
		}
		messages.forEach((m, i) => {
			if (m.role === 'user') {
				out += `<｜User｜>${m.content}`;
			} else if (m.role === 'assistant') {
				// Like the real template: thinking in an assistant turn is dropped (everything up to </think>).
				const at = m.content.lastIndexOf('</think>');
				const open = !addGenerationPrompt && i === messages.length - 1;
				const answer = at === -1 ? m.content : m.content.slice(at + '</think>'.length).trimStart();
				out += `<｜Assistant｜>${answer}${open ? '' : R1_EOS}`;
			}
		});
		return addGenerationPrompt ? `${out}<｜Assistant｜><think>\n` : out;
	}
	let out = '';
	for (const m of messages) {
		const at = m.role === 'assistant' ? m.content.lastIndexOf('</think>') : -1;
		const content = at === -1 ? m.content : m.content.slice(at + '</think>'.length).trimStart();
		out += `<|im_start|>${m.role}\n${content}<|im_end|>\n`;
	}
	if (addGenerationPrompt) {
		out += `<|im_start|>assistant\n${thinking === false ? '<think>\n\n</think>\n\n' : ''}`;
	}
	return out;
}

/** For continue_final_message: the prompt without the final message's end-of-turn. */
export function renderContinuation(
	template: 'r1' | 'qwen3',
	messages: readonly PromptMessage[],
): string {
	const rendered = renderPrompt(template, messages, false, undefined);
	return template === 'qwen3' ? rendered.replace(/<\|im_end\|>\n$/, '') : rendered;
}
