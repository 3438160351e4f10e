import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { discoverServer, serverRoot, type ServerKind } from '../stream/discovery';
import { ConcurrencyLimit } from './concurrencyLimit';
import { chooseConstraint, type OutputConstraint } from './outputConstraint';
import type { ChatMessage } from './verdict';
import { authStatusOf, describeVerifierError, verifierAuthMessage } from './verifierErrors';
import {
	isTokenIdLabel,
	readYesNo,
	yesNoToken,
	type VerifierCompletion,
	type YesNoReading,
} from './yesNo';

/** Where the verifier's calls go and how they are made. */
export interface VerifierCallOptions {
	/** OpenAI-compatible base URL including `/v1`. */
	readonly baseURL: string;
	readonly model: string;
	readonly apiKey?: string;
	/** Calls in flight at once. Default 4. */
	readonly maxConcurrency?: number;
	/** Per-call timeout in milliseconds. Default 10 000. */
	readonly timeoutMs?: number;
	/**
	 * Hold the reply to Yes/No with the parameter the server understands (vLLM `structured_outputs` or
	 * `guided_choice` by version, SGLang `regex`, llama.cpp `grammar`). Default true.
	 */
	readonly constrainChoice?: boolean;
	/** The verifier server, when already known (skips asking it); otherwise it is discovered on the first call. */
	readonly server?: { readonly kind: ServerKind; readonly version?: string };
	/** After this many consecutive failures, skip calls for `cooldownMs` (the heuristic answers). Default 3. */
	readonly failuresBeforeCooldown?: number;
	readonly cooldownMs?: number;
}

/** Server fields the openai SDK does not type; it sends unknown keys as they are. */
interface VllmVerifierFields {
	chat_template_kwargs?: { enable_thinking: boolean };
	[field: string]: unknown;
}

/** A call's Yes/No reading (`cached` when an earlier call's was reused), or why there is none. */
export type CallOutcome =
	| {
			readonly ok: true;
			readonly reading: YesNoReading;
			readonly cached: boolean;
			readonly note?: string;
	  }
	| { readonly ok: false; readonly error: string; readonly sent: boolean };

const CACHE_LIMIT = 4096;

/**
 * The verifier's calls: one chat request per distinct prompt (`max_tokens: 1`, `temperature: 0`,
 * `logprobs`, `top_logprobs: 5`), run concurrently up to a limit, each with a timeout, held to Yes/No by
 * the server's output constraint, and skipped for a while after consecutive failures.
 */
export class VerifierCalls {
	private readonly timeoutMs: number;
	private readonly client: OpenAI;
	private readonly limit: ConcurrencyLimit;
	private readonly cache = new Map<string, Promise<CallOutcome>>();
	private firstFailure: { readonly message: string; readonly status?: number } | undefined;
	private consecutiveFailures = 0;
	private lastFailure = '';
	private coolUntil = 0;
	private calls = 0;
	private constraintChoice: Promise<OutputConstraint> | undefined;
	private readonly tokenTexts = new Map<number, string>();
	private ignoredConstraint = 0;

	constructor(private readonly options: VerifierCallOptions) {
		this.timeoutMs = options.timeoutMs ?? 10_000;
		this.limit = new ConcurrencyLimit(options.maxConcurrency ?? 4);
		this.client = new OpenAI({
			baseURL: options.baseURL,
			apiKey: options.apiKey ?? 'EMPTY',
			maxRetries: 0,
			timeout: this.timeoutMs,
		});
	}

	/** The first call that failed, if one did. */
	get failure(): { readonly message: string; readonly status?: number } | undefined {
		return this.firstFailure;
	}

	/** Replies that were neither Yes nor No although a constraint was sent (the server ignored it). */
	get unconstrainedReplies(): number {
		return this.ignoredConstraint;
	}

	/** HTTP calls made so far (cache hits and skipped calls excluded). */
	get callCount(): number {
		return this.calls;
	}

	/** The output constraint used for this server (asks the server what it is, once). */
	constraint(signal?: AbortSignal): Promise<OutputConstraint> {
		if (this.options.constrainChoice === false) {
			return Promise.resolve({ name: 'none', fields: {}, reason: 'turned off' });
		}
		const known = this.options.server;
		this.constraintChoice ??= (
			known !== undefined
				? Promise.resolve(known)
				: discoverServer({
						baseUrl: this.options.baseURL,
						fetch: globalThis.fetch,
						apiKey: this.options.apiKey,
						signal,
						timeoutMs: this.timeoutMs,
					})
		).then(
			(server) => chooseConstraint(server.kind, server.version),
			() => chooseConstraint('unknown', undefined),
		);
		return this.constraintChoice;
	}

	/** One call per distinct prompt: a repeated prompt waits for (or reuses) the first call's outcome. */
	async ask(messages: readonly ChatMessage[], signal?: AbortSignal): Promise<CallOutcome> {
		const key = messages.map((m) => m.content).join('\u0000');
		const known = this.cache.get(key);
		if (known !== undefined) {
			const outcome = await known;
			return outcome.ok ? { ...outcome, cached: true } : { ...outcome, sent: false };
		}
		const pending = this.limit.run(() => this.call(messages, signal), signal);
		this.cache.set(key, pending);
		if (this.cache.size > CACHE_LIMIT) {
			const oldest = this.cache.keys().next().value;
			if (oldest !== undefined) {
				this.cache.delete(oldest);
			}
		}
		try {
			return await pending;
		} catch (err) {
			// Only an abort rejects; forget it so a later run asks again.
			this.cache.delete(key);
			throw err;
		}
	}

