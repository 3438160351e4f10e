import type { ChainAnalysis } from '../engine/chainAnalysis';
import { ChainAnalyzer } from '../engine/chainAnalyzer';
import type { StopCut } from '../policies/stopPolicy';
import type { ChatMessage } from '../stream/reasoningClient';
import type { StreamEvent, StreamResult } from '../stream/streamEvents';
import { TextBuilder } from '../text/textBuilder';
import type { Thought } from '../thoughts/thought';
import { runOutcome } from './runOutcome';
import type { RunEvent, RunOutcome, RunRequest } from './runTypes';
import { SpeculativeContinuation } from './speculativeContinuation';

/** Triggers that fire when a thought closes: the cut then falls at the end of that thought. */
const THOUGHT_TRIGGERS = new Set<StopCut['trigger']>([
	'overthinking',
	'underthinking',
	'probe-consensus',
	'confident-answer',
]);

const DEFAULT_ANSWER_MAX_TOKENS = 2048;

/** The thinking kept by `cut`: up to the end of the cut thought, or all that had arrived for token rules. */
export function keptThinkingFor(
	cut: StopCut,
	thoughts: readonly Thought[],
	streamed: string,
): string {
	const thought = thoughts[cut.thought];
	if (thought !== undefined && THOUGHT_TRIGGERS.has(cut.trigger)) {
		return streamed.slice(0, Math.min(cut.charOffset ?? thought.charEnd, thought.charEnd));
	}
	return streamed;
}

function lastUserMessage(messages: readonly ChatMessage[]): string | undefined {
	for (let i = messages.length - 1; i >= 0; i--) {
		const message = messages[i];
		if (message?.role === 'user') {
			return message.content;
		}
	}
	return undefined;
}

/**
 * The `chat_template_kwargs` the original request carried in its extra body (a gateway client's
 * `reasoning_effort`, a template's own switches): the continuation renders the template with the same
 * ones, or its prompt would not be the one the chain was generated from.
 */
export function chatTemplateKwargsOf(
	extraBody: Readonly<Record<string, unknown>> | undefined,
): Readonly<Record<string, unknown>> | undefined {
	const kwargs = extraBody?.chat_template_kwargs;
	return typeof kwargs === 'object' && kwargs !== null && !Array.isArray(kwargs)
		? (kwargs as Readonly<Record<string, unknown>>)
		: undefined;
}

/** Drains a stream generator, handing each event to `forward`, and returns its result. */
async function drain(
	events: AsyncGenerator<StreamEvent, StreamResult>,
	forward: (event: StreamEvent) => void,
): Promise<StreamResult> {
	for (;;) {
		const next = await events.next();
		if (next.done === true) {
			return next.value;
		}
		forward(next.value);
	}
}

/**
 * One reasoning run: streams the chat completion, feeds the thinking to the chain analyzer (segmenter →
 * verifier → labels → stop policy) as it arrives, and either marks the cut (`watch`) or makes it (`act`):
 * aborts the stream when the policy fires, drops what arrived after the trigger, and streams the answer
 * from the kept thinking through the continuation. Never throws for server failures: the outcome keeps
 * everything that arrived and says what went wrong. Aborting `signal` stops everything (status partial).
 */
