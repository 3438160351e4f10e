import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { discoverServer, type ServerKind } from '../stream/discovery';
import { ConcurrencyLimit } from './concurrencyLimit';
import { chooseConstraint, type OutputConstraint } from './outputConstraint';
import { TokenIdDecoder } from './tokenIdLabels';
import type { ChatMessage } from './verdict';
import { authStatusOf, describeVerifierError, verifierAuthMessage } from './verifierErrors';
import { JOINT, YES_NO, type ReplyShape } from './replyShapes';
import type { YesNoReading } from './yesNo';

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

/** A call's reading (`cached` when an earlier call's was reused), or why there is none. */
type Outcome<R> =
	| {
			readonly ok: true;
			readonly reading: R;
			readonly cached: boolean;
			readonly note?: string;
			/** The prompt sent, when it was not the question's own (the joint question). */
			readonly asked?: readonly ChatMessage[];
	  }
	| { readonly ok: false; readonly error: string; readonly sent: boolean };

/** A call's Yes/No reading, or why there is none. */
export type CallOutcome = Outcome<YesNoReading>;

/** What the calls of one verifier share across prompt caches. */
interface SharedCalls {
	readonly client: OpenAI;
	readonly limit: ConcurrencyLimit;
	readonly tokenIds: TokenIdDecoder;
	readonly state: {
		firstFailure?: { readonly message: string; readonly status?: number };
		consecutiveFailures: number;
		lastFailure: string;
		coolUntil: number;
		calls: number;
		/** Replies outside the constraint's words. */
		ignored: number;
		server?: Promise<{ readonly kind: ServerKind; readonly version?: string }>;
	};
}

function keyOf(messages: readonly ChatMessage[]): string {
	return messages.map((m) => m.content).join('\u0000');
}

const CACHE_LIMIT = 4096;

/**
 * The verifier's calls: one chat request per distinct prompt (`max_tokens: 1`, `temperature: 0`,
 * `logprobs`, `top_logprobs: 5`), run concurrently up to a limit, each with a timeout, held to the
 * reply's words by the server's output constraint, and skipped for a while after consecutive failures.
 * Questions that become ready while calls are in flight go out together as a burst bounded by the limit:
 * the chat API has no prompt list, and the server batches concurrent requests itself.
 */
export class VerifierCalls {
	private readonly timeoutMs: number;
	private readonly shared: SharedCalls;
	private readonly cache = new Map<string, Promise<CallOutcome>>();

	constructor(
		private readonly options: VerifierCallOptions,
		shared?: SharedCalls,
	) {
		this.timeoutMs = options.timeoutMs ?? 10_000;
		this.shared = shared ?? {
			client: new OpenAI({
				baseURL: options.baseURL,
				apiKey: options.apiKey ?? 'EMPTY',
				maxRetries: 0,
				timeout: this.timeoutMs,
			}),
			limit: new ConcurrencyLimit(options.maxConcurrency ?? 4),
			tokenIds: new TokenIdDecoder(options, this.timeoutMs),
			state: { consecutiveFailures: 0, lastFailure: '', coolUntil: 0, calls: 0, ignored: 0 },
		};
	}

	/**
	 * The same calls (connection, concurrency limit, failure record and counts) with a prompt cache of
	 * their own: a run that must pay for its own questions (the evaluation's per-run verifier cost).
	 */
	withOwnCache(): VerifierCalls {
		return new VerifierCalls(this.options, this.shared);
	}

	/** The first call that failed, if one did. */
	get failure(): { readonly message: string; readonly status?: number } | undefined {
		return this.shared.state.firstFailure;
	}

	/** Replies that were neither Yes nor No although a constraint was sent (the server ignored it). */
	get unconstrainedReplies(): number {
		return this.shared.state.ignored;
	}

	/** HTTP calls made so far (cache hits and skipped calls excluded). */
	get callCount(): number {
		return this.shared.state.calls;
	}

	/** The output constraint used for this server for `choices` (asks the server what it is, once). */
	constraint(
		signal?: AbortSignal,
		choices: readonly string[] = YES_NO.choices,
	): Promise<OutputConstraint> {
		if (this.options.constrainChoice === false) {
			return Promise.resolve({ name: 'none', fields: {}, reason: 'turned off' });
		}
		const known = this.options.server;
		this.shared.state.server ??= (
			known !== undefined
				? Promise.resolve(known)
				: discoverServer({
						baseUrl: this.options.baseURL,
						fetch: globalThis.fetch,
						apiKey: this.options.apiKey,
						signal,
						timeoutMs: this.timeoutMs,
					})
		).catch(() => ({ kind: 'unknown' as const }));
		return this.shared.state.server.then((server) =>
			chooseConstraint(server.kind, server.version, choices),
		);
	}

