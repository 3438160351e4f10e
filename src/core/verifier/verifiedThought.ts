import type { ExtractedAnswer } from '../answers/extractedAnswer';
import type { Thought } from '../thoughts/thought';
import {
	answerForComparison,
	type AnswerPresenceVerdict,
	type EquivalenceVerdict,
} from './verdict';

/** The answer a thought states, as the stop rules and labels use it. */
export interface StatedAnswer {
	/** The answer's text: the extracted value, or the judged excerpt when only the LLM saw an answer. */
	readonly text: string;
	readonly extracted?: ExtractedAnswer;
	/** Tentative ("maybe 18?", "is that the answer?"). */
	readonly hedged: boolean;
	/** Token offset in the chain where the statement ends (estimated within the thought). */
	readonly tokenOffset: number;
	/** Where the statement ends in the thought's text (absent when only the LLM saw an answer). */
	readonly charEnd?: number;
	/**
	 * Every number in the answer is already given in the problem (set by the chain analyzer, which
	 * knows the problem): TrimR asks such an answer for one more confirmation.
	 */
	readonly givenInProblem?: boolean;
}

/** A closed thought with its verdicts: what stop policies and labels are fed, in chain order. */
export interface VerifiedThought {
	readonly thought: Thought;
	/** p1: does the thought state an answer? */
	readonly presence: AnswerPresenceVerdict;
	/** p2 against the previous answer-bearing thought (absent for the first answer and for thoughts without one). */
	readonly equivalence?: EquivalenceVerdict;
	/** Present when p1 said yes. */
	readonly answer?: StatedAnswer;
}

/** The token offset where `charEnd` (an offset into the thought's text) falls, by proportion. */
export function tokenOffsetInThought(thought: Thought, charEnd: number): number {
	const length = thought.text.length;
	if (length === 0 || charEnd >= length) {
		return thought.tokenEnd;
	}
	return (
		thought.tokenStart +
		Math.round((Math.max(0, charEnd) / length) * (thought.tokenEnd - thought.tokenStart))
	);
}

/** The stated answer of a thought from its p1 verdict, or undefined when p1 said no. */
export function statedAnswerOf(
	thought: Thought,
	presence: AnswerPresenceVerdict,
): StatedAnswer | undefined {
	if (!presence.yes) {
		return undefined;
	}
	const forComparison = answerForComparison(presence);
	const extracted = presence.extracted;
	const end = extracted?.charEnd ?? presence.restated?.charEnd;
	return {
		text: forComparison.text,
		extracted,
		hedged: extracted?.hedged ?? false,
		tokenOffset: end !== undefined ? tokenOffsetInThought(thought, end) : thought.tokenEnd,
		charEnd: end,
	};
}
