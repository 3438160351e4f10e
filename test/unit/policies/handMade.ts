import type { AnswerKind } from '../../../src/core/answers/extractedAnswer';
import type { Thought, ThoughtOpener } from '../../../src/core/thoughts/thought';
import type { AnswerPresenceVerdict, EquivalenceVerdict } from '../../../src/core/verifier/verdict';
import type { VerifiedThought } from '../../../src/core/verifier/verifiedThought';

/** What a hand-made thought states: an answer (equal or not to the previous answer), or nothing. */
export interface HandMadeThought {
	readonly answer?: string;
	/** p2 against the previous answer-bearing thought; defaults to string equality. */
	readonly same?: boolean;
	readonly hedged?: boolean;
	/** The answer's numbers are all given in the problem (what the chain analyzer marks). */
	readonly given?: boolean;
	/** Stated without an answer phrase (only re-derived): the answer carries no extraction. */
	readonly rederived?: boolean;
	/** How the answer was stated (default "the answer is"). */
	readonly kind?: AnswerKind;
	readonly text?: string;
	readonly marker?: string;
	readonly tokens?: number;
}

/**
 * Builds a chain of verified thoughts from a compact description, each `tokens` long (default 100),
 * with p1/p2 verdicts as given: the stop rules and labels see exactly what the analyzer would hand them.
 */
export function handMadeChain(spec: readonly HandMadeThought[]): {
	thoughts: Thought[];
	steps: VerifiedThought[];
} {
	const thoughts: Thought[] = [];
	const steps: VerifiedThought[] = [];
	let token = 0;
	let char = 0;
	let previous: { index: number; answer: string } | undefined;
	spec.forEach((s, index) => {
		const text =
			s.text ??
			(s.answer !== undefined
				? `${s.marker ?? 'So'} the answer is ${s.answer}.\n\n`
				: `${s.marker ?? 'Then'} some work.\n\n`);
		const opener: ThoughtOpener =
			index === 0
				? { kind: 'start' }
				: s.marker !== undefined
					? { kind: 'marker', marker: s.marker }
					: { kind: 'paragraph' };
		const thought: Thought = {
			index,
			text,
			charStart: char,
			charEnd: char + text.length,
			tokenStart: token,
			tokenEnd: token + (s.tokens ?? 100),
			opener,
		};
		token = thought.tokenEnd;
		char = thought.charEnd;
		const presence: AnswerPresenceVerdict = {
			question: 'answer-presence',
			thoughtIndex: index,
			yes: s.answer !== undefined,
			source: 'heuristic',
			reason: s.answer !== undefined ? `states ${s.answer}` : 'no answer stated',
			excerpt: text.trim(),
			latencyMs: 0,
		};
		let equivalence: EquivalenceVerdict | undefined;
		if (s.answer !== undefined && previous !== undefined) {
			const yes = s.same ?? previous.answer === s.answer;
			equivalence = {
				question: 'equivalence',
				thoughtIndex: index,
				comparedTo: previous.index,
				yes,
				source: 'heuristic',
				reason: `${previous.answer} ${yes ? '=' : '≠'} ${s.answer}`,
				answerA: previous.answer,
				answerB: s.answer,
				latencyMs: 0,
			};
		}
		const at = s.answer !== undefined ? text.lastIndexOf(s.answer) : -1;
		const answer =
			s.answer !== undefined
				? {
						text: s.answer,
						hedged: s.hedged ?? false,
						tokenOffset: thought.tokenEnd - 10,
						charEnd: at >= 0 ? at + s.answer.length : undefined,
						...(s.given === true ? { givenInProblem: true } : {}),
						...(s.rederived === true
							? {}
							: {
									extracted: {
										value: s.answer,
										normalized: s.answer,
										kind: s.kind ?? 'answer-is',
										charStart: Math.max(0, at),
										charEnd: at >= 0 ? at + s.answer.length : 0,
										hedged: s.hedged ?? false,
									},
								}),
					}
				: undefined;
		if (s.answer !== undefined) {
			previous = { index, answer: s.answer };
		}
		thoughts.push(thought);
		steps.push({ thought, presence, equivalence, answer });
	});
	return { thoughts, steps };
}
