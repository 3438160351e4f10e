import type { Thought } from '../thoughts/thought';
import { isFinalAnswer, type TimelineAnswer } from './answerTimeline';

/**
 * The oracle cut: the earliest point after which the stated answer is the final answer and never
 * changes again — the end of that answer's statement, inside its thought.
 */
export interface OracleCut {
	readonly thought: number;
	readonly tokenOffset: number;
	readonly savedTokens: number;
	/** False when no earlier point qualifies (the final answer never settled in the thinking): the cut is the chain's end. */
	readonly reached: boolean;
}

/**
 * Finds the oracle cut, the best any stop rule could do without changing the answer: the end of the
 * first statement of the final answer after the last statement of anything else (on the
 * reference timeline, so the oracle does not depend on the verifier being measured).
 * When the thinking never settles on the final answer, the oracle keeps the whole chain.
 */
export function oracleCut(
	thoughts: readonly Thought[],
	timeline: readonly TimelineAnswer[],
	finalForms: readonly string[],
): OracleCut {
	const thinkingTokens = thoughts.at(-1)?.tokenEnd ?? 0;
	const whole: OracleCut = {
		thought: Math.max(0, thoughts.length - 1),
		tokenOffset: thinkingTokens,
		savedTokens: 0,
		reached: false,
	};
	if (finalForms.length === 0) {
		return whole;
	}
	let candidate: TimelineAnswer | undefined;
	for (let i = timeline.length - 1; i >= 0; i--) {
		const answer = timeline[i];
		if (answer === undefined || !isFinalAnswer(answer.text, finalForms)) {
			break;
		}
		candidate = answer;
	}
	const thought = candidate !== undefined ? thoughts[candidate.thought] : undefined;
	if (thought === undefined) {
		return whole;
	}
	const tokenOffset = Math.min(candidate?.tokenOffset ?? thought.tokenEnd, thought.tokenEnd);
	return {
		thought: thought.index,
		tokenOffset,
		savedTokens: Math.max(0, thinkingTokens - tokenOffset),
		reached: true,
	};
}
