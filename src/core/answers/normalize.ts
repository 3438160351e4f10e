import { replaceCommand } from './latexScan';
import { memoize } from './memo';

/**
 * Canonical text of an answer, so that formatting differences vanish before any math is done:
 * math delimiters, `\boxed`, `\text{}` wrappers, spacing commands, `\left`/`\right`, `\dfrac`,
 * currency signs, trailing unit words, degree signs and thousands separators are removed, a plain
 * number is written in its shortest decimal form and a multiple-choice answer becomes its letter.
 * Two answers with the same normalized text are equivalent; the converse needs `compareAnswers`.
 */
export const normalizeAnswer: (raw: string) => string = memoize(normalizeUncached);

function normalizeUncached(raw: string): string {
	let s = numberWord(plainTextMath(stripWrappers(unicodeMath(raw))));
	const choice = choiceLetter(s);
	if (choice !== undefined) {
		return choice;
	}
	s = matrixAsTuple(s);
	s = s.replace(/\\[dt]frac(?![A-Za-z])/g, '\\frac');
	s = s.replace(/\\(?:left|right|bigl|bigr|Bigl|Bigr|big|Big)(?![A-Za-z])\s*/g, '');
	s = s.replace(/\\(?:displaystyle|quad|qquad)(?![A-Za-z])|\\[!,;: ]|~/g, ' ');
	s = s.replace(/\^\s*\{?\s*\\circ\s*\}?|\\degree(?![A-Za-z])|°/g, '');
	s = s.replace(/\\%/g, '%').replace(/\\\$/g, '$');
	s = s.replace(/^[-+]?\s*(?:\$|€|£|¥|USD\b|Rs\.?)\s*/u, (m) =>
		m.trim().startsWith('-') ? '-' : '',
	);
	// Math delimiters left inside ("\(3\sqrt{13}\) units", "$18$ dollars").
	s = s.replace(/\\[()[\]]|\$/g, ' ');
	s = s.replace(/(\d)\s*\{,\}\s*(?=\d{3})/g, '$1,');
	s = stripEquationLhs(s);
	s = stripUnits(s);
	s = mixedNumber(s);
	// Drop spaces, except the one that keeps a command apart from a following letter (`\pi r`).
	s = s.replace(/(\\[A-Za-z]+)\s+(?=[A-Za-z])|\s+/g, (_m, command: string | undefined) =>
		command === undefined ? '' : `${command} `,
	);
	s = stripThousands(s);
	s = s.replace(/\.$/, '');
	return canonicalNumber(s) ?? scientific(s) ?? s;
}

const WORDS = [
	'zero',
	'one',
	'two',
	'three',
	'four',
	'five',
	'six',
	'seven',
	'eight',
	'nine',
	'ten',
	'eleven',
	'twelve',
	'thirteen',
	'fourteen',
	'fifteen',
	'sixteen',
	'seventeen',
	'eighteen',
	'nineteen',
	'twenty',
];

/** An answer written as a number word ("nine", "Nine apples") as its digits; anything else unchanged. */
function numberWord(s: string): string {
	const m = /^([A-Za-z]+)((?:\s+[A-Za-z]+){0,3})$/.exec(s.trim());
	const n = m === null ? -1 : WORDS.indexOf((m[1] as string).toLowerCase());
	return n < 0 ? s : `${n}${m?.[2] ?? ''}`;
}

/** `1.5e3` / `2E-4` → the plain decimal, when it is exact in a double. */
function scientific(s: string): string | undefined {
	if (!/^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$/.test(s)) {
		return undefined;
	}
	const value = Number(s);
	return Number.isFinite(value) && Math.abs(value) < 1e21 && Math.abs(value) >= 1e-6
		? canonicalNumber(String(value))
		: undefined;
}

