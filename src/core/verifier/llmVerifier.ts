import type { ExtractedAnswer } from '../answers/extractedAnswer';
import { canonicalNumber } from '../answers/normalize';
import { redactUrl } from '../text/redact';
import {
	heuristicAnswerPresence,
	heuristicEquivalence,
	type HeuristicVerifierOptions,
} from './heuristicVerifier';
import type { OutputConstraint } from './outputConstraint';
import {
	answerPresenceMessages,
	checkPrompts,
	DEFAULT_VERIFIER_PROMPTS,
	equivalenceMessages,
	jointMessages,
	type VerifierPrompts,
} from './prompts';
import {
	answerForComparison,
	type AnswerPresenceQuestion,
	type AnswerPresenceVerdict,
	type ChatMessage,
	type EquivalenceQuestion,
	type EquivalenceVerdict,
	type LlmExchange,
	type Verifier,
} from './verdict';
import { VerifierCalls, type CallOutcome, type VerifierCallOptions } from './verifierCalls';
import type { YesNoReading } from './yesNo';

/** Settings of the LLM verifier; only `baseURL` and `model` are required. */
export interface LlmVerifierOptions extends HeuristicVerifierOptions, VerifierCallOptions {
	/** Yes when P(yes) / (P(yes) + P(no)) exceeds this. Default 0.5. */
	readonly threshold?: number;
	readonly prompts?: Partial<VerifierPrompts>;
	/**
	 * Cheap pre-checks that skip the call: p1 is yes without asking when the thought boxes an answer,
	 * writes "Final Answer", or says "the answer is" / "Answer:" without hedging (`statesAnswerForCertain`);
	 * p2 is decided by number comparison when both answers are plain numbers. Default true.
	 */
	readonly precheck?: boolean;
}

/**
 * Whether a thought's extracted statement answers p1 without the model: a box, "Final Answer", or an
 * unhedged "the answer is" / "Answer:". Such a thought states an answer whatever the model would add,
 * and when it confirms the previous answer the cut would otherwise wait a call for it (the cut lag).
 */
export function statesAnswerForCertain(extracted: ExtractedAnswer | undefined): boolean {
	switch (extracted?.kind) {
		case 'boxed':
		case 'final-answer':
			return true;
		case 'answer-is':
		case 'answer-label':
			return !extracted.hedged;
		default:
			return false;
	}
}

/**
 * The LLM verifier: TrimR's two questions sent as chat requests (`max_tokens: 1`, `temperature: 0`,
 * `logprobs`, `top_logprobs: 5`) and answered from the Yes/No log-probabilities. Calls run
 * concurrently up to a limit, each with a timeout; an identical prompt is never sent twice. At most
 * one request per thought: a thought that needs both questions asks them together (the joint question,
 * against the previous answer expected when it closed); a failure falls back to the heuristic for
 * that thought and the verdict says so.
 */
export class LlmVerifier implements Verifier {
	readonly kind = 'llm';
	readonly concurrent = true;
	private readonly baseDescription: string;
	private readonly calls: VerifierCalls;
	/** Verdicts the heuristic gave after a failed call, and those the LLM gave (shared by `forRun` copies). */
	private readonly counts: { fallbacks: number; answered: number };
	private readonly prompts: VerifierPrompts;
	private readonly threshold: number;

	constructor(
		private readonly options: LlmVerifierOptions,
		run?: {
			readonly calls: VerifierCalls;
			readonly counts: { fallbacks: number; answered: number };
		},
	) {
		this.prompts = { ...DEFAULT_VERIFIER_PROMPTS, ...options.prompts };
		const problems = checkPrompts(this.prompts);
		if (problems.length > 0) {
			throw new Error(problems.join('; '));
		}
		this.threshold = options.threshold ?? 0.5;
		if (!(this.threshold >= 0 && this.threshold <= 1)) {
			throw new Error(`verifier threshold must be between 0 and 1, got ${options.threshold}`);
		}
		this.calls = run?.calls ?? new VerifierCalls(options);
		this.counts = run?.counts ?? { fallbacks: 0, answered: 0 };
		this.baseDescription = `LLM verifier ${options.model} at ${redactUrl(options.baseURL)}`;
	}

	/**
	 * This verifier for one run: the same connection, failure record and counts, but a prompt cache of
	 * its own, so the run pays for its own questions instead of reusing another run's answers (the
	 * evaluation's untrimmed and trimmed runs ask the same questions; each run's verifier cost is its own).
	 */
	forRun(): LlmVerifier {
		return new LlmVerifier(this.options, { calls: this.calls.withOwnCache(), counts: this.counts });
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
		const first = this.calls.failure;
		return first === undefined || this.counts.fallbacks === 0
			? undefined
			: { thoughts: this.counts.fallbacks, answered: this.counts.answered, ...first };
	}

