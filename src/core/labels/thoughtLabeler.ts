import type { NodeRole, Usefulness } from '../../shared/protocol';
import { answersEquivalent } from '../answers/equivalence';
import { shortAnswer } from '../verifier/heuristicVerifier';
import type { StatedAnswer, VerifiedThought } from '../verifier/verifiedThought';
import { announcesAlternative, announcesBacktrack, announcesVerification } from './roleCues';

/** What a thought does in the chain (a tree node's role minus the problem root). */
export type ThoughtRole = Exclude<NodeRole, 'problem'>;

/** A thought's role and usefulness, with the reason in one line. */
export interface ThoughtLabel {
	readonly index: number;
	readonly role: ThoughtRole;
	readonly usefulness: Usefulness;
	/** One line: "re-checks answer 204, already confirmed twice". */
	readonly reason: string;
	/** The earlier thought this one verifies (the first statement of its answer) or backtracks from. */
	readonly refersTo?: number;
	/** The answer the thought states, shortened for display. */
	readonly answer?: string;
}

/** A distinct answer of the chain and the thoughts that stated it. */
interface AnswerClass {
	readonly text: string;
	readonly statements: number[];
}

/** How many earlier classes a new answer is compared with when p2 says it differs from the last one. */
const CLASS_LOOKBACK = 8;

