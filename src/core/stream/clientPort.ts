/**
 * What the continuation needs of the reasoning client. ReasoningClient satisfies it; naming it here keeps
 * continuation.ts from importing reasoningClient.ts, which imports the continuation to offer
 * `continueAfterCut` as a method.
 */
import type OpenAI from 'openai';
import type { ServerInfo } from './discovery';
import type { PromptSkeletons } from './promptSkeleton';
import type { StreamError, StreamPhase } from './errors';
import type { DialectName } from './streamEvents';

/** The retry and idle settings every stream of one client shares. */
export interface StreamSettings {
	readonly signal: AbortSignal | undefined;
	readonly idleTimeoutMs: number;
	readonly maxRetries: number;
	readonly retryBaseDelayMs: number;
}

/** The parts of a reasoning client the continuation calls. */
export interface ContinuationClient {
	readonly options: { readonly baseUrl: string; readonly dialect?: DialectName | 'auto' };
	readonly sdk: OpenAI;
	readonly fetch: typeof globalThis.fetch;
	readonly dialect: DialectName | undefined;
	discover(signal?: AbortSignal): Promise<ServerInfo>;
	mapError(err: unknown, phase: StreamPhase, model: string | undefined): Promise<StreamError>;
	streamSettings(signal: AbortSignal | undefined): StreamSettings;
	authHeaders(): Record<string, string>;
	/** The server's chat-template skeletons learned so far (continuation prompts without a render per cut). */
	readonly promptSkeletons?: PromptSkeletons;
}
