import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { canonicalNumber } from '../answers/normalize';
import { ConcurrencyLimit } from './concurrencyLimit';
import {
	heuristicAnswerPresence,
	heuristicEquivalence,
	type HeuristicVerifierOptions,
} from './heuristicVerifier';
import {
	answerPresenceMessages,
	checkPrompts,
	DEFAULT_VERIFIER_PROMPTS,
	equivalenceMessages,
	type VerifierPrompts,
} from './prompts';
import type {
	AnswerPresenceQuestion,
	AnswerPresenceVerdict,
	ChatMessage,
	EquivalenceQuestion,
	EquivalenceVerdict,
	LlmExchange,
	Verifier,
} from './verdict';
import { authStatusOf, describeVerifierError, verifierAuthMessage } from './verifierErrors';
import { redactUrl } from '../text/redact';
import { discoverServer, serverRoot, type ServerKind } from '../stream/discovery';
import { chooseConstraint, type OutputConstraint } from './outputConstraint';
import {
	isTokenIdLabel,
	readYesNo,
	yesNoToken,
	type VerifierCompletion,
	type YesNoReading,
} from './yesNo';

/** Settings of the LLM verifier; only `baseURL` and `model` are required. */
export interface LlmVerifierOptions extends HeuristicVerifierOptions {
	/** OpenAI-compatible base URL including `/v1`. */
	readonly baseURL: string;
	readonly model: string;
	readonly apiKey?: string;
	/** Yes when P(yes) / (P(yes) + P(no)) exceeds this. Default 0.5. */
	readonly threshold?: number;
	readonly prompts?: Partial<VerifierPrompts>;
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
	/**
	 * Cheap pre-checks that skip the call: p1 is yes without asking when the thought boxes an answer
	 * or writes "Final Answer"; p2 is decided by number comparison when both answers are plain
	 * numbers. Default true.
	 */
	readonly precheck?: boolean;
	/** After this many consecutive failures, skip calls for `cooldownMs` (the heuristic answers). Default 3. */
	readonly failuresBeforeCooldown?: number;
	readonly cooldownMs?: number;
}

/** Server fields the openai SDK does not type; it sends unknown keys as they are. */
interface VllmVerifierFields {
	chat_template_kwargs?: { enable_thinking: boolean };
	[field: string]: unknown;
}

type CallOutcome =
	| {
			readonly ok: true;
			readonly reading: YesNoReading;
			readonly cached: boolean;
			readonly note?: string;
	  }
	| { readonly ok: false; readonly error: string; readonly sent: boolean };

const CACHE_LIMIT = 4096;

/**
 * The LLM verifier: TrimR's two questions sent as chat requests (`max_tokens: 1`, `temperature: 0`,
 * `logprobs`, `top_logprobs: 5`) and answered from the Yes/No log-probabilities. Calls run
 * concurrently up to a limit, each with a timeout; an identical prompt is never sent twice (so at
 * most one call per thought per question); a failure falls back to the heuristic for that thought
 * and the verdict says so.
 */
export class LlmVerifier implements Verifier {
	readonly kind = 'llm';
	readonly concurrent = true;
	private readonly baseDescription: string;
	private readonly client: OpenAI;
	private fallbacks = 0;
	private answered = 0;
	private firstFailure: { readonly message: string; readonly status?: number } | undefined;
	private readonly prompts: VerifierPrompts;
	private readonly threshold: number;
	private readonly timeoutMs: number;
	private readonly limit: ConcurrencyLimit;
	private readonly cache = new Map<string, Promise<CallOutcome>>();
	private consecutiveFailures = 0;
	private lastFailure = '';
	private coolUntil = 0;
	private calls = 0;
	private constraintChoice: Promise<OutputConstraint> | undefined;
	private readonly tokenTexts = new Map<number, string>();
	private ignoredConstraint = 0;

	constructor(private readonly options: LlmVerifierOptions) {
		this.prompts = { ...DEFAULT_VERIFIER_PROMPTS, ...options.prompts };
		const problems = checkPrompts(this.prompts);
		if (problems.length > 0) {
			throw new Error(problems.join('; '));
		}
		this.threshold = options.threshold ?? 0.5;
		if (!(this.threshold >= 0 && this.threshold <= 1)) {
			throw new Error(`verifier threshold must be between 0 and 1, got ${options.threshold}`);
		}
		this.timeoutMs = options.timeoutMs ?? 10_000;
		this.limit = new ConcurrencyLimit(options.maxConcurrency ?? 4);
		this.client = new OpenAI({
			baseURL: options.baseURL,
			apiKey: options.apiKey ?? 'EMPTY',
			maxRetries: 0,
			timeout: this.timeoutMs,
		});
		this.baseDescription = `LLM verifier ${options.model} at ${redactUrl(options.baseURL)}`;
	}

	/**
	 * What judged the thoughts: the LLM verifier, or, when its calls failed, the heuristic said plainly —
	 * "heuristic (fallback: 401 from URL)" when no call succeeded, else the LLM verifier with the count
	 * of fallbacks.
	 */
	get description(): string {
		const failure = this.fallback;
		if (failure === undefined) {
			return this.baseDescription;
		}
		const why =
			failure.status !== undefined
				? `${failure.status} from ${redactUrl(this.options.baseURL)}`
				: failure.message;
		return failure.answered === 0
			? `heuristic (fallback: ${why})`
			: `${this.baseDescription} (heuristic fallback for ${failure.thoughts} verdict(s): ${why})`;
	}

