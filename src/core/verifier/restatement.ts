import { compareAnswers } from '../answers/equivalence';
import { canonicalNumber, normalizeAnswer } from '../answers/normalize';
import { CODE_ROOT } from '../answers/statement';
import { DEFAULT_EXCERPT_MAX_CHARS, lastSentencesStart } from './excerpt';

/** An answer a thought restates without an explicit answer phrase ("So 1000 - 750 is 250."). */
export interface Restatement {
	readonly value: string;
	/** Offsets of `value` in the thought's text (`charEnd` exclusive). */
	readonly charStart: number;
	readonly charEnd: number;
}

/** Words and signs after which a result stands: `=`, "that's", "is", "equals", "gives", "get", … */
const RESULT_TRIGGER =
	String.raw`(?:=|≈|\b(?:that|it|this|which|answer|result|total)['’]s\b|\byes,?|\bis\b|\bare\b|\bwas\b|` +
	String.raw`\bequals?\b|\bgives?\b|\bget\b|\bgot\b|\bbe\b|\bmakes?\b|\btotals?\b|\bleaves?\b|\bremain(?:s|ing)?\b)`;
/** Markdown bold and the opening of inline math (`\(`, `\[`, `$` before a digit or a command), optional. */
const RESULT_MARKUP = String.raw`[ \t]*(?:\*\*)?[ \t]*(?:\\\(|\\\[|\$(?=\d|\\))?[ \t]*(?:\\\$|\$)?[ \t]*`;
/** "-1,250.5", "3/4", "12%". */
const RESULT_NUMBER = String.raw`-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[ \t]*\/[ \t]*\d+)?%?`;
const RESULT_FRACTION = String.raw`\\d?frac\{[^{}]{1,30}\}\{[^{}]{1,30}\}`;
/** Roots, whole: as code ("2*sqrt(5)", `CODE_ROOT`) or as LaTeX ("2\\sqrt{5}"), not their leading number. */
const RESULT_ROOT = String.raw`${CODE_ROOT}|-?(?:\d+\s*)?\\sqrt\{\d+\}(?:\s*\/\s*\d+)?`;
/** A root, a number, a fraction or a `\frac{}{}` in result position: after `=`, "is", "equals", "gives", … */
const resultAfterTrigger = new RegExp(
	RESULT_TRIGGER + RESULT_MARKUP + `(${RESULT_ROOT}|${RESULT_NUMBER}|${RESULT_FRACTION})`,
	'g',
);
/** "250 is correct", "250 minutes seems right". */
const resultBeforeVerdict = new RegExp(
	String.raw`(${RESULT_ROOT}|-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?:[ \t]+[A-Za-z]+){0,2}` +
		String.raw`[ \t]+(?:is|seems|looks)[ \t]+(?:\w+[ \t]+)?(?:correct|right)\b`,
	'g',
);
/** "(B) is correct", "option C is right". */
const letterConfirmation =
	/(?:\(([A-J])\)|\b(?:option|choice)\s+\(?([A-J])\)?)\s+(?:is|seems|looks)\s+(?:\w+\s+)?(?:correct|right)\b/g;
/** The option letter case: "(B) is correct", "the option is C". */
const letterResult = /(?:\bis\b|\boption\b|\bchoice\b|=)[ \t]*\(?([A-J])\)?(?![A-Za-z0-9])/g;

/**
 * Finds where a thought with no explicit answer phrase restates `current` (the answer under
 * discussion) as a result in its last sentences: the last result there ("1000 - 750 = 250", "so it is
 * 250", "250 is correct") must be equivalent to `current`; a different last result means the thought
 * ended on something else (an intermediate value), and nothing is returned. This is the heuristic
 * stand-in for the LLM verifier's "yes" on verification thoughts that re-derive the answer.
 */
export function findRestatement(
	text: string,
	current: string,
	sentences = 3,
): Restatement | undefined {
	const from = lastSentencesStart(text, sentences, DEFAULT_EXCERPT_MAX_CHARS);
	const region = text.slice(from);
	const isLetter = /^\(?[A-J]\)?$/.test(current.trim());
	let last: { value: string; start: number } | undefined;
	const consider = (pattern: RegExp): void => {
		pattern.lastIndex = 0;
		for (let m = pattern.exec(region); m !== null; m = pattern.exec(region)) {
			const value = m[1] ?? '';
			const start = m.index + m[0].indexOf(value);
			if (last === undefined || start > last.start) {
				last = { value, start };
			}
		}
	};
	if (isLetter) {
		consider(letterResult);
	} else {
		consider(resultAfterTrigger);
		consider(resultBeforeVerdict);
	}
	if (last === undefined) {
		return confirmationOf(text, current, isLetter);
	}
	if (!sameValue(last.value, current)) {
		return undefined;
	}
	const charStart = from + last.start;
	return { value: last.value, charStart, charEnd: charStart + last.value.length };
}

/**
 * An explicit confirmation of `current` anywhere in the thought ("… more confidence that 98 feet is
 * the correct perimeter", "(B) is correct"), when the thought's last sentences end on no result at
 * all: a verification thought that confirms the answer and then moves on to remarks.
 */
function confirmationOf(text: string, current: string, isLetter: boolean): Restatement | undefined {
	const pattern = isLetter ? letterConfirmation : resultBeforeVerdict;
	let found: Restatement | undefined;
	pattern.lastIndex = 0;
	for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
		const value = m[1] ?? m[2] ?? '';
		const charStart = m.index + m[0].indexOf(value);
		found = sameValue(value, current)
			? { value, charStart, charEnd: charStart + value.length }
			: undefined;
	}
	return found;
}

/** Plain numbers compare as numbers at once; anything else goes through the full equivalence rules. */
function sameValue(candidate: string, current: string): boolean {
	const a = canonicalNumber(candidate.replace(/,/g, ''));
	if (a !== undefined) {
		const b = canonicalNumber(normalizeAnswer(current));
		if (b !== undefined) {
			return a === b;
		}
	}
	return compareAnswers(candidate, current).equivalent;
}
