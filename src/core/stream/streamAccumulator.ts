/**
 * The pure heart of the stream client: turns parsed chunks (already reduced to their parts) into typed
 * events and accumulates the result — thinking, answer, usage, timings, observed dialect. No I/O, so it
 * is tested directly; reasoningClient feeds it from the SDK's stream.
 */
import { TextBuilder } from '../text/textBuilder';
import { estimateTokens } from '../thoughts/thought';
import { ArrivalTimes } from './arrivalTimes';
import { InlineThinkSplitter } from './inlineThinkSplitter';
import type { ThinkingMarkers } from './thinkingMarkers';
import type { ReasoningFieldSeen } from './reasoningDelta';
import { serverAbortedError, type StreamError } from './errors';
import type {
	DialectName,
	FinishReason,
	StreamEvent,
	StreamResult,
	StreamUsage,
} from './streamEvents';

/** Usage as servers send it (OpenAI field names, all optional). */
export interface RawUsage {
	readonly prompt_tokens?: number | null;
	readonly completion_tokens?: number | null;
	readonly total_tokens?: number | null;
	readonly prompt_tokens_details?: { readonly cached_tokens?: number | null } | null;
	readonly completion_tokens_details?: { readonly reasoning_tokens?: number | null } | null;
	/** SGLang puts the reasoning count at the top level of usage. */
	readonly reasoning_tokens?: number | null;
}

/** One chunk reduced to what matters. */
export interface ChunkParts {
	readonly reasoning?: string;
	readonly content?: string;
	readonly fieldSeen: ReasoningFieldSeen;
	readonly finishReason?: string | null;
	readonly stopReason?: string | number | null;
	readonly usage?: RawUsage | null;
}

/** How `content` is classified. */
export type ContentMode =
	/** Through the inline `</think>` splitter until a reasoning field shows the server has a parser. */
	| 'auto'
	/** Always answer (continuations on /v1/completions: the thinking is in the prompt). */
	| 'answer';

export interface AccumulatorOptions {
	readonly contentMode: ContentMode;
	/** For the inline splitter: the output starts inside the thought (R1/QwQ templates). */
	readonly startsInReasoning: boolean;
	/** For the inline splitter: the thinking markers to recognise (default `<think>…</think>`). */
	readonly thinkingMarkers?: readonly ThinkingMarkers[];
	/** Configured or discovered dialect; refined by what the stream shows. */
	readonly dialect: DialectName | undefined;
	readonly startedAtEpochMs: number;
}

/** Receives the events of a chunk as they are made. */
export type EventSink = (event: StreamEvent) => void;

function num(value: number | null | undefined): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Accumulates one stream. Call `accept` per chunk, then `finish` once. */
export class StreamAccumulator {
	// Built from the chunks' pieces without a cons string per chunk (see TextBuilder).
	private readonly thinking = new TextBuilder();
	private readonly answer = new TextBuilder();
	private readonly splitter: InlineThinkSplitter;
	private parserSeen = false;
	private fieldsSeen = new Set<ReasoningFieldSeen>();
	/** The field of the last chunk: the set is only touched when it changes. */
	private lastFieldSeen: ReasoningFieldSeen | undefined;
	private finishReason: FinishReason | undefined;
	private lastUsage: RawUsage | undefined;
	/** Cumulative completion tokens on the last chunk that carried reasoning (continuous usage stats). */
	private completionAtLastReasoning: number | undefined;
	private continuousUsage = false;
	private headersMs: number | undefined;
	private firstTokenMs: number | undefined;
	private firstAnswerMs: number | undefined;
	private lastTokenMs: number | undefined;
	private readonly arrivals = new ArrivalTimes();
	private readonly warnings: string[] = [];

	constructor(private readonly options: AccumulatorOptions) {
		this.splitter = new InlineThinkSplitter({
			startsInReasoning: options.startsInReasoning,
			markers: options.thinkingMarkers,
		});
	}

	/** The response headers arrived. */
	headers(atMs: number): void {
		this.headersMs = atMs;
	}

	/** Thinking so far (for callers that want a snapshot without waiting for the end). */
	get thinkingSoFar(): string {
		return this.thinking.toString();
	}

