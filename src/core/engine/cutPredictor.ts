/**
 * Predicts the stop policy's cut before a remote verifier has answered (act mode; see
 * `ChainAnalyzerOptions.predictor`): the verified steps so far plus the heuristic's reading of the newest
 * thought are replayed through a fresh policy of the same settings, and a cut at that thought is
 * reported once. The thought still open is read too, at each sentence end: a cut right after a statement
 * keeps only text that has already arrived, so its continuation can start before the thought closes.
 */
import type { StopCut, StopPolicy } from '../policies/stopPolicy';
import { estimateTokens, type Thought } from '../thoughts/thought';
import { heuristicAnswerPresence, heuristicEquivalence } from '../verifier/heuristicVerifier';
import {
	answerForComparison,
	type AnswerPresenceVerdict,
	type EquivalenceVerdict,
} from '../verifier/verdict';
import type { StatedAnswer, VerifiedThought } from '../verifier/verifiedThought';

/** What a prediction reads of the chain's verified part. */
export interface VerifiedSoFar {
	readonly problem: string | undefined;
	readonly steps: readonly VerifiedThought[];
	readonly lastAnswerStep: VerifiedThought | undefined;
	/** The answer a thought states by a p1 verdict, read as the analyzer reads it. */
	readonly answerOf: (
		thought: Thought,
		presence: AnswerPresenceVerdict,
	) => StatedAnswer | undefined;
}

export class CutPredictor {
	/** The last prediction reported (`thought:charOffset`), so that each is reported once. */
	private predicted = '';
	/** The text after the last closed thought, and where it starts in the chain. */
	private open = { start: 0, text: '' };

	constructor(
		private readonly fresh: () => StopPolicy,
		private readonly report: (cut: StopCut) => void,
	) {}

	/** Keeps the text after the last closed thought; `lastClosed` is the last thought this text closed. */
	track(text: string, lastClosed: Thought | undefined): void {
		this.open.text += text;
		if (lastClosed !== undefined) {
			this.open = {
				start: lastClosed.charEnd,
				text: this.open.text.slice(lastClosed.charEnd - this.open.start),
			};
		}
	}

	/**
	 * Reports the cut `thought` would make if the verifier read it as the heuristic does. Only for a
	 * thought that states an answer, next after the verified steps; `open`: the thought has not closed,
	 * so only a cut at one of its statements is reported.
	 */
	predict(thought: Thought, chain: VerifiedSoFar, open = false): void {
		const problem = chain.problem;
		const guessed = { source: 'heuristic', latencyMs: 0 } as const;
		const presence: AnswerPresenceVerdict = {
			...heuristicAnswerPresence({ problem, thought }),
			...guessed,
		};
		const answer = chain.answerOf(thought, presence);
		if (answer === undefined) {
			return;
		}
		const previous = chain.lastAnswerStep;
		const equivalence: EquivalenceVerdict | undefined =
			previous !== undefined
				? {
						...heuristicEquivalence({
							problem,
							earlier: answerForComparison(previous.presence),
							later: answerForComparison(presence),
						}),
						...guessed,
					}
				: undefined;
		const policy = this.fresh();
		let cut: StopCut | undefined;
		for (const step of [...chain.steps, { thought, presence, equivalence, answer }]) {
			cut = policy.onThought(step);
			if (cut !== undefined) {
				break;
			}
		}
		const key = `${cut?.thought}:${cut?.charOffset}`;
		if (
			cut?.thought === thought.index &&
			key !== this.predicted &&
			(!open || cut.charOffset !== undefined)
		) {
			this.predicted = key;
			this.report(cut);
		}
	}

	/**
	 * The open thought read as if it closed now (`index` is its index, `tokenStart` where it starts): a
	 * cut right after a statement in it is usually the cut made when it does close.
	 */
	predictOpen(index: number, tokenStart: number, chain: VerifiedSoFar): void {
		const text = this.open.text;
		if (text.trim() === '') {
			return;
		}
		const thought: Thought = {
			index,
			text,
			charStart: this.open.start,
			charEnd: this.open.start + text.length,
			tokenStart,
			tokenEnd: tokenStart + estimateTokens(text),
			opener: index === 0 ? { kind: 'start' } : { kind: 'paragraph' },
		};
		this.predict(thought, chain, true);
	}
}
