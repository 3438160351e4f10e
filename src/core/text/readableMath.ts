/**
 * LaTeX in a problem statement made readable as plain text, for places that show one line of it (the
 * Stream Reasoning picker): "$\log_x\left(y^x\right)=10$" → "log_x(y^x)=10", "$\tfrac{m}{n}$" → "m/n",
 * "$5\times5$" → "5×5". Not a renderer: unknown commands lose their backslash, braces are dropped.
 */

const SYMBOLS: Readonly<Record<string, string>> = {
	times: '×',
	cdot: '·',
	div: '÷',
	pm: '±',
	le: '≤',
	leq: '≤',
	ge: '≥',
	geq: '≥',
	ne: '≠',
	neq: '≠',
	approx: '≈',
	infty: '∞',
	pi: 'π',
	theta: 'θ',
	alpha: 'α',
	beta: 'β',
	gamma: 'γ',
	delta: 'δ',
	lambda: 'λ',
	mu: 'μ',
	sigma: 'σ',
	omega: 'ω',
	angle: '∠',
	circ: '°',
	degree: '°',
	ldots: '…',
	cdots: '⋯',
	dots: '…',
	lceil: '⌈',
	rceil: '⌉',
	lfloor: '⌊',
	rfloor: '⌋',
	in: '∈',
	to: '→',
	rightarrow: '→',
};

/** Commands that only style their argument or spacing: dropped, the argument kept. */
const DROPPED =
	/\\(?:left|right|big|Big|bigg|Bigg|displaystyle|textstyle|mathrm|mathbf|mathit|mathbb|operatorname|text|textbf|textit|mbox|boxed)\b/g;

/** Stands for an escaped dollar (`\$`) while the math delimiters are removed. */
const DOLLAR = '\u{F8FF}';

/** One brace group `{…}` (no nesting) as a pattern source. */
const GROUP = '\\{([^{}]*)\\}';

/** `text` with its LaTeX turned into plain, readable characters (one line). */
export function readableMath(text: string): string {
	let s = text
		// Diagrams and environments say nothing in one line.
		.replace(/\[asy\][\s\S]*?\[\/asy\]/g, ' [diagram] ')
		.replace(/\\begin\{[a-z*]+\}(?:\{[^}]*\})?|\\end\{[a-z*]+\}/g, ' ')
		.replace(/\\\$/g, DOLLAR)
		.replace(/\\[[\]()]/g, ' ')
		.replace(/\$/g, '')
		.replace(DROPPED, '')
		.replace(/\\[,;:! ]/g, ' ')
		.replace(/\\\\/g, '; ')
		.replace(/&/g, ' ')
		.replace(/\\([{}|%#_])/g, '$1');
	// Innermost groups first, so nested fractions and roots read right.
	for (let i = 0; i < 6; i++) {
		const before = s;
		s = s
			.replace(
				new RegExp(`\\\\[dt]?frac\\s*${GROUP}\\s*${GROUP}`, 'g'),
				(_m, a: string, b: string) => `${wrap(a)}/${wrap(b)}`,
			)
			.replace(/\\[dt]?frac\s*(\d)\s*(\d)/g, '$1/$2')
			.replace(new RegExp(`\\\\sqrt\\s*${GROUP}`, 'g'), (_m, a: string) => `√${wrap(a)}`)
			.replace(
				new RegExp(GROUP.replace('([^{}]*)', '([^{}]*?)\\s*\\\\over\\s*([^{}]*)'), 'g'),
				(_m, a: string, b: string) => `${wrap(a.trim())}/${wrap(b.trim())}`,
			)
			.replace(
				new RegExp(`([\\^_])${GROUP}`, 'g'),
				(_m, op: string, a: string) => `${op}${a.length === 1 ? a : `(${a})`}`,
			);
		if (s === before) {
			break;
		}
	}
	s = s
		.replace(/\\([A-Za-z]+)/g, (_m, name: string) => SYMBOLS[name] ?? name)
		.replace(/[{}]/g, '')
		.split(DOLLAR)
		.join('$');
	return s.replace(/\s+/g, ' ').trim();
}

/** `a` as one operand: parenthesised unless it is one number or one letter ("x/(yz)", "1/2"). */
function wrap(a: string): string {
	return /^(?:[0-9.]+|[A-Za-z])$/.test(a) ? a : `(${a})`;
}
