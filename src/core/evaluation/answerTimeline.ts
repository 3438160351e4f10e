import { answersEquivalent } from '../answers/equivalence';
import { extractAnswer, extractThoughtAnswer } from '../answers/extract';
import type { TraceRecord } from '../traces/traceRecord';
import type { Thought } from '../thoughts/thought';
import { tokenOffsetInThought, type VerifiedThought } from '../verifier/verifiedThought';

/** An answer stated in the thinking, as the evaluation sees it. */
export interface TimelineAnswer {
	readonly thought: number;
	readonly text: string;
	/** Token offset where the statement ends. */
	readonly tokenOffset: number;
}

/**
 * The reference answer timeline of a chain: the answer each thought states by plain answer extraction
 * (boxes, "the answer is", "Final Answer", a closing "= x", option letters). The evaluation uses it
 * for the oracle and for the answer at a cut, so that neither depends on the verifier or the policy
 * being measured.
 */
export function referenceTimeline(
	thoughts: readonly Thought[],
	problem?: string,
): TimelineAnswer[] {
	const timeline: TimelineAnswer[] = [];
	for (const thought of thoughts) {
		const extracted = extractThoughtAnswer(thought.text, problem);
		if (extracted !== undefined) {
			timeline.push({
				thought: thought.index,
				text: extracted.value,
				tokenOffset: tokenOffsetInThought(thought, extracted.charEnd),
			});
		}
	}
	return timeline;
}

/**
 * The chain's final answer, in the forms it was recorded: the trace's `predicted_answer` and the
 * answer of its final response (either matching counts), else the last answer stated while thinking.
 */
export function finalAnswersOf(trace: TraceRecord, timeline: readonly TimelineAnswer[]): string[] {
	const forms: string[] = [];
	const recorded = trace.predictedAnswer?.trim();
	if (recorded !== undefined && recorded !== '') {
		forms.push(recorded);
	}
	if (trace.final !== undefined && trace.final.trim() !== '') {
		const fromFinal = extractAnswer(trace.final);
		if (fromFinal !== undefined && !forms.includes(fromFinal.value)) {
			forms.push(fromFinal.value);
		}
	}
	const last = timeline.at(-1);
	if (forms.length === 0 && last !== undefined) {
		forms.push(last.text);
	}
	return forms;
}

/** Whether `answer` matches one of the final answer's forms (no answer matches only no final answer). */
export function isFinalAnswer(answer: string | undefined, finalForms: readonly string[]): boolean {
	if (answer === undefined || finalForms.length === 0) {
		return answer === undefined && finalForms.length === 0;
	}
	return finalForms.some((form) => answersEquivalent(answer, form));
}

/** The last answer stated at or before `tokenOffset` (what the chain would answer if cut there). */
export function answerAt(
	timeline: readonly TimelineAnswer[],
	tokenOffset: number,
): TimelineAnswer | undefined {
	let found: TimelineAnswer | undefined;
	for (const answer of timeline) {
		if (answer.tokenOffset > tokenOffset) {
			break;
		}
		found = answer;
	}
	return found;
}

/** Whether two answers are the same; an absent answer equals only another absent one. */
export function sameAnswer(a: string | undefined, b: string | undefined): boolean {
	if (a === undefined || b === undefined) {
		return a === b;
	}
	return answersEquivalent(a, b);
}

/** Times the stated answer changed to a different one (the first statement is not a switch). */
export function countAnswerSwitches(steps: readonly VerifiedThought[]): number {
	let switches = 0;
	let seen = false;
	for (const step of steps) {
		if (step.answer === undefined) {
			continue;
		}
		if (seen && step.equivalence?.yes !== true) {
			switches++;
		}
		seen = true;
	}
	return switches;
}
