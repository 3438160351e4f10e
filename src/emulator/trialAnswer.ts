/**
 * DEER's trial answers on POST /v1/completions (non-streamed, with `logprobs`): a prompt that ends with
 * the answer inducer `…**Final Answer**\n\boxed` gets `{answer}` with vLLM's completions log-probability
 * object. The answer is the one the model believed at the cut (see continuationAnswer); the confidence
 * follows how settled the recorded chain is at the cut, so early-exit policies meet the situations a real
 * model puts them in:
 * - the final answer already stated twice or more before the cut: 0.99 (DEER exits at λ = 0.95);
 * - stated once: 0.93 (a first statement is not yet a settled one);
 * - a different answer believed at the cut: 0.6; nothing stated yet: 0.3.
 */
import { answersEquivalent } from '../core/answers/equivalence';
import { extractAnswer } from '../core/answers/extract';
import type { TraceRecord } from '../core/traces/traceRecord';
import { usageBody } from './chatHandler';
import { continuationAnswer, finalAnswerValue, firstFinalStatementEnd } from './continuationAnswer';
import type { RequestContext } from './context';
import { sendError, sendJson } from './context';
import { commonPrefixLength } from './generation';
import { waitMs } from './pacing';
import { cachedPacing } from './prefixCache';
import { tokenPieces } from './tokenizer';

/** A prompt that asks for a trial answer: it ends with `\boxed` (DEER's inducer), not `\boxed{` (Dynasor's probe). */
export function isTrialPrompt(prompt: string): boolean {
	return /\\boxed$/.test(prompt);
}

/** How many paragraphs of the kept thinking state the final answer, unhedged. */
function finalStatements(trace: TraceRecord, kept: string): number {
	const final = finalAnswerValue(trace);
	if (final === undefined) {
		return 0;
	}
	let count = 0;
	for (const paragraph of kept.split('\n\n')) {
		const found = extractAnswer(paragraph);
		if (found !== undefined && !found.hedged && answersEquivalent(found.value, final)) {
			count++;
		}
	}
	return count;
}

/** The trial's answer and the probability of each of its tokens, from how settled the chain is at the cut. */
export function trialAnswerAt(
	trace: TraceRecord,
	kept: string,
): { readonly value: string; readonly probability: number; readonly source: string } {
	const cutChars = commonPrefixLength(kept, trace.thinking);
	const answer = continuationAnswer(trace, kept, cutChars);
	const value = answer.value ?? '';
	if (answer.source === 'final' && cutChars >= firstFinalStatementEnd(trace)) {
		return { value, probability: finalStatements(trace, kept) >= 2 ? 0.99 : 0.93, source: 'final' };
	}
	return { value, probability: answer.source === 'earlier' ? 0.6 : 0.3, source: answer.source };
}

/** The generated text cut before the first stop string, as vLLM does (the stop string is not returned). */
function applyStops(
	pieces: readonly string[],
	stops: readonly string[],
): { pieces: string[]; stopped: string | undefined } {
	const text = pieces.join('');
	let at = -1;
	let stopped: string | undefined;
	for (const stop of stops) {
		const i = stop === '' ? -1 : text.indexOf(stop);
		if (i !== -1 && (at === -1 || i < at)) {
			at = i;
			stopped = stop;
		}
	}
	if (at === -1) {
		return { pieces: [...pieces], stopped: undefined };
	}
	const kept: string[] = [];
	let length = 0;
	for (const piece of pieces) {
		if (length >= at) {
			break;
		}
		kept.push(piece.slice(0, at - length));
		length += piece.length;
	}
	return { pieces: kept.filter((p) => p !== ''), stopped };
}

function stopList(value: unknown): string[] | Error {
	if (value === undefined || value === null) {
		return [];
	}
	if (typeof value === 'string') {
		return [value];
	}
	if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
		return value;
	}
	return new Error('"stop" must be a string or a list of strings');
}

/** The thinking before the inducer (its `**Final Answer**` line, else the `\boxed` itself). */
function thinkingBeforeInducer(region: string): string {
	const heading = region.lastIndexOf('\n**Final Answer**');
	return region.slice(0, heading !== -1 ? heading : region.length - '\\boxed'.length);
}

/** Answers a trial request; `region` is the prompt from the start of the thinking to its end (the inducer). */
export async function handleTrialAnswer(
	ctx: RequestContext,
	trace: TraceRecord,
	region: string,
	promptTokens: number,
	maxTokens: number,
): Promise<void> {
	const { state, body, record } = ctx;
	const kept = thinkingBeforeInducer(region);
	const top = body.logprobs;
	const stops = stopList(body.stop);
	if (stops instanceof Error) {
		return sendError(ctx, 400, stops.message, 'stop');
	}
	if (
		top !== undefined &&
		top !== null &&
		!(typeof top === 'number' && Number.isInteger(top) && top >= 0 && top <= 20)
	) {
		return sendError(ctx, 400, '"logprobs" must be an integer between 0 and 20', 'logprobs');
	}
	const trial = trialAnswerAt(trace, kept);
	record.continuation = {
		cutChars: commonPrefixLength(kept, trace.thinking),
		answer: trial.value,
		source: `trial-${trial.source}`,
		addSpecialTokens: body.add_special_tokens !== false,
	};
	const all = ['{', ...tokenPieces(trial.value), '}', '\n\n'];
	const limited = all.slice(0, maxTokens);
	const { pieces, stopped } = applyStops(limited, stops);
	// Every answer token at the trial's probability; the braces and layout are near-certain.
	const logprobOf = (piece: string): number =>
		Math.log(piece === '{' || piece === '}' || piece.trim() === '' ? 0.999 : trial.probability);
	let offset = 0;
	const textOffset = pieces.map((p) => {
		const at = offset;
		offset += p.length;
		return at;
	});
	const logprobs =
		typeof top === 'number'
			? {
					text_offset: textOffset,
					token_logprobs: pieces.map(logprobOf),
					tokens: pieces,
					// vLLM lists the sampled token among the top ones; greedy, it is the most likely.
					top_logprobs: top > 0 ? pieces.map((p) => ({ [p]: logprobOf(p) })) : null,
				}
			: null;
	const finishReason = stopped !== undefined || limited.length === all.length ? 'stop' : 'length';
	// The chat and the thinking up to the trial point are in the prefix cache; the inducer is new.
	const cutChars = commonPrefixLength(kept, trace.thinking);
	const pacing = cachedPacing(
		state.pacing,
		state.prefixCache,
		promptTokens,
		promptTokens - state.vocab.encode(region.slice(cutChars)).length,
	);
	await waitMs(
		pacing.ttftMs +
			(Number.isFinite(pacing.tokensPerSecond)
				? (pieces.length * 1000) / pacing.tokensPerSecond
				: 0),
	);
	record.tokensSent = pieces.length;
	record.outcome = 'completed';
	const id = `cmpl-${ctx.seq.toString(16)}${Math.random().toString(16).slice(2, 10)}`;
	sendJson(ctx, 200, {
		id,
		object: 'text_completion',
		created: Math.floor(Date.now() / 1000),
		model: record.model ?? state.models[0],
		choices: [
			{
				index: 0,
				text: pieces.join(''),
				logprobs,
				finish_reason: finishReason,
				stop_reason: stopped ?? null,
			},
		],
		usage: usageBody(ctx, promptTokens, pieces.length, undefined),
	});
}
