/**
 * The emulator's reply to a verifier-style chat request (max_tokens 1 + logprobs): a one-token Yes/No
 * with logprobs, as a server with the request's output constraint would give it (token ids on servers
 * that return them), streamed or not.
 */
import type { RequestContext } from './context';
import { sendJson } from './context';
import { appliedConstraint } from './outputConstraints';
import { waitMs } from './pacing';
import { SseWriter } from './sseWriter';
import { verdictLogprobs, verifierVerdict } from './verifierAnswer';

/** A one-token Yes/No answer with logprobs, for verifier prompts. */
export async function verifierReply(
	ctx: RequestContext,
	prompt: string,
	topLogprobs: number,
	promptTokens: number,
	stream: boolean,
): Promise<void> {
	const verdict = verifierVerdict(prompt);
	ctx.record.kind = 'verifier';
	const constraint = appliedConstraint(ctx.state.profile, ctx.body);
	ctx.record.verdict = { ...verdict, constraint };
	const held = verdictLogprobs(verdict, Math.max(topLogprobs, 1));
	// Without a constraint the server applies, an instruction model may start its reply with anything.
	const top = constraint !== undefined ? held : freeReply(held);
	const asIds =
		ctx.state.quirks.has('tokens-as-ids') ||
		(ctx.body.return_tokens_as_token_ids === true && ctx.state.profile.ownedBy === 'vllm');
	const label = (t: {
		token: string;
		logprob: number;
		bytes: number[];
	}): { token: string; logprob: number; bytes: number[] } =>
		asIds ? { ...t, token: `token_id:${ctx.state.vocab.idOf(t.token)}` } : t;
	const chosen = top[0] ?? {
		token: verdict.answer,
		logprob: Math.log(verdict.probability),
		bytes: [],
	};
	const logprobs = {
		content: [{ ...label(chosen), top_logprobs: topLogprobs > 0 ? top.map(label) : [] }],
	};
	const reply = chosen.token;
	const id = `chatcmpl-${ctx.seq.toString(16)}v`;
	const created = Math.floor(Date.now() / 1000);
	const model = ctx.record.model ?? ctx.state.models[0];
	await waitMs(Math.min(ctx.state.pacing.ttftMs, 50));
	ctx.record.tokensSent = 1;
	ctx.record.outcome = 'completed';
	if (!stream) {
		return sendJson(ctx, 200, {
			id,
			object: 'chat.completion',
			created,
			model,
			choices: [
				{
					index: 0,
					message: { role: 'assistant', content: reply },
					logprobs,
					finish_reason: 'length',
				},
			],
			usage: { prompt_tokens: promptTokens, completion_tokens: 1, total_tokens: promptTokens + 1 },
		});
	}
	const sse = new SseWriter(ctx.res, undefined);
	sse.open();
	await sse.event({
		id,
		object: 'chat.completion.chunk',
		created,
		model,
		choices: [
			{ index: 0, delta: { role: 'assistant', content: reply }, logprobs, finish_reason: 'length' },
		],
	});
	await sse.done();
}

/** An unconstrained first token: "Based" takes most of the mass, the Yes/No alternatives keep their ratio. */
function freeReply(held: ReturnType<typeof verdictLogprobs>): ReturnType<typeof verdictLogprobs> {
	const free = 0.6;
	const scaled = held.map((t) => ({
		...t,
		logprob: Math.round((t.logprob + Math.log(1 - free)) * 1e4) / 1e4,
	}));
	return [
		{
			token: 'Based',
			logprob: Math.round(Math.log(free) * 1e4) / 1e4,
			bytes: [...Buffer.from('Based', 'utf8')],
		},
		...scaled.slice(0, Math.max(0, held.length - 1)),
	];
}
