import { firstToken, type VerifierCompletion, type YesNoReading } from './yesNo';

/** The one-word replies of the joint question: no answer, the same answer as A, another answer. */
export const JOINT_CHOICES = ['None', 'Same', 'Other'] as const;

export type JointWord = 'none' | 'same' | 'other';

/** "Same", " same", "▁Same", "ĠSAME." → 'same'; likewise 'none' and 'other'; anything else undefined. */
export function jointWord(token: string): JointWord | undefined {
	const word = token.replace(/^[\sĠ▁]+|[\s.!]+$/g, '').toLowerCase();
	return word === 'none' || word === 'same' || word === 'other' ? word : undefined;
}

/** Both questions read from one reply; `equivalence` is absent when no answer-bearing word had mass. */
export interface JointReading {
	readonly presence: YesNoReading;
	readonly equivalence?: YesNoReading;
}

/**
 * Reads the joint reply from the first token's top log-probabilities (the generated token included):
 * P(p1 yes) = (P(Same) + P(Other)) / (P(None) + P(Same) + P(Other)), and P(p2 yes) = P(Same) /
 * (P(Same) + P(Other)), the equivalence given that the thought states an answer. Without any of the
 * three words among them, the generated token alone is read (P = 1 or 0). Returns an error message
 * when the reply is none of them.
 */
export function readJoint(completion: VerifierCompletion): JointReading | string {
	const first = firstToken(completion);
	if (typeof first === 'string') {
		return first;
	}
	const { token, top } = first;
	const mass = { none: 0, same: 0, other: 0 };
	for (const entry of top) {
		const word = jointWord(entry.token);
		if (word !== undefined) {
			mass[word] += Math.exp(entry.logprob);
		}
	}
	let from: YesNoReading['from'] = 'logprobs';
	if (mass.none + mass.same + mass.other === 0) {
		const word = token === undefined ? undefined : jointWord(token);
		if (word === undefined) {
			return `the verifier answered ${JSON.stringify(token ?? '')}, none of ${JOINT_CHOICES.join(', ')}`;
		}
		mass[word] = 1;
		from = 'token';
	}
	const answered = mass.same + mass.other;
	const reading = (pYes: number): YesNoReading => ({ pYes, from, token, topLogprobs: top });
	return {
		presence: reading(answered / (answered + mass.none)),
		equivalence: answered > 0 ? reading(mass.same / answered) : undefined,
	};
}
