/**
 * What a candidate answer's value looks like, for the extractor to keep or drop it: a value rather than an
 * equation still to solve or arithmetic still to do, an option quoted rather than chosen, and the
 * sentence or value around a position in the text.
 */
import type { TextSpan } from './latexScan';
import { choiceLetter } from './normalize';
import { optionWithText, type ProblemOptions } from './options';
import type { QuestionFocus } from './questionFocus';
import { narrowStatement } from './statement';

/** "H: False, False" when the problem lists exactly that option: the option quoted, not chosen. */
export function repeatsOption(value: string, choices: ProblemOptions): boolean {
	const letter = choiceLetter(value);
	const rest = value.replace(/^\(?[A-J][.):]\s*/, '');
	return letter !== undefined && rest !== value && optionWithText(choices, rest) === letter;
}

/**
 * Arithmetic on plain numbers still to be done ("30 * 3", "$4.20 + $9.45", "2 \times 7"): a step of
 * the computation, not a result. A fraction, a root or a negative number is a result.
 */
export function isUnevaluated(value: string): boolean {
	const v = value
		.replace(/\\(?:times|cdot)(?![A-Za-z])/g, '*')
		.replace(/[$\\]/g, '')
		.trim();
	return (
		/\d\s*[-+*×·x]\s*\d/.test(v.replace(/^-/, '')) &&
		!/[A-Za-z]{2,}/.test(v.replace(/(?<=\d\s*)x(?=\s*\d)/g, ''))
	);
}

/**
 * A closing "= x" whose left side is an equation in the unknowns ("9/s + t = 4", "W1 + t = 4 hours",
 * "walking time + t = 4"): a condition to solve, not a result. "x = 17" and "20 - x = 20 - 14 = 6"
 * (a step without unknowns) are results.
 */
export function isEquationToSolve(text: string, value: TextSpan, focus?: QuestionFocus): boolean {
	const lineStart =
		Math.max(text.lastIndexOf('\n', value.start - 1), text.lastIndexOf('. ', value.start - 1)) + 1;
	// Only what follows a colon ("Total: 4 + 6 = 10"): the prose before it is not part of the equation.
	const line = text.slice(lineStart, value.start).replace(/^[^=]*:/, '');
	const sides = line.split('=').slice(0, -1);
	// The first side starts after its last prose word ("… such that k > m, and k - m" → "k - m").
	const prose = /^[\s\S]*\b(?!(?:sqrt|frac|times|cdot)\b)[A-Za-z]{3,}\b/.exec(sides[0] ?? '');
	if (prose !== null) {
		sides[0] = (sides[0] as string).slice(prose[0].length);
	}
	if (sides.length === 0 || sides.some((side) => side.length > 60)) {
		return false;
	}
	// The very expression the question asks for ("m + n = 17" when it asks for $m+n$) is a result.
	const asked = (focus?.asking ?? '').replace(/\s+/g, '');
	const last = (sides.at(-1) ?? '').split(/[,;]/).at(-1)?.replace(/\s+/g, '') ?? '';
	if (last !== '' && asked.includes(last)) {
		return false;
	}
	// A letter that is not the word "I" or "a" ("I'll add", "a total").
	const unknown = /(?<![A-Za-z\\'])(?![Ia]\b)[A-Za-z](?:_?\{?\d+\}?)?(?![A-Za-z'])/;
	return (
		sides.every((side) => unknown.test(side.replace(/\\[A-Za-z]+/g, ' '))) &&
		sides.some((side) => /\S\s*[-+*/]\s*\S/.test(side))
	);
}

// Function names and constants that may appear inside a value.
const MATH_WORDS =
	/^(?:sqrt|pi|sin|cos|tan|cot|sec|csc|log|ln|exp|frac|dfrac|tfrac|cdot|times|div|pm|mp|infty|circ|degree|text|mathrm|left|right)$/i;

const NUMBER_WORD = new RegExp(
	String.raw`^(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|` +
		String.raw`fifteen|sixteen|seventeen|eighteen|nineteen|twenty)$`,
	'i',
);

/**
 * Whether a weak candidate (a closing "= x", a concluding sentence) reads as a value of the problem: no
 * word inside the expression ("28 - 16*sqrt(3)*cos(angle Q)"; unit words at its end are fine) and no
 * letter that the problem's math never names ("30*(20 - x)" in a problem without an x).
 */