	/** One call per distinct prompt: a repeated prompt waits for (or reuses) the first call's outcome. */
	async ask(messages: readonly ChatMessage[], signal?: AbortSignal): Promise<CallOutcome> {
		const known = this.peek(messages);
		if (known !== undefined) {
			return known;
		}
		const key = keyOf(messages);
		const pending = this.shared.limit.run(() => this.call(messages, YES_NO, signal), signal);
		return this.settle(key, pending);
	}

	/** The outcome of a prompt already answered or in flight, without a call; undefined otherwise. */
	peek(messages: readonly ChatMessage[]): Promise<CallOutcome> | undefined {
		const known = this.cache.get(keyOf(messages));
		return known?.then((outcome) =>
			outcome.ok ? { ...outcome, cached: true } : { ...outcome, sent: false },
		);
	}

	/**
	 * p1 and p2 of one thought in one request (the joint question). Resolves to p1's outcome and leaves
	 * p2's reading in the cache under p2's own prompt, where `ask` and `peek` find it. When either prompt
	 * is already answered or in flight, p1 is asked alone (and p2 comes from the cache or a later call).
	 */
	async askJoint(
		presence: readonly ChatMessage[],
		equivalence: readonly ChatMessage[],
		joint: readonly ChatMessage[],
		signal?: AbortSignal,
	): Promise<CallOutcome> {
		const p2Key = keyOf(equivalence);
		if (this.cache.has(keyOf(presence)) || this.cache.has(p2Key)) {
			return this.ask(presence, signal);
		}
		const pending = this.shared.limit.run(() => this.call(joint, JOINT, signal), signal);
		const joined = (outcome: { readonly note?: string }, note: string): string =>
			outcome.note !== undefined ? `${note}; ${outcome.note}` : note;
		// Registered first, so p2 is cached before anyone awaiting p1 goes on to ask it.
		pending.then(
			(outcome) => {
				const reading = outcome.ok ? outcome.reading.equivalence : undefined;
				if (outcome.ok && reading !== undefined) {
					const note = joined(outcome, 'asked with p1 in one request');
					this.remember(p2Key, Promise.resolve({ ...outcome, reading, note, asked: joint }));
				}
			},
			() => undefined,
		);
		const p1 = pending.then((outcome): CallOutcome =>
			outcome.ok
				? {
						...outcome,
						reading: outcome.reading.presence,
						note: joined(outcome, 'asked with p2 in one request'),
						asked: joint,
					}
				: outcome,
		);
		return this.settle(keyOf(presence), p1);
	}

	private remember(key: string, pending: Promise<CallOutcome>): void {
		this.cache.set(key, pending);
		if (this.cache.size > CACHE_LIMIT) {
			const oldest = this.cache.keys().next().value;
			if (oldest !== undefined) {
				this.cache.delete(oldest);
			}
		}
	}

	private async settle(key: string, pending: Promise<CallOutcome>): Promise<CallOutcome> {
		this.remember(key, pending);
		try {
			return await pending;
		} catch (err) {
			// Only an abort rejects; forget it so a later run asks again.
			this.cache.delete(key);
			throw err;
		}
	}

	private async call<R>(
		messages: readonly ChatMessage[],
		shape: ReplyShape<R>,
		signal?: AbortSignal,
	): Promise<Outcome<R>> {
		if (Date.now() < this.shared.state.coolUntil) {
			return {
				ok: false,
				sent: false,
				error: `not called: the last ${this.shared.state.consecutiveFailures} calls failed (${this.shared.state.lastFailure})`,
			};
		}
		const constraint = await this.constraint(signal, shape.choices);
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
			this.shared.state.calls++;
			const completion = await this.shared.tokenIds.decode(
				await this.shared.client.chat.completions.create(body, {
					signal,
					timeout: this.timeoutMs,
					maxRetries: 0,
				}),
				signal,
			);
			const reading = shape.read(completion);
			if (typeof reading === 'string') {
				return this.failed(
					constraint.name !== 'none'
						? `${reading} (the server ignored the ${constraint.name} constraint)`
						: reading,
				);
			}
			this.shared.state.consecutiveFailures = 0;
			// An answer the constraint should have made impossible: the server did not apply it.
			const token = shape.token(reading);
			const ignored = constraint.name !== 'none' && token !== undefined && !shape.isChoice(token);
			if (ignored) {
				this.shared.state.ignored++;
			}
			return {
				ok: true,
				reading,
				cached: false,
				note: ignored
					? `the server ignored the ${constraint.name} constraint (it generated ${JSON.stringify(token)})`
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

	private failed(error: string, status?: number): { ok: false; sent: true; error: string } {
		this.shared.state.firstFailure ??= { message: error, status };
		this.shared.state.consecutiveFailures++;
		this.shared.state.lastFailure = error;
		if (this.shared.state.consecutiveFailures >= (this.options.failuresBeforeCooldown ?? 3)) {
			this.shared.state.coolUntil = Date.now() + (this.options.cooldownMs ?? 30_000);
		}
		return { ok: false, sent: true, error };
	}
}
