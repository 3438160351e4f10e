/**
 * The typed events of a reasoning stream and the result it ends with. Times are milliseconds since the
 * request was sent (`performance.now()` based), so they are immune to wall-clock changes.
 */
import type { StreamError } from './errors';

import type { ServedTrace } from './servedTrace';

/** Why generation ended, as the server said; `abort` is SGLang's word for a cancelled request. */
export type FinishReason =
	'stop' | 'length' | 'abort' | 'tool_calls' | 'content_filter' | (string & {});

/** Token counts; `prompt`/`completion` come from the server, `reasoning` may be counted by the client. */
export interface StreamUsage {
	readonly promptTokens: number | undefined;
	readonly completionTokens: number | undefined;
	readonly totalTokens: number | undefined;
	/** Prompt tokens served from the prefix cache, when the server reports it. */
	readonly cachedPromptTokens: number | undefined;
	readonly reasoningTokens: number | undefined;
	/**
	 * Where `reasoningTokens` came from: `server` (`completion_tokens_details.reasoning_tokens`),
	 * `usage-at-answer` (cumulative `completion_tokens` when the answer began, from continuous usage stats),
	 * `estimate` (the client's estimate, scaled to the server's completion count when known), or `none`.
	 */
	readonly reasoningTokensSource: 'server' | 'usage-at-answer' | 'estimate' | 'none';
}

/** Latency and throughput of one stream. */
export interface StreamTimings {
	/** Wall-clock time the request was sent (epoch ms), for logs. */
	readonly startedAtEpochMs: number;
	/** Time to the response headers. */
	readonly headersMs: number | undefined;
	/** Time to the first reasoning or answer text. */
	readonly firstTokenMs: number | undefined;
	/** Time to the first answer text. */
	readonly firstAnswerTokenMs: number | undefined;
	/** Time until the stream ended (normally, by error or by abort). */
	readonly totalMs: number;
	/** Completion tokens per second between the first and the last token (server count when known). */
	readonly tokensPerSecond: number | undefined;
	/** Arrival time of every chunk that carried text, in order. */
	readonly chunkArrivalMs: readonly number[];
}

/** Reasoning, answer and bookkeeping events, in arrival order. */
export type StreamEvent =
	| {
			readonly type: 'start';
			readonly requestId: string | undefined;
			readonly model: string;
			readonly headersMs: number;
			readonly served?: ServedTrace;
	  }
	| {
			readonly type: 'prompt';
			readonly strategy: string;
			readonly text: string;
			readonly notes?: readonly string[];
	  }
	| { readonly type: 'reasoning'; readonly text: string; readonly atMs: number }
	| { readonly type: 'answer'; readonly text: string; readonly atMs: number }
	| { readonly type: 'usage'; readonly usage: StreamUsage; readonly atMs: number }
	| {
			readonly type: 'finish';
			readonly reason: FinishReason;
			readonly stopReason: string | number | undefined;
			readonly atMs: number;
	  }
	| {
			readonly type: 'retry';
			readonly attempt: number;
			readonly delayMs: number;
			readonly error: StreamError;
	  }
	| { readonly type: 'error'; readonly error: StreamError; readonly atMs: number }
	| { readonly type: 'end'; readonly result: StreamResult };

/**
 * Every wire dialect (docs/endpoints.md#dialects): the one list that the CLI flags, the settings, the
 * gateway's config and the emulator check names against. package.json's `dialect` enums are held to it by
 * a unit test.
 */
export const DIALECT_NAMES = [
	'vllm-legacy',
	'vllm-transition',
	'vllm',
	'inline',
	'qwen3-inline',
	'mindie',
	'sglang',
	'llamacpp',
] as const;

/** The wire dialect, as configured or as observed on the stream. */
export type DialectName = (typeof DIALECT_NAMES)[number];

/** Whether `name` names a dialect (`auto` does not: it asks for detection). */
export function isDialectName(name: string): name is DialectName {
	return (DIALECT_NAMES as readonly string[]).includes(name);
}

/** Everything a finished (or failed, or aborted) stream produced. Nothing that arrived is dropped. */
export interface StreamResult {
	readonly thinking: string;
	readonly answer: string;
	readonly usage: StreamUsage;
	readonly timings: StreamTimings;
	/** `undefined` when the stream ended without one (abort, error, connection loss). */
	readonly finishReason: FinishReason | undefined;
	/** The dialect configured or detected; `undefined` when nothing could tell. */
	readonly dialect: DialectName | undefined;
	/** True when the stream did not end normally: aborted, failed, or cut off without a finish reason. */
	readonly partial: boolean;
	/** True when the caller's AbortSignal ended it. */
	readonly aborted: boolean;
	readonly error: StreamError | undefined;
	/** Things worth telling the user that are not errors (e.g. no `</think>` seen). */
	readonly warnings: readonly string[];
}

/** Drains an event stream and returns its result (the `end` event's, or the generator's return value). */
export async function collectStream(
	events: AsyncGenerator<StreamEvent, StreamResult>,
): Promise<StreamResult> {
	for (;;) {
		const next = await events.next();
		if (next.done === true) {
			return next.value;
		}
	}
}