export function isValueLike(value: string, focus: QuestionFocus): boolean {
	const body = value
		.replace(/\\text\{[^}]*\}\s*$/, '')
		.replace(/(?:\s+[A-Za-z]{2,}\.?)+\s*$/, '')
		.replace(/\\[A-Za-z]+/g, ' ');
	for (const word of body.match(/[A-Za-z]{2,}/g) ?? []) {
		if (!MATH_WORDS.test(word) && !NUMBER_WORD.test(word)) {
			return false;
		}
	}
	for (const letter of body.match(/(?<![A-Za-z])[A-Za-z](?![A-Za-z])/g) ?? []) {
		if (!focus.letters.has(letter)) {
			return false;
		}
	}
	return true;
}

/** The sentence holding `span`: from the previous sentence end (". ", "? ", "! ", a line break) to the next. */
export function sentenceAround(text: string, span: TextSpan): string {
	let from = span.start;
	while (from > 0 && from > span.start - 400) {
		const ch = text[from - 1] as string;
		if (ch === '\n' || ((ch === ' ' || ch === '\t') && /[.?!]/.test(text[from - 2] ?? ''))) {
			break;
		}
		from--;
	}
	const rest = /[.?!](?:\s|$)|\n/.exec(text.slice(span.end, span.end + 200));
	// A line of display math ("\\[ W = 2 \\times 200 = 400 \\]") belongs to the line that introduces it
	// ("Finally, I'll calculate the number of worker bees:").
	const head = text.slice(from, span.start);
	if (
		from > 0 &&
		text[from - 1] === '\n' &&
		!/[A-Za-z]{3,}/.test(head.replace(/\\[A-Za-z]+/g, ' '))
	) {
		const intro = /[^\n]*:[ \t]*\n(?:[ \t]*\\\[[ \t]*\n)?$/.exec(
			text.slice(Math.max(0, from - 300), from),
		);
		if (intro !== null) {
			from -= intro[0].length;
		}
	}
	return text.slice(from, span.end + (rest?.index ?? 0));
}

/**
 * The value that ends the text before `end`, within its sentence: "So, yeah, 12 tomatoes" → 12,
 * "So, 10/11" → 10/11, "Therefore, \\(x = 5\\)" → the math. Undefined when the sentence holds no
 * number or math, or when the value is a computation still to be done.
 */
export function valueBefore(text: string, end: number): TextSpan | undefined {
	let from = end;
	while (from > 0 && from > end - 160) {
		const ch = text[from - 1] as string;
		if (ch === '\n' || ((ch === ' ' || ch === '\t') && /[.?!]/.test(text[from - 2] ?? ''))) {
			break;
		}
		from--;
	}
	const raw = text.slice(from, end);
	// Only the words after the last comma or "that"/"think" ("So, I think 6 mph"): the subject.
	const span = narrowStatement({ text: raw, start: from, end });
	const value = /^[A-Za-z\s,']+$/.test(span.text) ? undefined : span;
	if (value === undefined || isUnevaluated(value.text) || value.text.length > 60) {
		return undefined;
	}
	const lead = /^(?:(?:so|therefore|thus|hence|yeah|yes|ok|okay|i think|then)\b[\s,]*)+/i.exec(
		value.text,
	);
	const cut = lead === null ? 0 : lead[0].length;
	const trimmed = value.text.slice(cut).trim();
	if (!/[\d\\π√]/.test(trimmed)) {
		return undefined;
	}
	const start =
		value.start + cut + (value.text.slice(cut).length - value.text.slice(cut).trimStart().length);
	return { text: trimmed, start, end: start + trimmed.length };
}

/** A text that is nothing but an answer ("C", "18", "\\frac{3}{4}"), as some final responses are. */
export function bareAnswer(text: string): TextSpan | undefined {
	const value = text.trim();
	// "Subtract 256:" announces a step; "-3/8 - 5/12 + 1/2" is still to be computed; "N ≡ 5 mod 8" is a condition.
	if (
		value === '' ||
		value.length > 40 ||
		value.includes('\n') ||
		value.endsWith(':') ||
		value.includes('...') ||
		/[≡≤≥≠<>]|\bmod\b/.test(value) ||
		isUnevaluated(value)
	) {
		return undefined;
	}
	const words = value.replace(/\\[A-Za-z]+/g, ' ').match(/[A-Za-z]{2,}/g) ?? [];
	// "Second: 0", "Next: 256 (2^8)" label a step; "1 1 1 0 1" is a row of digits, not one value.
	const labelled = words.length > 0 && /[A-Za-z]{2,}\s*:/.test(value);
	const mathLike =
		!labelled &&
		!/\d\s+\d\s+\d/.test(value) &&
		words.length <= 1 &&
		/\d|\\/.test(value) &&
		!/[=<>]/.test(value) &&
		/^[^{}]*(?:\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}[^{}]*)*$/.test(value);
	if (choiceLetter(value) === undefined && !mathLike) {
		return undefined;
	}
	const start = text.indexOf(value);
	return { text: value, start, end: start + value.length };
}