	/** The finish reason, once a chunk carried one. */
	get finishReasonSoFar(): FinishReason | undefined {
		return this.finishReason;
	}

	/** Answer so far. */
	get answerSoFar(): string {
		return this.answer.toString();
	}

	/** Classifies one chunk; returns the events it produced. */
	accept(parts: ChunkParts, atMs: number): StreamEvent[] {
		const events: StreamEvent[] = [];
		this.acceptTo(parts, atMs, (event) => {
			events.push(event);
		});
		return events;
	}

	/** Classifies one chunk, handing each event it produces to `emit` (no array per chunk). */
	acceptTo(parts: ChunkParts, atMs: number, emit: EventSink): void {
		const thinkingBefore = this.thinking.length;
		if (parts.fieldSeen !== this.lastFieldSeen) {
			this.lastFieldSeen = parts.fieldSeen;
			this.fieldsSeen.add(parts.fieldSeen);
		}
		if (parts.reasoning !== undefined) {
			// On a continuation everything generated is answer, even if a parser labels it reasoning.
			if (this.options.contentMode === 'answer') {
				this.addAnswer(parts.reasoning, atMs, emit);
			} else {
				this.parserSeen = true;
				this.addText('reasoning', parts.reasoning, atMs, emit);
			}
		}
		if (parts.content !== undefined) {
			if (this.options.contentMode === 'answer' || this.parserSeen) {
				this.addAnswer(parts.content, atMs, emit);
			} else {
				for (const seg of this.splitter.push(parts.content)) {
					this.addText(seg.kind, seg.text, atMs, emit);
				}
			}
		}
		if (parts.reasoning !== undefined || parts.content !== undefined) {
			this.arrivals.push(atMs);
		}
		if (parts.usage !== undefined && parts.usage !== null) {
			if (
				(parts.finishReason === undefined || parts.finishReason === null) &&
				(parts.reasoning !== undefined || parts.content !== undefined)
			) {
				this.continuousUsage = true;
			}
			this.lastUsage = parts.usage;
			// Inline thinking counts too: what matters is that this chunk added thinking text.
			if (this.thinking.length > thinkingBefore) {
				this.completionAtLastReasoning = num(parts.usage.completion_tokens);
			}
			emit({ type: 'usage', usage: this.usage(), atMs });
		}
		if (typeof parts.finishReason === 'string' && parts.finishReason !== '') {
			this.finishReason = parts.finishReason;
			const stop = parts.stopReason ?? undefined;
			emit({ type: 'finish', reason: parts.finishReason, stopReason: stop, atMs });
		}
	}

	/** Ends the stream: releases held-back text and builds the result. */
	finish(
		atMs: number,
		outcome: { error?: StreamError; aborted?: boolean },
	): { events: StreamEvent[]; result: StreamResult } {
		const events: StreamEvent[] = [];
		const emit = (event: StreamEvent): void => {
			events.push(event);
		};
		for (const seg of this.splitter.end()) {
			this.addText(seg.kind, seg.text, atMs, emit);
		}
		const usingSplitter = this.options.contentMode === 'auto' && !this.parserSeen;
		if (
			usingSplitter &&
			!this.splitter.sawCloseTag &&
			this.finishReason === 'stop' &&
			this.thinking.length > 0
		) {
			this.warnings.push(
				'No </think> in the output: everything was taken as thinking. If this model answers ' +
					'without thinking, turn thinking off for it.',
			);
		}
		const aborted = outcome.aborted ?? false;
		let error = outcome.error;
		// SGLang's "abort" is not an answer: the server gave up on the request (cancelled, out of memory, …).
		if (error === undefined && !aborted && this.finishReason === 'abort') {
			error = serverAbortedError(undefined);
			events.push({ type: 'error', error, atMs });
		}
		const partial = aborted || error !== undefined || this.finishReason === undefined;
		const result: StreamResult = {
			thinking: this.thinking.toString(),
			answer: this.answer.toString(),
			usage: this.usage(),
			timings: {
				startedAtEpochMs: this.options.startedAtEpochMs,
				headersMs: this.headersMs,
				firstTokenMs: this.firstTokenMs,
				firstAnswerTokenMs: this.firstAnswerMs,
				totalMs: atMs,
				tokensPerSecond: this.tokensPerSecond(),
				chunkArrivalMs: this.arrivals.toArray(),
			},
			finishReason: this.finishReason,
			dialect: this.observedDialect(),
			partial,
			aborted,
			error,
			warnings: this.warnings,
		};
		events.push({ type: 'end', result });
		return { events, result };
	}

