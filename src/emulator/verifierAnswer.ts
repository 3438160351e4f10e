/**
 * Verifier-style requests (`max_tokens: 1` with logprobs, docs/engine.md#llm-verifier): the emulator answers the two
 * TrimR questions meaningfully — "does this excerpt state an answer?" (Yes when an answer can be extracted
 * and is not hedged) and "are answers A and B the same?" (the core's equivalence) — with logprobs shaped
 * like a confident instruction model's: a dominant Yes/No and a tail of variants.
 */
import { compareAnswers } from '../core/answers/equivalence';
import { extractAnswer } from '../core/answers/extract';

/** Which question the prompt asks. */
export type VerifierQuestion = 'equivalence' | 'existence';

/** The emulated verdict, with the probability put on it. */
export interface VerifierVerdict {
	readonly question: VerifierQuestion;
	readonly answer: 'Yes' | 'No';
	readonly probability: number;
}

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
	const excerpt = lastField(prompt, /(?:Reasoning )?excerpt\s*:/) ?? prompt;
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

/** One entry of `top_logprobs`, OpenAI shape. */
export interface TopLogprob {
	readonly token: string;
	readonly logprob: number;
	readonly bytes: number[];
}

/** The top-k alternatives for the verdict token: the verdict, its opposite, and spelling variants. */
export function verdictLogprobs(verdict: VerifierVerdict, k: number): TopLogprob[] {
	const other = verdict.answer === 'Yes' ? 'No' : 'Yes';
	const rest = 1 - verdict.probability;
	// The opposite answer takes most of the remaining mass; variants share what is left.
	const candidates: Array<[string, number]> = [
		[verdict.answer, verdict.probability],
		[other, rest * 0.85],
		[` ${verdict.answer}`, rest * 0.07],
		[verdict.answer.toLowerCase(), rest * 0.04],
		[` ${other}`, rest * 0.02],
		['The', rest * 0.01],
	];
	return candidates.slice(0, Math.max(1, k)).map(([token, p]) => ({
		token,
		logprob: Math.round(Math.log(Math.max(p, 1e-12)) * 1e4) / 1e4,
		bytes: [...Buffer.from(token, 'utf8')],
	}));
}
