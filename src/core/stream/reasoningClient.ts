/**
 * The reasoning stream client: streams a chat completion from any OpenAI-compatible server (vLLM of every
 * era, vllm-ascend, MindIE, SGLang, llama.cpp) and yields typed events — reasoning text, answer text,
 * usage, finish reason, errors — ending with a result that keeps everything that arrived.
 *
 * ```ts
 * const client = await ReasoningClient.create({ baseUrl: 'http://gpu:8000/v1' });
 * for await (const ev of client.streamChat({ model, messages, signal })) { … }
 * const cut = await collectStream(client.continueAfterCut({ model, messages, keptThinking, maxTokens: 512 }));
 * await client.close();
 * ```
 */
import OpenAI from 'openai';
import { chatChunkParts, type ChatChunk } from './chatWire';
import { chatStreamBody, type ChatStreamRequest } from './chatStreamRequest';
import type { StreamSettings } from './clientPort';
import { readCappedText } from './bodyGuard';
import { continueAfterCut, learnSkeletonAhead, type ContinuationRequest } from './continuation';
import {
	discoverServer,
	dialectFeatures,
	normalizeBaseUrl,
	parseModels,
	type ServerInfo,
} from './discovery';
import { redactSecrets } from '../text/redact';
import { StreamError, toStreamError, type StreamPhase } from './errors';
import type { DialectName, StreamEvent, StreamResult } from './streamEvents';
import { withSseErrorLines } from './sseErrorLines';
import { runStream, type OpenedStream } from './streamRunner';
import { openEventStream, sdkFetchOptions } from './eventStream';
import { wrapFlatErrorBodies } from './flatErrorBodies';
import { PromptSkeletons } from './promptSkeleton';
import { createTransport, type Transport, type TransportOptions } from './transport';

// Callers of the client name its messages from here; the type itself lives with the wire format.
export type { ChatMessage } from './chatWire';
export type { ChatStreamRequest } from './chatStreamRequest';

/** How to reach the server. */
export interface ReasoningClientOptions extends TransportOptions {
	/** Base URL including `/v1` (vLLM: `http://host:8000/v1`, MindIE: `https://host:1025/v1`). */
	readonly baseUrl: string;
	/** Optional; most self-hosted servers run without one. */
	readonly apiKey?: string;
	/** `auto` (default) asks the server on first use; a name forces that dialect. */
	readonly dialect?: DialectName | 'auto';
	/** Stop a stream after this long with no data. Default 120 s (long prefills under load are normal). */
	readonly idleTimeoutMs?: number;
	/** Retries before the first byte of a response (refused, reset, 429, 5xx). Default 2. */
	readonly maxRetries?: number;
	/** First retry delay; doubles per retry, capped at 8 s. Default 500 ms. */
	readonly retryBaseDelayMs?: number;
	/** Extra headers on every request (gateways, tracing; the emulator reads `x-thinktrim-fault`). */
	readonly headers?: Readonly<Record<string, string>>;
	/** Share a transport between clients; it is then not closed by `close()`. */
	readonly transport?: Transport;
	/** Share the server's learned chat-template skeletons between clients (the gateway's per-request clients do). */
	readonly promptSkeletons?: PromptSkeletons;
}

const DEFAULT_IDLE_MS = 120_000;

/** A client bound to one endpoint. Create with {@link ReasoningClient.create}; `close()` when done. */
export class ReasoningClient {
	/** The configured openai SDK instance (same transport and key), for callers that need other calls. */
	readonly sdk: OpenAI;
	/** Skeletons of the server's chat template, so a cut's continuation prompt needs no render request. */
	readonly promptSkeletons: PromptSkeletons;
	private server: ServerInfo | undefined;
	private discovering: Promise<ServerInfo> | undefined;