function times(n: number): string {
	return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

/**
 * Labels thoughts incrementally, in chain order, from their verdicts: role by what the thought does
 * with the answer (states a new one, restates the current one, changes it) and by its opening cues
 * (verification, another approach, backtrack); usefulness by whether it moved the answer forward.
 * Verdicts that need hindsight stay `undecided` until `finalize()` (offline, or at the end of a stream).
 */
export class ThoughtLabeler {
	private readonly classes: AnswerClass[] = [];
	private readonly labels: ThoughtLabel[] = [];
	private readonly classOf: Array<AnswerClass | undefined> = [];
	private current: AnswerClass | undefined;

	/** Labels so far, by thought index. */
	get all(): readonly ThoughtLabel[] {
		return this.labels;
	}

	/** Labels the next thought. */
	add(step: VerifiedThought): ThoughtLabel {
		const label =
			step.answer !== undefined ? this.withAnswer(step, step.answer) : this.withoutAnswer(step);
		this.labels[step.thought.index] = label;
		return label;
	}

	/**
	 * Resolves `undecided` with hindsight: thoughts after the point where the answer settled for good
	 * changed nothing (redundant); earlier ones were part of the search (useful). Returns the labels
	 * that changed.
	 */
	finalize(): ThoughtLabel[] {
		const final = this.current;
		let settled = -1;
		if (final !== undefined) {
			// The first statement of the final answer after the last statement of any other answer.
			let lastOther = -1;
			this.classOf.forEach((c, i) => {
				if (c !== undefined && c !== final) {
					lastOther = i;
				}
			});
			settled = final.statements.find((i) => i > lastOther) ?? -1;
		}
		const changed: ThoughtLabel[] = [];
		for (const label of this.labels) {
			if (label === undefined || label.usefulness !== 'undecided') {
				continue;
			}
			const next: ThoughtLabel =
				final !== undefined && settled >= 0 && label.index > settled
					? {
							...label,
							usefulness: 'redundant',
							reason:
								`${label.reason}; answer ${shortAnswer(final.text)} had settled at thought ${settled + 1} ` +
								'and never changed',
						}
					: {
							...label,
							usefulness: 'useful',
							reason: `${label.reason}; the answer was still to change after it`,
						};
			this.labels[label.index] = next;
			changed.push(next);
		}
		return changed;
	}

	private withAnswer(step: VerifiedThought, answer: StatedAnswer): ThoughtLabel {
		const { thought } = step;
		const previous = this.current;
		const cls = this.classify(step, answer);
		const shown = shortAnswer(answer.text);
		const base = { index: thought.index, answer: shown };
		let label: ThoughtLabel;
		if (previous === undefined) {
			label = {
				...base,
				role: 'conclusion',
				usefulness: 'useful',
				reason: `states answer ${shown} for the first time`,
			};
		} else if (cls === previous) {
			const first = cls.statements[0] ?? thought.index;
			const confirmations = cls.statements.length - 1;
			const role: ThoughtRole = announcesAlternative(thought) ? 'alternative' : 'verification';
			const how = role === 'alternative' ? 'reaches' : 're-checks';
			label =
				confirmations === 0
					? {
							...base,
							role,
							refersTo: first,
							usefulness: 'useful',
							reason:
								`${role === 'alternative' ? 'reaches' : 'confirms'} answer ${shown} from thought ` +
								`${first + 1}${role === 'alternative' ? ' by another approach' : ''}`,
						}
					: {
							...base,
							role,
							refersTo: first,
							usefulness: 'redundant',
							reason: `${how} answer ${shown}, already confirmed ${times(confirmations)}`,
						};
		} else {
			const from = shortAnswer(previous.text);
			const role: ThoughtRole = announcesBacktrack(thought)
				? 'backtrack'
				: announcesAlternative(thought)
					? 'alternative'
					: 'conclusion';
			const lastOfPrevious = previous.statements.at(-1);
			const returning =
				cls.statements.length > 0
					? ` (back to the answer of thought ${(cls.statements[0] ?? 0) + 1})`
					: '';
			label = {
				...base,
				role,
				refersTo: role === 'backtrack' ? lastOfPrevious : undefined,
				usefulness: 'useful',
				reason: `changes the answer from ${from} to ${shown}${returning}`,
			};
		}
		cls.statements.push(thought.index);
		this.classOf[thought.index] = cls;
		this.current = cls;
		return label;
	}

	private withoutAnswer(step: VerifiedThought): ThoughtLabel {
		const { thought } = step;
		const index = thought.index;
		const current = this.current;
		const answer = current !== undefined ? shortAnswer(current.text) : undefined;
		if (announcesBacktrack(thought) && index > 0) {
			const refersTo = current?.statements.at(-1) ?? index - 1;
			return {
				index,
				role: 'backtrack',
				refersTo,
				usefulness: 'undecided',
				reason:
					answer !== undefined ? `doubts answer ${answer}` : `revisits thought ${refersTo + 1}`,
			};
		}
		if (announcesAlternative(thought) && index > 0) {
			return current === undefined
				? {
						index,
						role: 'alternative',
						usefulness: 'useful',
						reason: 'tries another approach before any answer',
					}
				: {
						index,
						role: 'alternative',
						refersTo: current.statements[0],
						usefulness: 'undecided',
						reason: `tries another approach after answer ${answer}`,
					};
		}
		if (announcesVerification(thought) && index > 0) {
			if (current === undefined) {
				return {
					index,
					role: 'verification',
					usefulness: 'useful',
					reason: 'checks an intermediate step',
				};
			}
			const confirmations = current.statements.length - 1;
			const refersTo = current.statements[0];
			return confirmations >= 1
				? {
						index,
						role: 'verification',
						refersTo,
						usefulness: 'redundant',
						reason: `re-checks answer ${answer}, already confirmed ${times(confirmations)}`,
					}
				: {
						index,
						role: 'verification',
						refersTo,
						usefulness: 'undecided',
						reason: `checks answer ${answer}`,
					};
		}
		return current === undefined
			? {
					index,
					role: 'progress',
					usefulness: 'useful',
					reason: index === 0 ? 'sets up the solution' : 'works toward an answer',
				}
			: {
					index,
					role: 'progress',
					usefulness: 'undecided',
					reason: `continues after answer ${answer}`,
				};
	}

	/** The class of a stated answer: the last one when p2 says equivalent, else an earlier or a new one. */
	private classify(step: VerifiedThought, answer: StatedAnswer): AnswerClass {
		if (step.equivalence?.yes === true && this.current !== undefined) {
			return this.current;
		}
		const from = Math.max(0, this.classes.length - CLASS_LOOKBACK);
		for (let i = this.classes.length - 1; i >= from; i--) {
			const cls = this.classes[i];
			if (cls !== undefined && cls !== this.current && answersEquivalent(cls.text, answer.text)) {
				return cls;
			}
		}
		const created: AnswerClass = { text: answer.text, statements: [] };
		this.classes.push(created);
		return created;
	}
}
