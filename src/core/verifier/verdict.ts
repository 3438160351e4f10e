import type { ComparisonMethod } from '../answers/equivalence';
import type { ExtractedAnswer } from '../answers/extractedAnswer';
import type { Thought } from '../thoughts/thought';
import type { Restatement } from './restatement';

/**
 * Where a verdict came from: the LLM verifier, the heuristic verifier (no endpoint set, or a cheap
 * pre-check that made the call unnecessary), or the heuristic after the LLM call failed.
 */
export type VerdictSource = 'llm' | 'heuristic' | 'heuristic-after-llm-failure';

/** One chat message as sent to the verifier endpoint. */
export interface ChatMessage {
	readonly role: 'system' | 'user' | 'assistant';
	readonly content: string;
}

/** One entry of the verifier's top log-probabilities. */
export interface TokenLogprob {
	readonly token: string;
	readonly logprob: number;
}

/** What was sent to the LLM verifier and what came back, kept so the UI can explain a verdict. */
export interface LlmExchange {
	readonly model: string;
	/** The prompt exactly as sent. */
	readonly messages: readonly ChatMessage[];
	readonly threshold: number;
	/** P(yes) / (P(yes) + P(no)) over the Yes/No variants among the top log-probabilities. */
	readonly pYes?: number;
	/** The generated token, when the server returned one. */
	readonly token?: string;
	readonly topLogprobs?: readonly TokenLogprob[];
	/** Whether the reply came from the verifier's cache (no new call was made). */
	readonly cached: boolean;
	/** Whether this verdict made an HTTP request (false for cache hits and for calls skipped after repeated failures). */
	readonly sent: boolean;
}

interface VerdictBase {
	/** The judged thought. */
	readonly thoughtIndex: number;
	readonly yes: boolean;
	readonly source: VerdictSource;
	/** One line saying why: "states 204 (boxed)", "P(yes) = 0.97 ≥ 0.5", "endpoint down: …". */
	readonly reason: string;
	/** Present when the LLM verifier was asked (also when it then failed). */
	readonly llm?: LlmExchange;
	/** The failure that made the verifier fall back to the heuristic. */
	readonly error?: string;
	/** Wall-clock time the verdict took, in milliseconds. */
	readonly latencyMs: number;
}

/** TrimR's first question (p1): does this thought state an answer? */
export interface AnswerPresenceVerdict extends VerdictBase {
	readonly question: 'answer-presence';
	/** The part of the thought that was judged (its last sentences). */
	readonly excerpt: string;
	/** The answer extraction found in the thought (offsets into the thought's text), whoever decided. */
	readonly extracted?: ExtractedAnswer;
	/** Heuristic only: the thought states no answer phrase but re-derives the answer under discussion. */
	readonly restated?: Restatement & { readonly of: number };
}

/** TrimR's second question (p2): is this thought's answer equivalent to an earlier one? */
export interface EquivalenceVerdict extends VerdictBase {
	readonly question: 'equivalence';
	/** The earlier answer-bearing thought compared with. */
	readonly comparedTo: number;
	/** The earlier answer and this thought's answer, as compared. */
	readonly answerA: string;
	readonly answerB: string;
	/** The heuristic rule that decided, when the heuristic did. */
	readonly method?: ComparisonMethod;
}

export type Verdict = AnswerPresenceVerdict | EquivalenceVerdict;

/** p1 input: the thought and the problem it works on. */
export interface AnswerPresenceQuestion {
	readonly problem?: string;
	readonly thought: Thought;
	/**
	 * The answer under discussion (the last one stated before this thought), when known. Only the
	 * heuristic uses it, to recognise a re-derived answer ("so 1000 - 750 is 250") as a statement.
	 */
	readonly current?: AnswerForComparison;
	/**
	 * The previous answer as expected when the thought closed. A remote verifier that needs both
	 * questions asks p2 against it in the same request (one request per thought); p2 then reuses it.
	 */
	readonly expectedEarlier?: AnswerForComparison;
}

/** An answer as given to p2: its text and, when extraction found one, the extracted answer. */
export interface AnswerForComparison {
	readonly thoughtIndex: number;
	readonly text: string;
	readonly extracted?: ExtractedAnswer;
}

/** p2 input: two answers, the earlier one first. */
export interface EquivalenceQuestion {
	readonly problem?: string;
	readonly earlier: AnswerForComparison;
	readonly later: AnswerForComparison;
	/**
	 * The later thought already made its one verifier request (for p1): p2 is read from that request
	 * or an earlier one, else the heuristic answers; no new request is made.
	 */
	readonly requestSpent?: boolean;
}

/**
 * A TrimR verifier: the two yes/no questions. Implementations never throw for a verifier failure
 * (they degrade and say so in the verdict); they reject only when `signal` aborts.
 */
export interface Verifier {
	readonly kind: 'llm' | 'heuristic';
	/**
	 * False for verifiers that answer at once (the heuristic): the analyzer then asks p1 in chain order,
	 * with the answer under discussion as context. True for remote verifiers, asked as soon as a thought
	 * closes so that calls overlap.
	 */
	readonly concurrent: boolean;
	/** One line for logs and the UI ("heuristic verifier", "LLM verifier Qwen2.5-7B-Instruct at http://…"). */
	readonly description: string;
	answerPresence(
		question: AnswerPresenceQuestion,
		signal?: AbortSignal,
	): Promise<AnswerPresenceVerdict>;
	equivalence(question: EquivalenceQuestion, signal?: AbortSignal): Promise<EquivalenceVerdict>;
	/**
	 * The verifier for one run, with a cache of its own (remote verifiers): the evaluation gives each run
	 * one, so that a run's verifier cost is what it would pay alone. Absent: the verifier itself.
	 */
	forRun?(): Verifier;
}

/** The answer text of a p1 verdict for p2: the extracted value, else the judged excerpt. */
export function answerForComparison(
	verdict: Pick<AnswerPresenceVerdict, 'thoughtIndex' | 'extracted' | 'restated' | 'excerpt'>,
): AnswerForComparison {
	return {
		thoughtIndex: verdict.thoughtIndex,
		text: verdict.extracted?.value ?? verdict.restated?.value ?? verdict.excerpt,
		extracted: verdict.extracted,
	};
}
