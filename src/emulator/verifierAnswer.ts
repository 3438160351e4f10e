/**
 * Verifier-style requests (`max_tokens: 1` with logprobs, docs/engine.md#llm-verifier): the emulator answers the two
 * TrimR questions meaningfully — "does this excerpt state an answer?" (Yes when an answer can be extracted
 * and is not hedged) and "are answers A and B the same?" (the core's equivalence) — with logprobs shaped
 * like a confident instruction model's: a dominant Yes/No and a tail of variants.
 */
import { compareAnswers } from '../core/answers/equivalence';
import { extractAnswer } from '../core/answers/extract';

/** Which question the prompt asks; `joint` is both at once (excerpt and answer A, reply None/Same/Other). */
export type VerifierQuestion = 'equivalence' | 'existence' | 'joint';

/** The emulated verdict, with the probability put on it. */
export interface VerifierVerdict {
	readonly question: VerifierQuestion;
	readonly answer: 'Yes' | 'No' | JointAnswer;
	readonly probability: number;
}

type JointAnswer = 'None' | 'Same' | 'Other';

/** The text after the last `label` (case-insensitive) up to the next blank line or question line. */
function lastField(text: string, label: RegExp): string | undefined {
	let last: RegExpMatchArray | undefined;
	for (const m of text.matchAll(new RegExp(label.source, 'gi'))) {
		last = m;
	}
	if (last === undefined) {
		return undefined;
	}
	const rest = text.slice((last.index ?? 0) + last[0].length);
	const end = rest.search(/\n\s*\n|\n(?=(?:Answer [AB]\s*:|Are |Does |Is |Reply )|$)/i);
	return (end === -1 ? rest : rest.slice(0, end)).trim();
}

/** Decides the verdict for a verifier prompt (the last user message). */
export function verifierVerdict(prompt: string): VerifierVerdict {
	const a = lastField(prompt, /Answer A\s*:/);
	const b = lastField(prompt, /Answer B\s*:/);
	if (a !== undefined && b !== undefined) {
		const comparison = compareAnswers(a, b);
		const probability =
			comparison.method === 'normalized' || comparison.method === 'empty'
				? 0.985
				: comparison.method === 'text'
					? 0.8
					: 0.93;
		return { question: 'equivalence', answer: comparison.equivalent ? 'Yes' : 'No', probability };
	}
	const field = lastField(prompt, /(?:Reasoning )?excerpt\s*:/);
	if (a !== undefined && field !== undefined) {
		return jointVerdict(a, field);
	}
	const excerpt = field ?? prompt;
	const found = extractAnswer(excerpt);
	if (found === undefined) {
		return { question: 'existence', answer: 'No', probability: 0.95 };
	}
	if (found.hedged) {
		return { question: 'existence', answer: 'Yes', probability: 0.62 };
	}
	return {
		question: 'existence',
		answer: 'Yes',
		probability: found.kind === 'boxed' || found.kind === 'final-answer' ? 0.985 : 0.9,
	};
}

/**
 * The joint question: None without an answer in the excerpt (as p1 would say No), else Same or Other as
 * p2 would answer for answer A against the excerpt.
 */
function jointVerdict(a: string, excerpt: string): VerifierVerdict {
	const found = extractAnswer(excerpt);
	if (found === undefined) {
		return { question: 'joint', answer: 'None', probability: 0.95 };
	}
	const comparison = compareAnswers(a, excerpt);
	return {
		question: 'joint',
		answer: comparison.equivalent ? 'Same' : 'Other',
		probability: found.hedged ? 0.62 : comparison.method === 'text' ? 0.8 : 0.93,
	};
}

/** One entry of `top_logprobs`, OpenAI shape. */
export interface TopLogprob {
	readonly token: string;
	readonly logprob: number;
	readonly bytes: number[];
}

/** The top-k alternatives for the verdict token: the verdict, its opposite, and spelling variants. */
export function verdictLogprobs(verdict: VerifierVerdict, k: number): TopLogprob[] {
	const rest = 1 - verdict.probability;
	const candidates: Array<[string, number]> =
		verdict.question === 'joint' ? jointCandidates(verdict, rest) : yesNoCandidates(verdict, rest);
	return candidates.slice(0, Math.max(1, k)).map(([token, p]) => ({
		token,
		logprob: Math.round(Math.log(Math.max(p, 1e-12)) * 1e4) / 1e4,
		bytes: [...Buffer.from(token, 'utf8')],
	}));
}

/** The opposite answer takes most of the remaining mass; variants share what is left. */
function yesNoCandidates(verdict: VerifierVerdict, rest: number): Array<[string, number]> {
	const other = verdict.answer === 'Yes' ? 'No' : 'Yes';
	return [
		[verdict.answer, verdict.probability],
		[other, rest * 0.85],
		[` ${verdict.answer}`, rest * 0.07],
		[verdict.answer.toLowerCase(), rest * 0.04],
		[` ${other}`, rest * 0.02],
		['The', rest * 0.01],
	];
}

/** Same and Other are each other's nearest alternative; None takes less of what remains. */
function jointCandidates(verdict: VerifierVerdict, rest: number): Array<[string, number]> {
	const [second, third]: [JointAnswer, JointAnswer] =
		verdict.answer === 'Same'
			? ['Other', 'None']
			: verdict.answer === 'Other'
				? ['Same', 'None']
				: ['Other', 'Same'];
	return [
		[verdict.answer, verdict.probability],
		[second, rest * 0.6],
		[third, rest * 0.3],
		[` ${verdict.answer}`, rest * 0.07],
		[verdict.answer.toLowerCase(), rest * 0.02],
		['The', rest * 0.01],
	];
}
