import { ThoughtLabeler } from '../labels/thoughtLabeler';
import { restatesGivenNumbers } from '../policies/givenNumbers';
import { cutRemovesThinking, type StopCut, type StopPolicy } from '../policies/stopPolicy';
import { TrimrPolicy } from '../policies/trimrPolicy';
import { ThoughtSegmenter } from '../thoughts/segmenter';
import type { SegmenterOptions } from '../thoughts/segmenterOptions';
import type { Thought } from '../thoughts/thought';
import { heuristicAnswerPresence, HeuristicVerifier } from '../verifier/heuristicVerifier';
import {
	answerForComparison,
	type AnswerForComparison,
	type AnswerPresenceVerdict,
	type EquivalenceVerdict,
	type Verdict,
	type Verifier,
} from '../verifier/verdict';
import {
	statedAnswerOf,
	type StatedAnswer,
	type VerifiedThought,
} from '../verifier/verifiedThought';
import type { AnalyzerListener } from './analyzerEvents';
import type { ChainAnalysis } from './chainAnalysis';
import { CutPredictor, type VerifiedSoFar } from './cutPredictor';
import { askAnswerPresence, askEquivalence } from './verifierQuestions';
import { messageOf } from '../../shared/userError';

/** Settings of one chain's analysis. */
export interface ChainAnalyzerOptions {
	/** The problem text, given to the verifier. */
	readonly problem?: string;
	/** Default: the heuristic verifier. */
	readonly verifier?: Verifier;
	/** Default: TrimR with its defaults. */
	readonly policy?: StopPolicy;
	readonly segmenter?: SegmenterOptions;
	/** Aborts pending verifier calls; `end()` then rejects. */
	readonly signal?: AbortSignal;
	/**
	 * Fresh policies of the same settings as `policy`, for predicting its cut: when a thought closes with
	 * every earlier verdict in, the steps so far plus the heuristic's reading of the new thought are
	 * replayed through one, and a cut at that thought is reported at once (`predictedCut`), before the
	 * verifier has answered. Only for policies that decide from verdicts alone.
	 */
	readonly predictor?: () => StopPolicy;
	readonly onEvent?: AnalyzerListener;
}

/**
 * Segmenter → verifier → labels → stop policy, for one chain, live or offline. `push` never blocks:
 * each closed thought's p1 question starts at once (concurrently, up to the verifier's limit); the
 * thoughts then go through p2, the labels and the policy strictly in chain order as their verdicts
 * arrive. Token-based rules (budget, repetition) see the text as it comes when the caller passes the
 * server's token counts, otherwise each thought's text when it closes.
 */
export class ChainAnalyzer {
	private readonly segmenter: ThoughtSegmenter;
	private readonly verifier: Verifier;
	private readonly policy: StopPolicy;
	private readonly labeler = new ThoughtLabeler();
	private readonly thoughts: Thought[] = [];
	private readonly steps: VerifiedThought[] = [];
	private readonly policyStates: string[] = [];
	private queue: Promise<void> = Promise.resolve();
	private failure: unknown;
	private lastAnswerStep: VerifiedThought | undefined;
	/** The latest answer the heuristic sees among thoughts closed but not yet through p1 (see `expectedEarlier`). */
	private pendingGuess: AnswerForComparison | undefined;
	private madeCut: StopCut | undefined;
	private readonly predictor: CutPredictor | undefined;
	private serverTokens = 0;
	private calls = 0;
	private fallbacks = 0;
	private ended = false;

	constructor(private readonly options: ChainAnalyzerOptions = {}) {
		this.segmenter = new ThoughtSegmenter(options.segmenter);
		this.verifier = options.verifier ?? new HeuristicVerifier();
		this.policy = options.policy ?? new TrimrPolicy();
		this.policy.setCutListener?.((cut) => this.offerCut(cut));
		this.predictor =
			options.predictor !== undefined
				? new CutPredictor(options.predictor, (cut) => this.emit({ type: 'predictedCut', cut }))
				: undefined;
	}

	/** The cut, once the policy has made it. */
	get cut(): StopCut | undefined {
		return this.madeCut;
	}

	/** The stop policy (for `stateAt`). */
	get stopPolicy(): StopPolicy {
		return this.policy;
	}

