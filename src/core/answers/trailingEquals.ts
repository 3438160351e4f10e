import type { TextSpan } from './latexScan';

// An `=` that is a comparison or definition, not a result.
const notResult = /(?:[<>!:=]|\\(?:neq|leq|geq|approx|le|ge|ne))\s*$/;

/**
 * The value of a "= x" that ends the text ("… 9 × 2 = 18." or "\[ 3 + 0.4 = 3.4 \text{ hours} \]"),
 * or undefined. Only an equation that closes the text counts: "16 - 3 = 13" followed by more
 * prose is a step of the computation, not the thought's answer. The value must be short and
 * math-like (a number, an expression, a number with a few unit words), never a sentence.
 */
export function trailingEquation(text: string): TextSpan | undefined {
	const offset = Math.max(0, text.length - 400);
	const tail = text.slice(offset);
	const trimmed = tail.slice(0, trimClosers(tail));
	const eq = lastResultEquals(trimmed);
	if (eq < 0) {
		return undefined;
	}
	let start = eq + 1;
	while (start < trimmed.length && /\s/.test(trimmed[start] ?? '')) {
		start++;
	}
	// "= 90. Correct": a remark after the value is not part of it.
	const value = trimmed
		.slice(start)
		.replace(
			new RegExp(
				String.raw`\.[ \t]+(?:Correct|Yes|Yeah|Yep|Right|Good|OK|Okay|Perfect|Great|Seems|Looks|` +
					String.raw`Makes sense|That(?:'s| is| seems| looks))\b[^\n\d=]{0,40}$`,
			),
			'',
		);
	// A value cut mid-expression (a truncated chain) or running over lines is not a result.
	if (
		value === '' ||
		value.length > 80 ||
		value.includes('\n') ||
		!/[\d\\]/.test(value) ||
		!balancedValue(value)
	) {
		return undefined;
	}
	// A value that is itself prose ("= 18, so she has enough money") is not a bare result.
	const words = value.replace(/\\[A-Za-z]+(?:\{[^}]*\})?/g, ' ').match(/[A-Za-z]{2,}/g) ?? [];
	if (words.length > 3) {
		return undefined;
	}
	return { text: value, start: offset + start, end: offset + start + value.length };
}

function lastResultEquals(text: string): number {
	for (let i = text.lastIndexOf('='); i >= 0; i = text.lastIndexOf('=', i - 1)) {
		if (text[i + 1] === '=' || notResult.test(text.slice(Math.max(0, i - 6), i))) {
			continue;
		}
		return i;
	}
	return -1;
}

/** Balanced braces and brackets, and no dangling command or operator at the end (not cut mid-expression). */
export function balancedValue(value: string): boolean {
	if (/(?:\\[A-Za-z]*|[-+*/^_{([,=])\s*$/.test(value)) {
		return false;
	}
	let depth = 0;
	for (const ch of value) {
		if (ch === '{' || ch === '(' || ch === '[') {
			depth++;
		} else if (ch === '}' || ch === ')' || ch === ']') {
			depth--;
			if (depth < 0) {
				return false;
			}
		}
	}
	return depth === 0;
}

/**
 * Length of `text` without what may follow a value before the text ends: spaces, sentence
 * punctuation, math closers (`\]`, `\)`, `$`) and bold (`**`). A loop, not an end-anchored regex,
 * which would backtrack from every position of a long tail.
 */
function trimClosers(text: string): number {
	let end = text.length;
	while (end > 0) {
		const ch = text[end - 1] as string;
		if (/[\s.!,;:$*]/.test(ch)) {
			end--;
		} else if ((ch === ']' || ch === ')') && text[end - 2] === '\\') {
			end -= 2;
		} else {
			break;
		}
	}
	return end;
}
