/**
 * llama.cpp's refusal of a prompt that does not fit the served context (`ERROR_TYPE_EXCEED_CONTEXT_SIZE`):
 * HTTP 400 with its own error type and the two token counts beside the message.
 */
import type { RequestContext } from './context';
import { sendJson } from './context';

export function sendLlamaCppContextError(ctx: RequestContext, promptTokens: number): void {
	const nCtx = ctx.state.maxModelLen;
	const message = `request (${promptTokens} tokens) exceeds the available context size (${nCtx} tokens), try increasing it`;
	ctx.record.outcome = 'error-status';
	ctx.record.error = message;
	sendJson(ctx, 400, {
		error: {
			code: 400,
			message,
			type: 'exceed_context_size_error',
			n_prompt_tokens: promptTokens,
			n_ctx: nCtx,
		},
	});
}