export async function runReasoning(request: RunRequest): Promise<RunOutcome> {
	const started = performance.now();
	const emit = (event: RunEvent): void => request.onEvent?.(event);
	const streamAbort = new AbortController();
	const onAbort = (): void => streamAbort.abort();
	if (request.signal?.aborted === true) {
		streamAbort.abort();
	}
	request.signal?.addEventListener('abort', onAbort, { once: true });

	const thoughts: Thought[] = [];
	const closedAt = new Map<number, number>();
	const continuationOf = (
		keptThinking: string,
		signal: AbortSignal | undefined,
		onEvent?: (event: StreamEvent) => void,
	) =>
		request.client.continueAfterCut({
			model: request.model,
			messages: request.messages,
			keptThinking,
			guide: request.guide,
			maxTokens: request.answerMaxTokens ?? DEFAULT_ANSWER_MAX_TOKENS,
			temperature: request.temperature,
			thinking: request.thinking,
			chatTemplateKwargs: chatTemplateKwargsOf(request.extraBody),
			chatTemplate: request.chatTemplate,
			headers: request.headers,
			signal,
			onEvent,
		});
	// The thinking the analysis saw; a builder, so the chain's pieces are not held as cons strings.
	const streamed = new TextBuilder();
	let verifierMs = 0;
	let cut: StopCut | undefined;
	let keptAtCut: string | undefined;
	let cutLagMs: number | undefined;
	// A continuation started on a predicted cut (see RunRequest.predictor), and the links that abort
	// each one with the run.
	let speculation: SpeculativeContinuation | undefined;
	const speculations: SpeculativeContinuation[] = [];
	const unlinks: Array<() => void> = [];
	const speculate = (predicted: StopCut): SpeculativeContinuation => {
		// A cut predicted in the open thought falls at a statement, before any closed thought's end.
		const kept =
			predicted.charOffset !== undefined
				? streamed.toString().slice(0, predicted.charOffset)
				: keptThinkingFor(predicted, thoughts, streamed.toString());
		const abort = new AbortController();
		const stop = (): void => abort.abort();
		if (request.signal?.aborted === true) {
			abort.abort();
		}
		request.signal?.addEventListener('abort', stop, { once: true });
		unlinks.push(() => request.signal?.removeEventListener('abort', stop));
		const started = new SpeculativeContinuation(
			kept,
			predicted.thought,
			continuationOf(kept, abort.signal),
			abort,
		);
		speculations.push(started);
		return started;
	};

	const analyzer = new ChainAnalyzer({
		problem: lastUserMessage(request.messages),
		verifier: request.verifier,
		policy: request.policy,
		// The model's token count when the server gives none, as for recorded traces.
		segmenter: { model: request.model, ...request.segmenter },
		// Stop must not wait for a remote verifier's pending calls (each may take its whole timeout); the
		// heuristic answers at once, so its analysis of what arrived is still finished.
		signal: request.verifier?.concurrent === true ? request.signal : undefined,
		// A remote verifier's cut waits for its deciding verdict: predict it, and start the answer early.
		predictor:
			request.mode === 'act' && request.verifier?.concurrent === true
				? request.predictor
				: undefined,
		onEvent: (event) => {
			if (event.type === 'thought') {
				thoughts.push(event.thought);
				closedAt.set(event.thought.index, performance.now());
			} else if (event.type === 'verdict' && event.verdict.llm?.sent === true) {
				verifierMs += event.verdict.latencyMs;
			} else if (
				event.type === 'predictedCut' &&
				cut === undefined &&
				THOUGHT_TRIGGERS.has(event.cut.trigger)
			) {
				// A newer prediction (the thought read again when it closed) replaces the one in flight.
				speculation?.discard();
				speculation = speculate(event.cut);
			} else if (event.type === 'policyState' && speculation !== undefined) {
				const predicted = speculation;
				// The predicted thought is through the policy; a cut it made has been offered by now.
				if (event.thought >= predicted.thought) {
					queueMicrotask(() => {
						if (cut === undefined) {
							predicted.discard();
							speculation = undefined;
						}
					});
				}
			} else if (event.type === 'cut' && cut === undefined) {
				cut = event.cut;
				keptAtCut = keptThinkingFor(event.cut, thoughts, streamed.toString());
				const closed = closedAt.get(event.cut.thought);
				cutLagMs = closed !== undefined ? performance.now() - closed : 0;
				if (speculation?.keptThinking !== keptAtCut) {
					speculation?.discard();
				}
				if (request.mode === 'act') {
					emit({ type: 'cutting', cut: event.cut, keptThinking: keptAtCut });
					streamAbort.abort();
				}
			}
			emit({ type: 'analyzer', event });
		},
	});

	let stream: StreamResult | undefined;
	let continuation: StreamResult | undefined;
	let analysis: ChainAnalysis | undefined;
	let analysisError: string | undefined;
	try {
		const onStreamEvent = (event: StreamEvent): void => {
			if (event.type === 'start' && request.mode === 'act') {
				// The dialect is known now: the continuation's prompt shape is learned before a cut needs it.
				request.client.prepareContinuation({
					model: request.model,
					messages: request.messages,
					thinking: request.thinking,
					chatTemplateKwargs: chatTemplateKwargsOf(request.extraBody),
				});
			}
			// After an act-mode cut, what still arrives is discarded: the answer rests on the kept part.
			// The rule lives here alone; listeners read it from `dropped`.
			const dropped = request.mode === 'act' && cut !== undefined;
			emit({ type: 'stream', event, dropped });
			if (event.type === 'reasoning' && !dropped) {
				streamed.append(event.text);
				analyzer.push(event.text);
			}
		};
		// With `eventsPerPiece` the events come through the callback as they happen (no promise per chunk)
		// and the generator only returns the result; otherwise drain hands them over one by one.
		stream = await drain(
			request.client.streamChat({
				model: request.model,
				messages: request.messages,
				maxTokens: request.maxTokens,
				temperature: request.temperature,
				thinking: request.thinking,
				extraBody: request.extraBody,
				thinkingMarkers: request.thinkingMarkers,
				headers: request.headers,
				signal: streamAbort.signal,
				onEvent: request.eventsPerPiece === true ? onStreamEvent : undefined,
			}),
			onStreamEvent,
		);
		const cutMade = request.mode === 'act' ? cut : undefined;
		if (cutMade !== undefined && keptAtCut !== undefined && request.signal?.aborted !== true) {
			const forward = (event: StreamEvent): void => emit({ type: 'continuation', event });
			const predicted = speculation;
			continuation =
				predicted !== undefined && predicted.keptThinking === keptAtCut
					? await predicted.adopt(forward)
					: await drain(
							continuationOf(
								keptAtCut,
								request.signal,
								request.eventsPerPiece === true ? forward : undefined,
							),
							forward,
						);
		}
	} finally {
		request.signal?.removeEventListener('abort', onAbort);
		// A prediction the run did not take (no cut, another cut, a failure) stops here.
		speculation?.discard();
		for (const unlink of unlinks) {
			unlink();
		}
	}
	const wallMs = performance.now() - started;
	try {
		analysis = await analyzer.end();
	} catch (err) {
		analysisError = err instanceof Error ? err.message : String(err);
	}
	return runOutcome(request, {
		stream,
		continuation,
		analysis,
		analysisError,
		streamed: streamed.toString(),
		cut,
		keptAtCut,
		wallMs,
		verifierMs,
		cutLagMs,
		speculations,
	});
}