	private async call(messages: readonly ChatMessage[], signal?: AbortSignal): Promise<CallOutcome> {
		if (Date.now() < this.coolUntil) {
			return {
				ok: false,
				sent: false,
				error: `not called: the last ${this.consecutiveFailures} calls failed (${this.lastFailure})`,
			};
		}
		const constraint = await this.constraint(signal);
		const body: ChatCompletionCreateParamsNonStreaming & VllmVerifierFields = {
			...constraint.fields,
			model: this.options.model,
			messages: messages.map((m) => ({ role: m.role, content: m.content })),
			max_tokens: 1,
			temperature: 0,
			logprobs: true,
			top_logprobs: 5,
			chat_template_kwargs: { enable_thinking: false },
		};
		try {
			this.calls++;
			const completion = await this.decodeTokenIds(
				await this.client.chat.completions.create(body, {
					signal,
					timeout: this.timeoutMs,
					maxRetries: 0,
				}),
				signal,
			);
			const reading = readYesNo(completion);
			if (typeof reading === 'string') {
				return this.failed(
					constraint.name !== 'none'
						? `${reading} (the server ignored the ${constraint.name} constraint)`
						: reading,
				);
			}
			this.consecutiveFailures = 0;
			// An answer the constraint should have made impossible: the server did not apply it.
			const ignored =
				constraint.name !== 'none' &&
				reading.token !== undefined &&
				yesNoToken(reading.token) === undefined;
			if (ignored) {
				this.ignoredConstraint++;
			}
			return {
				ok: true,
				reading,
				cached: false,
				note: ignored
					? `the server ignored the ${constraint.name} constraint (it generated ${JSON.stringify(reading.token)})`
					: undefined,
			};
		} catch (err) {
			if (signal?.aborted === true) {
				throw err;
			}
			const status = authStatusOf(err);
			if (status !== undefined) {
				return this.failed(
					verifierAuthMessage(
						status,
						this.options.baseURL,
						this.options.apiKey !== undefined && this.options.apiKey !== '',
					),
					status,
				);
			}
			return this.failed(describeVerifierError(err, this.options.baseURL, this.timeoutMs));
		}
	}

	/**
	 * vLLM with --return-tokens-as-token-ids labels logprob tokens `token_id:N`; the labels are mapped to
	 * their text through the server's /detokenize (once per id) so the Yes/No reader sees words.
	 */
	private async decodeTokenIds<T extends VerifierCompletion>(
		completion: T,
		signal: AbortSignal | undefined,
	): Promise<T> {
		const first = completion.choices[0]?.logprobs?.content?.[0];
		if (first === undefined) {
			return completion;
		}
		const labels = [first.token, ...(first.top_logprobs ?? []).map((t) => t.token)].filter(
			isTokenIdLabel,
		);
		if (labels.length === 0) {
			return completion;
		}
		for (const id of new Set(labels.map((l) => Number(l.slice('token_id:'.length))))) {
			if (!this.tokenTexts.has(id) && this.tokenTexts.size < CACHE_LIMIT) {
				const text = await this.detokenize(id, signal);
				if (text !== undefined) {
					this.tokenTexts.set(id, text);
				}
			}
		}
		const text = (token: string): string =>
			isTokenIdLabel(token)
				? (this.tokenTexts.get(Number(token.slice('token_id:'.length))) ?? token)
				: token;
		const choice = completion.choices[0];
		const content = [
			{
				...first,
				token: text(first.token),
				top_logprobs: first.top_logprobs?.map((t) => ({ ...t, token: text(t.token) })),
			},
		];
		return {
			...completion,
			choices: [
				{ ...choice, logprobs: { ...choice?.logprobs, content } },
				...completion.choices.slice(1),
			],
		};
	}

	private async detokenize(
		id: number,
		signal: AbortSignal | undefined,
	): Promise<string | undefined> {
		try {
			const response = await fetch(`${serverRoot(this.options.baseURL)}/detokenize`, {
				method: 'POST',
				headers: {
					'Content-Type': 'application/json',
					...(this.options.apiKey !== undefined && this.options.apiKey !== ''
						? { Authorization: `Bearer ${this.options.apiKey}` }
						: {}),
				},
				body: JSON.stringify({ model: this.options.model, tokens: [id] }),
				signal:
					signal !== undefined
						? AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)])
						: AbortSignal.timeout(this.timeoutMs),
			});
			const body = (await response.json()) as { prompt?: unknown; text?: unknown };
			const text = body.prompt ?? body.text;
			return response.ok && typeof text === 'string' ? text : undefined;
		} catch {
			return undefined;
		}
	}

	private failed(error: string, status?: number): CallOutcome {
		this.firstFailure ??= { message: error, status };
		this.consecutiveFailures++;
		this.lastFailure = error;
		if (this.consecutiveFailures >= (this.options.failuresBeforeCooldown ?? 3)) {
			this.coolUntil = Date.now() + (this.options.cooldownMs ?? 30_000);
		}
		return { ok: false, sent: true, error };
	}
}
