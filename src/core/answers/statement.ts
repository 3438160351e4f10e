import type { TextSpan } from './latexScan';

/**
 * Reads the answer stated after a trigger ("the answer is", "Answer:", "**Final Answer**") from
 * `from`: up to the end of its sentence, never splitting math (`$…$`, `\(…\)`, `\[…\]`) or brackets.
 * Skips leading spaces, `**` and colons, and up to `maxNewlines` line breaks (a header on its own line).
 * Returns undefined when nothing is stated or the statement runs past `maxLength` characters.
 */
export function readStatement(
	text: string,
	from: number,
	maxNewlines: number,
	unit: 'sentence' | 'line' = 'sentence',
	maxLength = 240,
): TextSpan | undefined {
	let i = from;
	let newlines = 0;
	while (i < text.length) {
		const ch = text[i];
		if (ch === '\n') {
			if (++newlines > maxNewlines) {
				return undefined;
			}
		} else if (!(ch === ' ' || ch === '\t' || ch === '*' || ch === ':' || ch === '\r')) {
			break;
		}
		i++;
	}
	const start = i;
	let depth = 0;
	let dollar = false;
	for (; i < text.length && i - start <= maxLength; i++) {
		const ch = text[i] as string;
		const next = text[i + 1] ?? '';
		if (ch === '\\') {
			if (next === '(' || next === '[' || next === '{') {
				depth++;
				i++;
			} else if (next === ')' || next === ']' || next === '}') {
				if (depth === 0) {
					break;
				}
				depth--;
				i++;
			} else if (/[A-Za-z]/.test(next)) {
				while (/[A-Za-z]/.test(text[i + 1] ?? '')) {
					i++;
				}
			} else {
				// `\,`, `\!`, `\$`, `\%`: an escaped character, never a sentence end.
				i++;
			}
			continue;
		}
		if (ch === '$') {
			dollar = !dollar;
			if (next === '$') {
				i++;
			}
			continue;
		}
		if (ch === '(' || ch === '[' || ch === '{') {
			depth++;
			continue;
		}
		if (ch === ')' || ch === ']' || ch === '}') {
			if (depth === 0) {
				break;
			}
			depth--;
			continue;
		}
		if (depth > 0 || dollar) {
			continue;
		}
		if (ch === '\n') {
			break;
		}
		if (unit === 'line') {
			continue;
		}
		if (ch === '?' || ch === '!' || ch === ';') {
			break;
		}
		if (ch === '.' && (next === '' || /\s/.test(next))) {
			break;
		}
		if (
			ch === ',' &&
			/^\s+[A-Za-z]/.test(text.slice(i + 1, i + 4)) &&
			!/^\s+(?:and|or)\s/.test(text.slice(i + 1, i + 6))
		) {
			break;
		}
	}
	if (i - start > maxLength) {
		return undefined;
	}
	let end = i;
	while (end > start && /[\s*.,:]/.test(text[end - 1] ?? '')) {
		end--;
	}
	if (end <= start) {
		return undefined;
	}
	return { text: text.slice(start, end), start, end };
}

const inlineMath = /\$\$?([^$]+?)\$\$?|\\\(([\s\S]+?)\\\)|\\\[([\s\S]+?)\\\]/g;
const boldNumber = /\*\*([^*\n]*\d[^*\n]*)\*\*/g;
/**
 * A root written as code ("2*sqrt(5)", "sqrt(21)/5"): one value, not the number before or inside it
 * (on the training half, "the distance is 2*sqrt(5)" read as 2 made two chains flip).
 */
export const CODE_ROOT = String.raw`-?(?:\d+(?:\.\d+)?\s*\*?\s*)?sqrt\s*[([]\s*\d+(?:\.\d+)?\s*[)\]](?:\s*\/\s*\d+)?`;
const numberToken = new RegExp(
	CODE_ROOT + String.raw`|-?\$?\d[\d,]*(?:\.\d+)?(?:\s*√\s*\d+)?(?:\s*\/\s*\d+)?%?|√\s*\d+`,
	'gi',
);

function lastMatch(pattern: RegExp, span: TextSpan, group = 0): TextSpan | undefined {
	let last: TextSpan | undefined;
	pattern.lastIndex = 0;
	for (let m = pattern.exec(span.text); m !== null; m = pattern.exec(span.text)) {
		const part = m[group] ?? m[0];
		const at = span.start + m.index + m[0].indexOf(part);
		last = { text: part, start: at, end: at + part.length };
	}
	return last;
}

/**
 * Narrows a prose statement to its answer: "she makes $\boxed{18}$ dollars" or "Janet makes \(18\)
 * dollars a day" → the last math segment; "a total of 3 bolts" → the last number. A statement that
 * is already short, or prose with no number (a yes/no or a true/false answer), is kept whole.
 */
export function narrowStatement(span: TextSpan): TextSpan {
	const { text } = span;
	const prose =
		text
			.replace(inlineMath, ' ')
			.replace(/\\(?:begin|end)\{[^}]*\}|\\[A-Za-z]+/g, ' ')
			.match(/[A-Za-z]{2,}/g) ?? [];
	if (prose.length === 0) {
		return span;
	}
	const math = lastMatch(inlineMath, span);
	if (math !== undefined) {
		return math;
	}
	if (prose.length < 2) {
		return span;
	}
	if (/\b(?:true|false|yes|no)\b/i.test(text)) {
		return span;
	}
	return lastMatch(boldNumber, span, 1) ?? lastMatch(numberToken, span) ?? span;
}
