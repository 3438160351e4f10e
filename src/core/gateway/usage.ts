/**
 * Usage as the client sees it: the tokens upstream really generated. After a cut that is the aborted
 * stream's completion tokens (thinking up to the abort, including what arrived past the cut) plus the
 * continuation's answer; prompt tokens are the original request's. Server counts are used where the
 * server sent them, the model family's token counter where it did not.
 */
import type { RunOutcome } from '../run/runTypes';
import { tokenCounterFor } from '../tokens/tokenCounter';
import type { TrimmableChat } from './chatRequest';
import type { ClientUsage } from './clientWire';

export function clientUsage(plan: TrimmableChat, outcome: RunOutcome): ClientUsage {
	const counter = tokenCounterFor(plan.model);
	const stream = outcome.stream;
	const prompt =
		stream.usage.promptTokens ?? counter.count(plan.messages.map((m) => m.content).join('\n'));
	const streamed =
		stream.usage.completionTokens ??
		counter.count(outcome.streamedThinking) + counter.count(stream.answer);
	const continuation = outcome.continuation;
	const answered =
		continuation === undefined
			? 0
			: (continuation.usage.completionTokens ??
				counter.count(continuation.answer + continuation.thinking));
	const completion = streamed + answered;
	return {
		prompt_tokens: prompt,
		completion_tokens: completion,
		total_tokens: prompt + completion,
		completion_tokens_details: {
			reasoning_tokens: Math.min(outcome.generatedThinkingTokens, completion),
		},
	};
}
