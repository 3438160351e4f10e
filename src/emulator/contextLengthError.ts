import { sendError, type RequestContext } from './context';

/**
 * vLLM's 400 for a request that does not fit the context, in its words; `part` names the prompt as the
 * route calls it ("messages" on chat completions, "prompt" on completions).
 */
export function sendContextLengthError(
	ctx: RequestContext,
	promptTokens: number,
	completionTokens: number,
	part: 'messages' | 'prompt',
): void {
	sendError(
		ctx,
		400,
		`This model's maximum context length is ${ctx.state.maxModelLen} tokens. However, you requested ` +
			`${promptTokens + completionTokens} tokens (${promptTokens} in the ${part}, ` +
			`${completionTokens} in the completion). Please reduce the length of the ${part} or completion.`,
	);
}