	/** Replies that were neither Yes nor No although a constraint was sent (the server ignored it). */
	get unconstrainedReplies(): number {
		return this.calls.unconstrainedReplies;
	}

	/** The output constraint used for this server (asks the server what it is, once). */
	constraint(signal?: AbortSignal): Promise<OutputConstraint> {
		return this.calls.constraint(signal);
	}

	/** HTTP calls made so far (cache hits and skipped calls excluded). */
	get callCount(): number {
		return this.calls.callCount;
	}

	async answerPresence(
		question: AnswerPresenceQuestion,
		signal?: AbortSignal,
	): Promise<AnswerPresenceVerdict> {
		const started = performance.now();
		const heuristic = heuristicAnswerPresence(question, this.options);
		if (this.options.precheck !== false && statesAnswerForCertain(heuristic.extracted)) {
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
		const problem = question.problem ?? '';
		const earlier = question.expectedEarlier;
		const later = answerForComparison(heuristic);
		// A thought that needs both questions asks them in its one request.
		const outcome =
			earlier !== undefined && this.equivalencePrecheck({ earlier, later }) === undefined
				? this.calls.askJoint(
						messages,
						equivalenceMessages(this.prompts, problem, earlier.text, later.text),
						jointMessages(this.prompts, problem, earlier.text, heuristic.excerpt),
						signal,
					)
				: this.calls.ask(messages, signal);
		return { ...heuristic, ...(await this.decide(messages, outcome, heuristic.reason, started)) };
	}

	async equivalence(
		question: EquivalenceQuestion,
		signal?: AbortSignal,
	): Promise<EquivalenceVerdict> {
		const started = performance.now();
		const prechecked = this.equivalencePrecheck(question);
		if (prechecked !== undefined) {
			return { ...prechecked, latencyMs: performance.now() - started };
		}
		const { comparison: _c, ...heuristic } = heuristicEquivalence(question);
		const messages = equivalenceMessages(
			this.prompts,
			question.problem ?? '',
			question.earlier.text,
			question.later.text,
		);
		const outcome =
			question.requestSpent === true ? this.calls.peek(messages) : this.calls.ask(messages, signal);
		if (outcome === undefined) {
			return {
				...heuristic,
				source: 'heuristic',
				reason: `one request per thought, spent on p1; heuristic: ${heuristic.reason}`,
				latencyMs: performance.now() - started,
			};
		}
		const decided = await this.decide(messages, outcome, heuristic.reason, started);
		// The heuristic's comparison rule did not decide when the LLM answered.
		return { ...heuristic, ...(decided.source === 'llm' ? { method: undefined } : {}), ...decided };
	}

	/** p2 decided without a call (both answers plain numbers), or undefined when the model must judge. */
	private equivalencePrecheck(
		question: EquivalenceQuestion,
	): Omit<EquivalenceVerdict, 'latencyMs'> | undefined {
		const { comparison, ...heuristic } = heuristicEquivalence(question);
		const a = question.earlier.extracted;
		const b = question.later.extracted;
		const numeric =
			a !== undefined &&
			b !== undefined &&
			canonicalNumber(a.normalized) !== undefined &&
			canonicalNumber(b.normalized) !== undefined;
		if (this.options.precheck === false || !numeric || comparison.method === 'empty') {
			return undefined;
		}
		return {
			...heuristic,
			source: 'heuristic',
			reason: `pre-check: ${heuristic.reason}; verifier not asked`,
		};
	}

	/**
	 * Asks the verifier and returns the verdict's decision fields: the LLM's reading, or, when the call
	 * failed, the heuristic's answer (kept from the caller's spread) with the failure recorded.
	 */
	private async decide(
		messages: readonly ChatMessage[],
		asked: Promise<CallOutcome>,
		heuristicReason: string,
		started: number,
	): Promise<{
		yes?: boolean;
		source: 'llm' | 'heuristic-after-llm-failure';
		reason: string;
		error?: string;
		llm: LlmExchange;
		latencyMs: number;
	}> {
		const outcome = await asked;
		const latencyMs = performance.now() - started;
		if (!outcome.ok) {
			this.counts.fallbacks++;
			return {
				source: 'heuristic-after-llm-failure',
				reason: `verifier failed (${outcome.error}); heuristic: ${heuristicReason}`,
				error: outcome.error,
				llm: this.exchange(messages, undefined, false, outcome.sent),
				latencyMs,
			};
		}
		this.counts.answered++;
		const yes = outcome.reading.pYes > this.threshold;
		return {
			yes,
			source: 'llm',
			reason:
				this.reasonFor(outcome.reading, yes) +
				(outcome.note !== undefined ? `; ${outcome.note}` : ''),
			llm: this.exchange(
				outcome.asked ?? messages,
				outcome.reading,
				outcome.cached,
				!outcome.cached,
			),
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
}
