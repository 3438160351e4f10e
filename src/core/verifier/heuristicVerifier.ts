import { compareAnswers, type AnswerComparison } from '../answers/equivalence';
import { extractThoughtAnswer } from '../answers/extract';
import type { ExtractedAnswer, ExtractOptions } from '../answers/extractedAnswer';
import { DEFAULT_EXCERPT_MAX_CHARS, DEFAULT_EXCERPT_SENTENCES, lastSentences } from './excerpt';
import { findRestatement } from './restatement';
import type {
	AnswerPresenceQuestion,
	AnswerPresenceVerdict,
	EquivalenceQuestion,
	EquivalenceVerdict,
	Verifier,
} from './verdict';

/** Options of the heuristic verifier. */
export interface HeuristicVerifierOptions {
	/** Passed to answer extraction (when a bare trailing "= x" counts as an answer). */
	readonly extract?: ExtractOptions;
	readonly excerptSentences?: number;
	readonly excerptMaxChars?: number;
	/** Count a re-derived answer under discussion as a statement (see findRestatement). Default true. */
	readonly restatements?: boolean;
}

/** How each kind of statement is named in reasons; kinds added later show their own name. */
const KIND_LABEL: Partial<Record<ExtractedAnswer['kind'], string>> = {
	boxed: '\\boxed',
	choice: 'option letter',
	'final-answer': '"Final Answer"',
	'answer-is': '"the answer is"',
	'answer-label': '"Answer:"',
	'trailing-equals': 'trailing "= x"',
	bare: 'bare answer',
};

/** A short, one-line rendering of an answer for reasons ("204", "\\frac{1}{2}", "(3, π/2)…"). */
export function shortAnswer(value: string, max = 40): string {
	const line = value.replace(/\s+/g, ' ').trim();
	return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** p1 by extraction alone: the answer the thought states, and the reason line. */
export function heuristicAnswerPresence(
	question: AnswerPresenceQuestion,
	options: HeuristicVerifierOptions = {},
): Omit<AnswerPresenceVerdict, 'latencyMs' | 'source'> {
	const { thought } = question;
	const extracted = extractThoughtAnswer(thought.text, question.problem, options.extract);
	const excerpt = lastSentences(
		thought.text,
		options.excerptSentences ?? DEFAULT_EXCERPT_SENTENCES,
		options.excerptMaxChars ?? DEFAULT_EXCERPT_MAX_CHARS,
	);
	if (extracted === undefined) {
		const current = question.current;
		const restated =
			current !== undefined && options.restatements !== false
				? findRestatement(thought.text, current.text)
				: undefined;
		if (current !== undefined && restated !== undefined) {
			return {
				question: 'answer-presence',
				thoughtIndex: thought.index,
				yes: true,
				reason: `re-derives ${shortAnswer(restated.value)}, the answer of thought ${current.thoughtIndex + 1}`,
				excerpt,
				restated: { ...restated, of: current.thoughtIndex },
			};
		}
		return {
			question: 'answer-presence',
			thoughtIndex: thought.index,
			yes: false,
			reason: 'no answer stated',
			excerpt,
		};
	}
	const hedge = extracted.hedged ? ', hedged' : '';
	return {
		question: 'answer-presence',
		thoughtIndex: thought.index,
		yes: true,
		reason: `states ${shortAnswer(extracted.value)} (${KIND_LABEL[extracted.kind] ?? extracted.kind}${hedge})`,
		excerpt,
		extracted,
	};
}

/** p2 by the answer-equivalence rules: numbers, fractions, units, LaTeX, options, sets. */
export function heuristicEquivalence(
	question: EquivalenceQuestion,
): Omit<EquivalenceVerdict, 'latencyMs' | 'source'> & { comparison: AnswerComparison } {
	const a = question.earlier.text;
	const b = question.later.text;
	const comparison = compareAnswers(a, b);
	const sign = comparison.equivalent ? '=' : '≠';
	return {
		question: 'equivalence',
		thoughtIndex: question.later.thoughtIndex,
		comparedTo: question.earlier.thoughtIndex,
		yes: comparison.equivalent,
		reason: `${shortAnswer(a)} ${sign} ${shortAnswer(b)} (${comparison.method})`,
		answerA: a,
		answerB: b,
		method: comparison.method,
		comparison,
	};
}

/**
 * The heuristic verifier: answer extraction (`\boxed{}`, "the answer is", "Final Answer", a trailing
 * "= x", option letters) for p1 and the answer-equivalence rules for p2. Synchronous at heart; used
 * when no verifier endpoint is set and as the LLM verifier's pre-check and fallback.
 */
export class HeuristicVerifier implements Verifier {
	readonly kind = 'heuristic';
	readonly concurrent = false;
	readonly description = 'heuristic verifier (answer extraction and equivalence rules)';

	constructor(private readonly options: HeuristicVerifierOptions = {}) {}

	answerPresence(
		question: AnswerPresenceQuestion,
		signal?: AbortSignal,
	): Promise<AnswerPresenceVerdict> {
		signal?.throwIfAborted();
		const started = performance.now();
		const verdict = heuristicAnswerPresence(question, this.options);
		return Promise.resolve({
			...verdict,
			source: 'heuristic',
			latencyMs: performance.now() - started,
		});
	}

	equivalence(question: EquivalenceQuestion, signal?: AbortSignal): Promise<EquivalenceVerdict> {
		signal?.throwIfAborted();
		const started = performance.now();
		const { comparison: _comparison, ...verdict } = heuristicEquivalence(question);
		return Promise.resolve({
			...verdict,
			source: 'heuristic',
			latencyMs: performance.now() - started,
		});
	}
}