	/**
	 * Feeds the next piece of thinking text and, when streamed, the server's token count for it (and its
	 * token ids, when the server sends them: the repetition rule then hashes ids instead of text pieces).
	 */
	push(text: string, tokens?: number, tokenIds?: readonly number[]): void {
		if (this.ended) {
			throw new Error('the chain analyzer has ended; create a new one for another chain');
		}
		const count = tokens ?? tokenIds?.length;
		const closed = this.segmenter.feed(text, count);
		if (this.segmenter.usesServerTokens && (text.length > 0 || (tokenIds?.length ?? 0) > 0)) {
			const start = this.serverTokens;
			this.serverTokens += count ?? 0;
			this.offerCut(
				this.policy.onText({
					text,
					thoughtIndex: this.segmenter.closedCount,
					tokenStart: start,
					tokenEnd: this.serverTokens,
					tokenIds,
				}),
			);
		}
		this.predictor?.track(text, closed.at(-1));
		for (const thought of closed) {
			this.closed(thought);
		}
		// A statement can decide before its thought closes: read the open thought at each sentence end.
		const open = this.segmenter.closedCount;
		if (
			this.predictor !== undefined &&
			/[.!?}]\s/.test(text) &&
			this.madeCut === undefined &&
			this.steps.length === open
		) {
			this.predictor.predictOpen(open, this.thoughts.at(-1)?.tokenEnd ?? 0, this.verifiedSoFar());
		}
	}

	/** Ends the chain: flushes the last thought, waits for every verdict, resolves the labels with hindsight. */
	async end(): Promise<ChainAnalysis> {
		if (!this.ended) {
			this.ended = true;
			for (const thought of this.segmenter.end()) {
				this.closed(thought);
			}
		}
		await this.queue;
		if (this.failure !== undefined) {
			throw this.failure instanceof Error ? this.failure : new Error(messageOf(this.failure));
		}
		for (const label of this.labeler.finalize()) {
			this.emit({ type: 'label', label, revised: true });
		}
		return {
			thoughts: this.thoughts,
			steps: this.steps,
			labels: this.labeler.all,
			cut: this.madeCut,
			policyStates: this.policyStates,
			policy: this.policy.description,
			verifier: this.verifier.description,
			thinkingTokens: this.thoughts.at(-1)?.tokenEnd ?? 0,
			tokenSource: this.segmenter.usesServerTokens ? 'server' : 'counter',
			verifierCalls: this.calls,
			verifierFallbacks: this.fallbacks,
		};
	}

	private closed(thought: Thought): void {
		this.thoughts.push(thought);
		this.emit({ type: 'thought', thought });
		if (!this.segmenter.usesServerTokens) {
			this.offerCut(
				this.policy.onText({
					text: thought.text,
					thoughtIndex: thought.index,
					tokenStart: thought.tokenStart,
					tokenEnd: thought.tokenEnd,
				}),
			);
		}
		// A remote verifier's p1 starts now, so calls overlap; an immediate one is asked in chain order
		// with the answer under discussion. p2, labels and the policy always go in chain order.
		let early: Promise<AnswerPresenceVerdict> | undefined;
		if (this.verifier.concurrent) {
			early = this.askPresence(thought, undefined, this.expectedEarlier(thought));
			early.catch(() => undefined);
		}
		this.predict(thought);
		this.queue = this.queue
			.then(() =>
				this.failure === undefined
					? this.process(
							thought,
							early ?? this.askPresence(thought, this.lastAnswerStep, this.currentAnswer()),
						)
					: undefined,
			)
			.catch((err: unknown) => {
				this.failure = err;
			});
	}

	private async process(
		thought: Thought,
		presencePromise: Promise<AnswerPresenceVerdict>,
	): Promise<void> {
		const presence = await presencePromise;
		this.recordVerdict(presence);
		const answer = this.answerOf(thought, presence);
		let equivalence: EquivalenceVerdict | undefined;
		const previous = this.lastAnswerStep;
		if (answer !== undefined && previous !== undefined) {
			equivalence = await this.askEquivalence(previous, presence);
			this.recordVerdict(equivalence);
		}
		const step: VerifiedThought = { thought, presence, equivalence, answer };
		if (answer !== undefined) {
			this.lastAnswerStep = step;
		}
		this.steps.push(step);
		if (this.thoughts.at(-1) === thought) {
			// Caught up: the previous answer is known, no guess needed.
			this.pendingGuess = undefined;
		}
		this.emit({ type: 'step', step });
		this.emit({ type: 'label', label: this.labeler.add(step), revised: false });
		const cut = this.policy.onThought(step);
		const state = this.policy.stateAt(thought.index) ?? '';
		this.policyStates[thought.index] = state;
		this.emit({ type: 'policyState', thought: thought.index, state });
		this.offerCut(cut);
		// A thought that closed while this verdict was pending is the next to decide.
		const next = this.thoughts[this.steps.length];
		if (next !== undefined) {
			this.predict(next);
		}
	}

	/** The answer a thought states by its p1 verdict, marked when it only restates the problem's numbers. */
	private answerOf(thought: Thought, presence: AnswerPresenceVerdict): StatedAnswer | undefined {
		const stated = statedAnswerOf(thought, presence);
		return stated !== undefined && restatesGivenNumbers(stated.text, this.options.problem)
			? { ...stated, givenInProblem: true }
			: stated;
	}

	/** Predicts the cut at `thought` when it is the next to be decided and no cut is made yet. */
	private predict(thought: Thought): void {
		if (
			this.predictor !== undefined &&
			this.madeCut === undefined &&
			this.steps.length === thought.index
		) {
			this.predictor.predict(thought, this.verifiedSoFar());
		}
	}

	private verifiedSoFar(): VerifiedSoFar {
		return {
			problem: this.options.problem,
			steps: this.steps,
			lastAnswerStep: this.lastAnswerStep,
			answerOf: (thought, presence) => this.answerOf(thought, presence),
		};
	}

	/** The answer p2 will compare with, as far as is known now. */
	private currentAnswer(): AnswerForComparison | undefined {
		return this.lastAnswerStep !== undefined
			? answerForComparison(this.lastAnswerStep.presence)
			: undefined;
	}

	/**
	 * The previous answer `thought` is expected to be compared with, for a verifier that asks p1 and p2
	 * in one request. Live, earlier verdicts are in by the time a thought closes and this is exact; when
	 * thoughts arrive faster than verdicts, the heuristic guesses for the pending ones (a wrong guess
	 * costs the LLM's p2 for that thought, never a second request).
	 */
	private expectedEarlier(thought: Thought): AnswerForComparison | undefined {
		const expected = this.pendingGuess ?? this.currentAnswer();
		const guess = heuristicAnswerPresence({ problem: this.options.problem, thought });
		if (guess.yes) {
			this.pendingGuess = answerForComparison(guess);
		}
		return expected;
	}

	private askPresence(
		thought: Thought,
		current?: VerifiedThought,
		expectedEarlier?: AnswerForComparison,
	): Promise<AnswerPresenceVerdict> {
		const question = {
			problem: this.options.problem,
			thought,
			current: current !== undefined ? answerForComparison(current.presence) : undefined,
			expectedEarlier,
		};
		return askAnswerPresence(this.verifier, question, this.options.signal);
	}

	private askEquivalence(
		previous: VerifiedThought,
		presence: AnswerPresenceVerdict,
	): Promise<EquivalenceVerdict> {
		const question = {
			problem: this.options.problem,
			earlier: answerForComparison(previous.presence),
			later: answerForComparison(presence),
			// At most one verifier request per thought: p1's, when it made one.
			requestSpent: presence.llm?.sent === true,
		};
		return askEquivalence(this.verifier, question, this.options.signal);
	}

	private recordVerdict(verdict: Verdict): void {
		if (verdict.llm?.sent === true) {
			this.calls++;
		}
		if (verdict.source === 'heuristic-after-llm-failure') {
			this.fallbacks++;
		}
		this.emit({ type: 'verdict', verdict });
	}

	private offerCut(cut: StopCut | undefined): void {
		if (cut === undefined || this.madeCut !== undefined) {
			return;
		}
		// Once the chain has ended, a cut that removes nothing (see cutRemovesThinking) is not a cut.
		if (
			this.ended &&
			!cutRemovesThinking(cut, this.thoughts.length, this.thoughts.at(-1)?.tokenEnd ?? 0)
		) {
			return;
		}
		this.madeCut = cut;
		this.emit({ type: 'cut', cut });
	}

	private emit(event: Parameters<AnalyzerListener>[0]): void {
		this.options.onEvent?.(event);
	}
}