	private addText(kind: 'reasoning' | 'answer', text: string, atMs: number, emit: EventSink): void {
		if (kind === 'answer') {
			this.addAnswer(text, atMs, emit);
			return;
		}
		if (text === '') {
			return;
		}
		this.firstTokenMs ??= atMs;
		this.lastTokenMs = atMs;
		this.thinking.append(text);
		emit({ type: 'reasoning', text, atMs });
	}

	/** Answer text; the `"\n\n"` that follows `</think>` is not part of the answer. */
	private addAnswer(raw: string, atMs: number, emit: EventSink): void {
		const text = this.answer.length === 0 ? raw.trimStart() : raw;
		if (text === '') {
			return;
		}
		this.firstTokenMs ??= atMs;
		this.firstAnswerMs ??= atMs;
		this.lastTokenMs = atMs;
		this.answer.append(text);
		emit({ type: 'answer', text, atMs });
	}

	private usage(): StreamUsage {
		const u = this.lastUsage;
		const completion = num(u?.completion_tokens);
		// SGLang declares a top-level `reasoning_tokens` that some releases leave at 0: 0 with thinking seen is no count.
		const reported =
			num(u?.completion_tokens_details?.reasoning_tokens) ?? num(u?.reasoning_tokens);
		const server = reported === 0 && this.thinking.length > 0 ? undefined : reported;
		let reasoningTokens: number | undefined;
		let source: StreamUsage['reasoningTokensSource'] = 'none';
		if (server !== undefined) {
			reasoningTokens = server;
			source = 'server';
		} else if (this.continuousUsage && this.completionAtLastReasoning !== undefined) {
			reasoningTokens = this.completionAtLastReasoning;
			source = 'usage-at-answer';
		} else if (this.thinking.length > 0) {
			const thinkingEstimate = estimateTokens(this.thinking.toString());
			const answerEstimate = estimateTokens(this.answer.toString());
			// Scale the estimate to the server's exact completion count when there is one.
			reasoningTokens =
				completion !== undefined && thinkingEstimate + answerEstimate > 0
					? Math.round((completion * thinkingEstimate) / (thinkingEstimate + answerEstimate))
					: thinkingEstimate;
			source = 'estimate';
		}
		return {
			promptTokens: num(u?.prompt_tokens),
			completionTokens: completion,
			totalTokens: num(u?.total_tokens),
			cachedPromptTokens: num(u?.prompt_tokens_details?.cached_tokens),
			reasoningTokens,
			reasoningTokensSource: source,
		};
	}

	private tokensPerSecond(): number | undefined {
		if (
			this.firstTokenMs === undefined ||
			this.lastTokenMs === undefined ||
			this.lastTokenMs <= this.firstTokenMs
		) {
			return undefined;
		}
		const tokens = num(this.lastUsage?.completion_tokens) ?? this.arrivals.count;
		return ((tokens - 1) * 1000) / (this.lastTokenMs - this.firstTokenMs);
	}

	/** The configured dialect, corrected by what the wire showed (field names, inline tags). */
	private observedDialect(): DialectName | undefined {
		const configured = this.options.dialect;
		if (this.options.contentMode === 'answer') {
			return configured;
		}
		const vllmFamily =
			configured === undefined ||
			configured === 'vllm-legacy' ||
			configured === 'vllm-transition' ||
			configured === 'vllm' ||
			configured === 'inline' ||
			configured === 'qwen3-inline';
		if (!vllmFamily) {
			return configured;
		}
		if (this.fieldsSeen.has('both')) {
			return 'vllm-transition';
		}
		if (this.parserSeen) {
			return this.fieldsSeen.has('reasoning') ? 'vllm' : 'vllm-legacy';
		}
		if (this.splitter.sawOpenTag) {
			return 'qwen3-inline';
		}
		if (this.splitter.sawCloseTag) {
			return 'inline';
		}
		return configured;
	}
}
