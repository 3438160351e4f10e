import type { AnalyzerEvent } from '../engine/analyzerEvents';
import type { ChainAnalysis } from '../engine/chainAnalysis';
import type { SegmenterOptions } from '../thoughts/segmenter';
import type { StopCut, StopPolicy } from '../policies/stopPolicy';
import type { ChatTemplateSpec } from '../stream/chatTemplates';
import type { ChatMessage, ReasoningClient } from '../stream/reasoningClient';
import type { StreamEvent, StreamResult } from '../stream/streamEvents';
import type { ThinkingMarkers } from '../stream/thinkingMarkers';
import type { Verifier } from '../verifier/verdict';

/**
 * `watch`: stream to the end and mark where the policy would cut. `act`: abort the stream when the policy
 * fires and ask the server for the answer from the kept thinking (replay with truncation).
 */
export type RunMode = 'watch' | 'act';

/** One reasoning run against an endpoint. */
export interface RunRequest {
	readonly client: ReasoningClient;
	readonly model: string;
	readonly messages: readonly ChatMessage[];
	readonly mode: RunMode;
	/** A fresh policy for this chain (policies are stateful). */
	readonly policy: StopPolicy;
	/**
	 * Act mode with a remote (concurrent) verifier: fresh policies of the same settings, with which the
	 * analyzer predicts the cut from the heuristic's reading of each new thought (`predictedCut`), so the
	 * continuation starts while the deciding verdict is on its way; it is kept only when the cut is made
	 * as predicted. Only for policies that decide from verdicts alone (TrimR), never one that asks the
	 * server itself.
	 */
	readonly predictor?: () => StopPolicy;
	readonly verifier?: Verifier;
	readonly segmenter?: SegmenterOptions;
	/** Thinking + answer token budget of the chat request (optional for vLLM, always sent to MindIE). */
	readonly maxTokens?: number;
	readonly temperature?: number;
	/** Hybrid models' `enable_thinking`; unset leaves the server default. */
	readonly thinking?: boolean;
	/** Servers without a reasoning parser: the inline thinking markers (default `<think>…</think>`). */
	readonly thinkingMarkers?: readonly ThinkingMarkers[];
	/** Answer budget of the continuation after a cut. Default 2048 (R1-style models restate the solution). */
	readonly answerMaxTokens?: number;
	/** Sentence appended to the kept thinking before `</think>` to steer the model to answer. */
	readonly guide?: string;
	readonly chatTemplate?: ChatTemplateSpec;
	/** Extra fields of the chat request, sent as-is (a gateway forwards its client's `top_k`, `seed`, …). */
	readonly extraBody?: Readonly<Record<string, unknown>>;
	/** Extra headers of the chat and continuation requests (`X-ThinkTrim-Trace` when replaying a recording). */
	readonly headers?: Readonly<Record<string, string>>;
	readonly signal?: AbortSignal;
	readonly onEvent?: (event: RunEvent) => void;
	/**
	 * Hand the chat stream's events to `onEvent` inside the arrival of each network piece, with no promise
	 * per chunk (the gateway, relaying thousands of chunks a second). The analysis then catches up once per
	 * piece rather than between chunks: when one piece carries many chunks (a server replaying at full
	 * speed), the cut is made after that piece. The continuation's answer chunks come the same way. Off by
	 * default, so replay and eval cut as soon as a verdict allows.
	 */
	readonly eventsPerPiece?: boolean;
}

/** What a run reports as it goes, in order. */
export type RunEvent =
	/**
	 * An event of the chat stream. `dropped`: it arrived after an act-mode cut, so the answer does not rest
	 * on it (the stream is being aborted); consumers show and count only events that are not dropped.
	 */
	| { readonly type: 'stream'; readonly event: StreamEvent; readonly dropped: boolean }
	| { readonly type: 'analyzer'; readonly event: AnalyzerEvent }
	/** Act mode: the policy fired, the stream is being aborted and the continuation starts. */
	| { readonly type: 'cutting'; readonly cut: StopCut; readonly keptThinking: string }
	| { readonly type: 'continuation'; readonly event: StreamEvent };

/** How a run ended. */
export type RunEndStatus = 'complete' | 'partial' | 'error';

/** Everything a run produced; nothing that arrived is dropped. */
export interface RunOutcome {
	readonly mode: RunMode;
	readonly status: RunEndStatus;
	/** All thinking the server streamed (in act mode, also what arrived after the trigger and was discarded). */
	readonly streamedThinking: string;
	/** The thinking the answer rests on: all of it, or in act mode the part up to the cut. */
	readonly keptThinking: string;
	readonly answer: string;
	/** The policy's cut: made (act: only when the stream was cut and continued) or marked (watch). */
	readonly cut: StopCut | undefined;
	readonly analysis: ChainAnalysis | undefined;
	readonly stream: StreamResult;
	readonly continuation: StreamResult | undefined;
	/** Thinking tokens the server generated, and those the answer rests on. */
	readonly generatedThinkingTokens: number;
	readonly keptThinkingTokens: number;
	readonly answerTokens: number;
	/** Request sent → final answer complete, verifier time included. */
	readonly wallMs: number;
	/** Sum of the verifier's call latencies (they overlap with generation; shown separately). */
	readonly verifierMs: number;
	/** Act mode: time from the trigger thought closing to the cut decision (waiting on the verifier). */
	readonly cutLagMs: number | undefined;
	/** Answers started early on a predicted cut (RunRequest.predictor): how many, and what was thrown away. */
	readonly earlyAnswers?: EarlyAnswers;
	readonly error: string | undefined;
	readonly warnings: readonly string[];
}

/** Early answers of one run or many: started, discarded (their cut was not made), and the tokens those had. */
export interface EarlyAnswers {
	readonly started: number;
	readonly discarded: number;
	readonly discardedTokens: number;
}