/** Plain-text math symbols as LaTeX: `3√13` → `3\sqrt{13}`, `×`, `·`, `÷`, `π`, `−`. */
function unicodeMath(s: string): string {
	if (!/[^\u0020-\u007e\s]/.test(s)) {
		return s;
	}
	return s
		.replace(/√\s*(\d+(?:\.\d+)?|[A-Za-z])/g, '\\sqrt{$1}')
		.replace(/√\s*(?=[{(])/g, '\\sqrt')
		.replace(/×/g, '\\times ')
		.replace(/[·⋅]/g, '\\cdot ')
		.replace(/÷/g, '\\div ')
		.replace(/π/g, '\\pi ')
		.replace(/[−–]/g, '-');
}

/**
 * Math written as code (`2*sqrt(5)`, `sqrt(21)/5`, `20000/pi`) as LaTeX, so that it meets the boxed
 * form of the same answer: `sqrt(x)` → `\sqrt{x}` (balanced parentheses), a bare `pi` → `\pi`.
 */
function plainTextMath(s: string): string {
	if (!/sqrt|\bpi\b/.test(s)) {
		return s;
	}
	let out = '';
	for (let i = 0; i < s.length;) {
		const m = /^(?<!\\)sqrt\s*([([])/.exec(s.slice(i));
		if (m === null || s[i - 1] === '\\') {
			out += s[i];
			i++;
			continue;
		}
		const open = m[1] as string;
		const close = open === '(' ? ')' : ']';
		let depth = 0;
		let j = i + m[0].length - 1;
		for (; j < s.length; j++) {
			if (s[j] === open) {
				depth++;
			} else if (s[j] === close && --depth === 0) {
				break;
			}
		}
		if (j >= s.length) {
			return s;
		}
		out += `\\sqrt{${s.slice(i + m[0].length, j)}}`;
		i = j + 1;
	}
	return out.replace(/(?<![\\A-Za-z])pi(?![A-Za-z])/g, '\\pi ');
}

/** Removes `**`, math delimiters, `\boxed{}` and `\text{}`-style wrappers around the whole answer. */
export function stripWrappers(raw: string): string {
	let s = raw.trim();
	for (let guard = 0; guard < 8; guard++) {
		const before = s;
		s = s.replace(/^\*\*([\s\S]*)\*\*$/, '$1').trim();
		s = s.replace(/^\$\$?([\s\S]*?)\$?\$$/, '$1').trim();
		s = s.replace(/^\\\(([\s\S]*)\\\)$/, '$1').trim();
		s = s.replace(/^\\\[([\s\S]*)\\\]$/, '$1').trim();
		s = s.replace(/[.,;:]$/, '').trim();
		const boxed = /^\\(?:boxed|fbox)\s*\{([\s\S]*)\}$/.exec(s);
		if (boxed?.[1] !== undefined && balanced(boxed[1])) {
			s = boxed[1].trim();
		}
		if (s === before) {
			break;
		}
	}
	for (const command of [
		'text',
		'textbf',
		'textit',
		'mathrm',
		'mathbf',
		'mbox',
		'operatorname',
		'textnormal',
	]) {
		// Spaced, so that `5\text{cm}` keeps its unit apart from the number (and `2ab` stays a product).
		s = replaceCommand(s, command, (arg) => ` ${arg} `);
	}
	return s.trim();
}

function balanced(s: string): boolean {
	let depth = 0;
	for (let i = 0; i < s.length; i++) {
		if (s[i] === '\\') {
			i++;
		} else if (s[i] === '{') {
			depth++;
		} else if (s[i] === '}' && --depth < 0) {
			return false;
		}
	}
	return depth === 0;
}

/**
 * The letter of a multiple-choice answer ("B", "(B)", "B)", "option B", "Choice (b)"), or undefined.
 * Letters A to J only (MMLU-Pro has ten options); a bare lowercase letter is not taken, since it is
 * more often a variable than an option.
 */
export function choiceLetter(text: string): string | undefined {
	const s = text.trim().replace(/\*\*/g, '');
	const m =
		/^(?:(?:option|choice|answer)\s*:?\s*)?\(([A-Ja-j])\)[.:]?$/i.exec(s) ??
		/^(?:(?:option|choice)\s*:?\s*)([A-Ja-j])[.):]?$/i.exec(s) ??
		/^([A-J])[.):]?$/.exec(s) ??
		// An option quoted with its text: "(B) 42", "H: False".
		/^\(?([A-J])[.):]\s+\S[^\n]{0,80}$/.exec(s);
	return m?.[1]?.toUpperCase();
}

/** `x = 5` → `5`, `x \in [2, 5)` → `[2, 5)`: a single variable on the left is a naming, not part of the answer. */
function stripEquationLhs(s: string): string {
	const m = /^\s*[A-Za-z](?:_\{?\w+\}?)?\s*(?:=|\\in(?![A-Za-z]))\s*([^=]+)$/.exec(s);
	return m?.[1] !== undefined ? m[1] : s;
}

// Words that may trail a numeric answer. Anything else alphabetic after a number is kept, so that
// "5 apples" and "5 pears" still compare equal through the numeric rule but "x" stays a variable.
const unitTail = new RegExp(
	String.raw`^(.*?(?:[\d}]|\\pi))\s+((?:[A-Za-z]{2,}\.?|[mgslLh])(?:\s*(?:\/|` +
		String.raw`per)\s*[A-Za-z]+)?(?:\s+[A-Za-z]{2,}){0,3})\s*(?:\^\s*\{?\s*[23]\s*\}?)?$`,
);

function stripUnits(s: string): string {
	const m = unitTail.exec(s);
	if (m?.[1] === undefined || m[2] === undefined) {
		return s;
	}
	const head = m[1];
	// Only strip when the head is a number-like expression and the tail is plain words, not LaTeX.
	if (
		!/\d/.test(head) ||
		(/\\[A-Za-z]*$/.test(head) && !head.endsWith('\\pi')) ||
		/[A-Za-z]{2,}/.test(head.replace(/\\[A-Za-z]+/g, ''))
	) {
		return s;
	}
	if (/^(?:pi|e|i|sqrt|sin|cos|tan|log|ln)$/i.test(m[2])) {
		return s;
	}
	return head.trim();
}

/**
 * `\begin{pmatrix} a \\ b \end{pmatrix}` → `(a,b)`: a vector (one row or one column) as a tuple, a
 * matrix as a tuple of row tuples, so that vectors and matrices compare element by element.
 */
function matrixAsTuple(s: string): string {
	return s.replace(
		/\\begin\{([bpBv]?matrix)\}([\s\S]*?)\\end\{\1\}/g,
		(whole: string, kind: string, body: string) => {
			if (kind === 'vmatrix') {
				return whole;
			}
			const rows = body
				.split(/\\\\/)
				.map((row) => row.split('&').map((cell) => cell.trim()))
				.filter((row) => row.some((cell) => cell !== ''));
			if (rows.length === 1 || rows.every((row) => row.length === 1)) {
				return `(${rows.flat().join(',')})`;
			}
			return `(${rows.map((row) => `(${row.join(',')})`).join(',')})`;
		},
	);
}

/** `2\frac{1}{2}` and `2 1/2` → `5/2`: an integer directly before a numeric fraction is a mixed number. */
function mixedNumber(s: string): string {
	const m = /^(-?)(\d+)\s*(?:\\frac\s*\{(\d+)\}\s*\{(\d+)\}|\s(\d+)\s*\/\s*(\d+))$/.exec(s.trim());
	if (m === null) {
		return s;
	}
	const whole = Number(m[2]);
	const num = Number(m[3] ?? m[5]);
	const den = Number(m[4] ?? m[6]);
	if (den === 0 || num >= den) {
		return s;
	}
	return `${m[1]}${whole * den + num}/${den}`;
}

/** `1,234,567` → `1234567`, only for well-formed groups of three so that tuples like `2,3` survive. */
function stripThousands(s: string): string {
	return s.replace(
		/(^|[^\d.,])(\d{1,3}(?:,\d{3})+)(?![\d,])/g,
		(_m, lead: string, num: string) => lead + num.replace(/,/g, ''),
	);
}

/** The shortest decimal form of a plain decimal number (`+018.50` → `18.5`, `-0` → `0`), else undefined. */
export function canonicalNumber(s: string): string | undefined {
	const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(s);
	if (m === null || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) {
		return undefined;
	}
	const int = (m[2] ?? '').replace(/^0+(?=\d)/, '') || '0';
	const frac = (m[3] ?? '').replace(/0+$/, '');
	const body = frac === '' ? int : `${int}.${frac}`;
	const sign = m[1] === '-' && body !== '0' ? '-' : '';
	return sign + body;
}