	private constructor(
		readonly options: ReasoningClientOptions,
		private readonly transport: Transport,
		private readonly ownsTransport: boolean,
	) {
		this.promptSkeletons = options.promptSkeletons ?? new PromptSkeletons();
		this.sdk = new OpenAI({
			baseURL: options.baseUrl.replace(/\/+$/, ''),
			// The SDK insists on a key; self-hosted servers without --api-key ignore the header.
			apiKey: options.apiKey !== undefined && options.apiKey !== '' ? options.apiKey : 'EMPTY',
			maxRetries: 0,
			timeout: (options.idleTimeoutMs ?? DEFAULT_IDLE_MS) + 5000,
			// llama.cpp (and servers not yet identified) may report mid-stream failures as `error:` lines; old
			// vLLM and SGLang send flat error bodies the SDK would drop the message of.
			fetch: withSseErrorLines(
				wrapFlatErrorBodies(transport.fetch),
				() => this.dialect === 'llamacpp' || this.dialect === undefined,
			),
			defaultHeaders: { ...options.headers },
			// Failures reach the caller as StreamErrors; the SDK's own console logging would only duplicate them.
			logLevel: 'off',
		});
	}

	/** Validates the options, reads certificate files, and builds the client. */
	static async create(given: ReasoningClientOptions): Promise<ReasoningClient> {
		const options = { ...given, baseUrl: normalizeBaseUrl(given.baseUrl) };
		let url: URL;
		try {
			url = new URL(options.baseUrl);
		} catch {
			throw new Error(
				`Invalid base URL "${redactSecrets(given.baseUrl)}": expected e.g. http://host:8000/v1`,
			);
		}
		if (url.protocol !== 'http:' && url.protocol !== 'https:') {
			throw new Error(
				`Invalid base URL "${redactSecrets(options.baseUrl)}": only http:// and https:// are supported`,
			);
		}
		const transport = options.transport ?? (await createTransport(options));
		return new ReasoningClient(options, transport, options.transport === undefined);
	}

	/** The fetch every request goes through (TLS settings applied). */
	get fetch(): typeof globalThis.fetch {
		return this.transport.fetch;
	}

	/** The dialect in force: the configured one, else the discovered one (after {@link discover}). */
	get dialect(): DialectName | undefined {
		const configured = this.options.dialect;
		return configured !== undefined && configured !== 'auto' ? configured : this.server?.dialect;
	}

	/** What the server is (cached once the server answered). Never throws except on abort. */
	discover(signal?: AbortSignal): Promise<ServerInfo> {
		if (this.server !== undefined) {
			return Promise.resolve(this.server);
		}
		this.discovering ??= discoverServer({
			baseUrl: this.options.baseUrl,
			fetch: this.transport.fetch,
			apiKey: this.options.apiKey,
			signal,
		}).then(
			(found) => {
				const info = { ...found, problems: found.problems.map((p) => this.redact(p)) };
				// A server that could not be reached is asked again next time rather than remembered as unknown.
				if (info.models.length > 0 || info.problems.length === 0) {
					this.server = info;
				} else {
					this.discovering = undefined;
				}
				return info;
			},
			(err: unknown) => {
				this.discovering = undefined;
				throw err;
			},
		);
		return this.discovering;
	}

	/** Ids of the models the server lists (empty when it cannot say). */
	async listModels(signal?: AbortSignal): Promise<string[]> {
		try {
			const response = await this.transport.fetch(
				`${this.options.baseUrl.replace(/\/+$/, '')}/models`,
				{
					headers: this.authHeaders(),
					signal: signal ?? AbortSignal.timeout(5000),
				},
			);
			return response.ok
				? parseModels(JSON.parse(await readCappedText(response))).map((m) => m.id)
				: [];
		} catch {
			return [];
		}
	}

	/**
	 * Maps a failure; after a 404 it asks the server which models it has, to say so. The key, any Bearer
	 * token and URL credentials are redacted: a server may echo them in its error body.
	 */
	async mapError(
		err: unknown,
		phase: StreamPhase,
		model: string | undefined,
	): Promise<StreamError> {
		const ctx = { baseUrl: this.options.baseUrl, model, phase };
		const first = toStreamError(err, ctx);
		if (first.status !== 404 || model === undefined) {
			return this.redact(first);
		}
		const availableModels = await this.listModels();
		return this.redact(
			toStreamError(err, {
				...ctx,
				availableModels: availableModels.length > 0 ? availableModels : undefined,
			}),
		);
	}