	/** Verdicts the heuristic gave because a call failed, and the first failure; undefined when none did. */
	get fallback():
		| {
				readonly thoughts: number;
				readonly answered: number;
				readonly message: string;
				readonly status?: number;
		  }
		| undefined {
		return this.firstFailure === undefined || this.fallbacks === 0
			? undefined
			: { thoughts: this.fallbacks, answered: this.answered, ...this.firstFailure };
	}

	/** Replies that were neither Yes nor No although a constraint was sent (the server ignored it). */
	get unconstrainedReplies(): number {
		return this.ignoredConstraint;
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

	/** HTTP calls made so far (cache hits and skipped calls excluded). */
	get callCount(): number {
		return this.calls;
	}

	async answerPresence(
		question: AnswerPresenceQuestion,
		signal?: AbortSignal,
	): Promise<AnswerPresenceVerdict> {
		const started = performance.now();
		const heuristic = heuristicAnswerPresence(question, this.options);
		const kind = heuristic.extracted?.kind;
		if (this.options.precheck !== false && (kind === 'boxed' || kind === 'final-answer')) {
			return {
				...heuristic,
				source: 'heuristic',
				reason: `pre-check: ${heuristic.reason}; verifier not asked`,
				latencyMs: performance.now() - started,
			};
		}
		const messages = answerPresenceMessages(
			this.prompts,
			question.problem ?? '',
			heuristic.excerpt,
		);
		return { ...heuristic, ...(await this.decide(messages, heuristic.reason, started, signal)) };
	}

	async equivalence(
		question: EquivalenceQuestion,
		signal?: AbortSignal,
	): Promise<EquivalenceVerdict> {
		const started = performance.now();
		const { comparison, ...heuristic } = heuristicEquivalence(question);
		const a = question.earlier.extracted;
		const b = question.later.extracted;
		const numeric =
			a !== undefined &&
			b !== undefined &&
			canonicalNumber(a.normalized) !== undefined &&
			canonicalNumber(b.normalized) !== undefined;
		if (this.options.precheck !== false && numeric && comparison.method !== 'empty') {
			return {
				...heuristic,
				source: 'heuristic',
				reason: `pre-check: ${heuristic.reason}; verifier not asked`,
				latencyMs: performance.now() - started,
			};
		}
		const messages = equivalenceMessages(
			this.prompts,
			question.problem ?? '',
			question.earlier.text,
			question.later.text,
		);
		const decided = await this.decide(messages, heuristic.reason, started, signal);
		// The heuristic's comparison rule did not decide when the LLM answered.
		return { ...heuristic, ...(decided.source === 'llm' ? { method: undefined } : {}), ...decided };
	}

	/**
	 * Asks the verifier and returns the verdict's decision fields: the LLM's reading, or, when the call
	 * failed, the heuristic's answer (kept from the caller's spread) with the failure recorded.
	 */
	private async decide(
		messages: readonly ChatMessage[],
		heuristicReason: string,
		started: number,
		signal: AbortSignal | undefined,
	): Promise<{
		yes?: boolean;
		source: 'llm' | 'heuristic-after-llm-failure';
		reason: string;
		error?: string;
		llm: LlmExchange;
		latencyMs: number;
	}> {
		const outcome = await this.ask(messages, signal);
		const latencyMs = performance.now() - started;
		if (!outcome.ok) {
			this.fallbacks++;
			return {
				source: 'heuristic-after-llm-failure',
				reason: `verifier failed (${outcome.error}); heuristic: ${heuristicReason}`,
				error: outcome.error,
				llm: this.exchange(messages, undefined, false, outcome.sent),
				latencyMs,
			};
		}
		this.answered++;
		const yes = outcome.reading.pYes > this.threshold;
		return {
			yes,
			source: 'llm',
			reason:
				this.reasonFor(outcome.reading, yes) +
				(outcome.note !== undefined ? `; ${outcome.note}` : ''),
			llm: this.exchange(messages, outcome.reading, outcome.cached, !outcome.cached),
			latencyMs,
		};
	}

	private reasonFor(reading: YesNoReading, yes: boolean): string {
		const p = reading.pYes.toFixed(2);
		const how =
			reading.from === 'token'
				? ` (no log-probabilities returned; read the token ${JSON.stringify(reading.token ?? '')})`
				: '';
		return `P(yes) = ${p} ${yes ? '>' : '≤'} ${this.threshold}${how}`;
	}

	private exchange(
		messages: readonly ChatMessage[],
		reading: YesNoReading | undefined,
		cached: boolean,
		sent: boolean,
	): LlmExchange {
		return {
			model: this.options.model,
			messages,
			threshold: this.threshold,
			pYes: reading?.pYes,
			token: reading?.token,
			topLogprobs: reading?.topLogprobs,
			cached,
			sent,
		};
	}

	/** One call per distinct prompt: a repeated prompt waits for (or reuses) the first call's outcome. */
	private async ask(messages: readonly ChatMessage[], signal?: AbortSignal): Promise<CallOutcome> {
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