	/** The error with the key, Bearer tokens and URL userinfo removed from what it says. */
	redact(error: StreamError): StreamError {
		const secrets = [this.options.apiKey];
		const message = redactSecrets(error.message, secrets);
		const serverMessage =
			error.serverMessage !== undefined ? redactSecrets(error.serverMessage, secrets) : undefined;
		if (message === error.message && serverMessage === error.serverMessage) {
			return error;
		}
		return new StreamError(error.kind, message, error.phase, error.status, serverMessage, {
			cause: error.cause,
		});
	}

	/** Retry/idle settings shared by every stream. */
	streamSettings(signal: AbortSignal | undefined): StreamSettings {
		return {
			signal,
			idleTimeoutMs: this.options.idleTimeoutMs ?? DEFAULT_IDLE_MS,
			maxRetries: this.options.maxRetries ?? 2,
			retryBaseDelayMs: this.options.retryBaseDelayMs ?? 500,
		};
	}

	/** Streams a chat completion as events; the generator's return value (and the `end` event) is the result. */
	streamChat(request: ChatStreamRequest): AsyncGenerator<StreamEvent, StreamResult> {
		// With the dialect known, the runner's generator is returned as it is: one generator less for
		// every event to pass through (the gateway relays thousands a second).
		if (this.options.dialect === undefined || this.options.dialect === 'auto') {
			return this.discoverThenStream(request);
		}
		return this.runChatStream(request);
	}

	private async *discoverThenStream(
		request: ChatStreamRequest,
	): AsyncGenerator<StreamEvent, StreamResult> {
		await this.discover(request.signal).catch(() => undefined);
		return yield* this.runChatStream(request);
	}

	private runChatStream(request: ChatStreamRequest): AsyncGenerator<StreamEvent, StreamResult> {
		const dialect = this.dialect;
		const features = dialectFeatures(dialect);
		const body = chatStreamBody(request, features.continuousUsage, features.needsMaxTokens);
		const startsInReasoning = request.startsInReasoning ?? request.thinking !== false;
		return runStream<ChatChunk>({
			model: request.model,
			open: (signal, extras): Promise<OpenedStream<ChatChunk>> =>
				openEventStream<ChatChunk>(
					this.sdk.chat.completions.create(body, {
						signal,
						headers: request.headers,
						fetchOptions: sdkFetchOptions(extras),
					}),
				),
			toParts: chatChunkParts,
			mapError: (err, phase) => this.mapError(err, phase, request.model),
			accumulator: {
				contentMode: 'auto',
				startsInReasoning,
				thinkingMarkers: request.thinkingMarkers,
				dialect,
			},
			...this.streamSettings(request.signal),
			onEvent: request.onEvent,
		});
	}

	/**
	 * After a cut: asks the server for the final answer only, from the original messages plus the kept
	 * thinking (see continuation.ts for the strategies). Yields a `prompt` event, then answer events.
	 */
	continueAfterCut(request: ContinuationRequest): AsyncGenerator<StreamEvent, StreamResult> {
		return continueAfterCut(this, request);
	}

	/**
	 * Before any cut of a run that may cut: learns the continuation prompt's skeleton for this conversation
	 * in the background, so the first cut of its shape does not wait for the server's renders
	 * (`learnSkeletonAhead`; nothing without skeletons or before the dialect is known).
	 */
	prepareContinuation(
		request: Pick<ContinuationRequest, 'model' | 'messages' | 'thinking' | 'chatTemplateKwargs'>,
	): void {
		learnSkeletonAhead(this, request);
	}

	/** The configured extra headers plus Authorization when a key is set. */
	authHeaders(): Record<string, string> {
		const key = this.options.apiKey;
		return {
			...this.options.headers,
			...(key !== undefined && key !== '' ? { Authorization: `Bearer ${key}` } : {}),
		};
	}

	/** Frees the connection pool (unless the transport was shared). */
	async close(): Promise<void> {
		if (this.ownsTransport) {
			await this.transport.close();
		}
	}
}
