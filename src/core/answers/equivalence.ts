import { parseExpression, type ParsedExpression } from './mathEval';
import { sameDuration } from './duration';
import { memoize } from './memo';
import { canonicalNumber, normalizeAnswer } from './normalize';
import { optionWithText, type ProblemOptions } from './options';
import { narrowStatement } from './statement';

/** Which rule decided a comparison, for the verdict explanations in the UI. */
export type ComparisonMethod =
	| 'empty'
	| 'normalized'
	| 'choice'
	| 'numeric'
	| 'percent'
	| 'rounded'
	| 'tuple'
	| 'set'
	| 'symbolic'
	| 'text';

export interface AnswerComparison {
	readonly equivalent: boolean;
	readonly method: ComparisonMethod;
	/** The two normalized answers that were compared. */
	readonly normalized: readonly [string, string];
}

/** Whether two answers are the same answer (mathematically or as the same option), ignoring format. */
export function answersEquivalent(a: string, b: string): boolean {
	return compareAnswers(a, b).equivalent;
}

/**
 * `answersEquivalent`, knowing the problem's options: an option letter equals its option's text ("E" ≡
 * "Cylinder" when the problem lists "(E) Cylinder"), and two texts of the same option are the same.
 */
export function answersEquivalentWith(a: string, b: string, options: ProblemOptions): boolean {
	if (answersEquivalent(a, b)) {
		return true;
	}
	if (options.size === 0) {
		return false;
	}
	const la = optionLetterOf(a, options);
	const lb = optionLetterOf(b, options);
	return la !== undefined && la === lb;
}

/** The option an answer names: its letter (when the problem has that option), or the option it quotes. */
function optionLetterOf(answer: string, options: ProblemOptions): string | undefined {
	const n = normalizeAnswer(answer);
	return /^[A-J]$/.test(n) && options.has(n) ? n : optionWithText(options, answer);
}

/**
 * Compares two answers as stated (`\boxed{\dfrac{1}{2}}` vs `0.5`, `$18` vs `18 dollars`,
 * `\left(3, \frac{\pi}{2}\right)` vs `(3,\pi/2)`, `(B)` vs `B`) and says which rule decided:
 * normalized text, choice letter, number (with percent and rounding rules), tuple or interval
 * element by element, set as unordered elements, symbolic (mathjs evaluation at sample points), or
 * text (case-insensitive) when nothing parses.
 */
export function compareAnswers(a: string, b: string): AnswerComparison {
	return memoizedCompare(`${a}\u0000${b}`);
}

const memoizedCompare = memoize((key: string): AnswerComparison => {
	const cut = key.indexOf('\u0000');
	return compareUncached(key.slice(0, cut), key.slice(cut + 1));
});

function compareUncached(a: string, b: string): AnswerComparison {
	const na = normalizeAnswer(answerOfProse(a));
	const nb = normalizeAnswer(answerOfProse(b));
	const result = (equivalent: boolean, method: ComparisonMethod): AnswerComparison => ({
		equivalent,
		method,
		normalized: [na, nb],
	});
	if (na === '' || nb === '') {
		return result(false, 'empty');
	}
	// Both stated in time units: compare the durations ("204 minutes" = "3 hours and 24 minutes"), which
	// the unit-stripping normalization cannot (it reads a compound duration's last number).
	const duration = sameDuration(a, b) ?? sameDuration(answerOfProse(a), answerOfProse(b));
	if (duration !== undefined) {
		return result(duration, 'numeric');
	}
	if (na === nb) {
		return result(true, 'normalized');
	}
	const verdict = compareNormalized(na, nb, 0);
	return result(verdict.equivalent, verdict.method);
}

interface Verdict {
	readonly equivalent: boolean;
	readonly method: ComparisonMethod;
}

const isLetter = (s: string): boolean => /^[A-J]$/.test(s);

function compareNormalized(a: string, b: string, depth: number): Verdict {
	if (a === b) {
		return { equivalent: true, method: 'normalized' };
	}
	if (isLetter(a) || isLetter(b)) {
		return { equivalent: false, method: 'choice' };
	}
	const ga = splitGroup(a);
	const gb = splitGroup(b);
	if ((ga !== undefined || gb !== undefined) && depth < 4) {
		return compareGroups(
			ga ?? { open: '', close: '', items: [a] },
			gb ?? { open: '', close: '', items: [b] },
			depth,
		);
	}
	const numeric = compareNumbers(a, b);
	if (numeric !== undefined) {
		return numeric;
	}
	const symbolic = compareSymbolic(a, b);
	if (symbolic !== undefined) {
		return symbolic;
	}
	return { equivalent: a.toLowerCase() === b.toLowerCase(), method: 'text' };
}

interface Group {
	readonly open: string;
	readonly close: string;
	readonly items: string[];
}

/** Splits `(a,b)`, `[a,b)`, `\{a,b\}` or a bare `a,b` into items at top-level commas; undefined for a single item. */
function splitGroup(s: string): Group | undefined {
	let open = '';
	let close = '';
	let body = s;
	const set = /^\\\{([\s\S]*)\\\}$/.exec(s);
	if (set?.[1] !== undefined) {
		[open, close, body] = ['{', '}', set[1]];
	} else if (/^[([]/.test(s) && /[)\]]$/.test(s) && enclosesAll(s)) {
		[open, close, body] = [s[0] as string, s[s.length - 1] as string, s.slice(1, -1)];
	}
	const items: string[] = [];
	let depthNow = 0;
	let from = 0;
	for (let i = 0; i < body.length; i++) {
		const ch = body[i];
		if (ch === '\\') {
			i++;
		} else if (ch === '(' || ch === '[' || ch === '{') {
			depthNow++;
		} else if (ch === ')' || ch === ']' || ch === '}') {
			depthNow--;
		} else if (ch === ',' && depthNow === 0) {
			items.push(body.slice(from, i));
			from = i + 1;
		}
	}
	items.push(body.slice(from));
	if (items.length < 2 && open !== '{') {
		return undefined;
	}
	return { open, close, items: items.map((x) => x.trim()) };
}

/** True when the first bracket of `s` is closed only by its last character. */
function enclosesAll(s: string): boolean {
	let depth = 0;
	for (let i = 0; i < s.length; i++) {
		const ch = s[i];
		if (ch === '\\') {
			i++;
		} else if (ch === '(' || ch === '[' || ch === '{') {
			depth++;
		} else if (ch === ')' || ch === ']' || ch === '}') {
			depth--;
			if (depth === 0 && i < s.length - 1) {
				return false;
			}
		}
	}
	return depth === 0;
}

function compareGroups(a: Group, b: Group, depth: number): Verdict {
	const unordered = a.open === '{' || b.open === '{' || (a.open === '' && b.open === '');
	if (a.items.length !== b.items.length) {
		return { equivalent: false, method: unordered ? 'set' : 'tuple' };
	}
	if (!unordered && a.open !== '' && b.open !== '' && (a.open !== b.open || a.close !== b.close)) {
		// (0, 1) and [0, 1] are different intervals.
		return { equivalent: false, method: 'tuple' };
	}
	if (!unordered) {
		const same = a.items.every(
			(x, i) => compareNormalized(x, b.items[i] ?? '', depth + 1).equivalent,
		);
		return { equivalent: same, method: 'tuple' };
	}
	const left = [...b.items];
	for (const x of a.items) {
		const k = left.findIndex((y) => compareNormalized(x, y, depth + 1).equivalent);
		if (k < 0) {
			return { equivalent: false, method: 'set' };
		}
		left.splice(k, 1);
	}
	return { equivalent: true, method: 'set' };
}

/** Relative tolerance for two numbers computed in doubles (e.g. `\frac{\sqrt{2}}{2}` vs `1/\sqrt{2}`). */
const tolerance = 1e-9;

function close(x: number, y: number): boolean {
	if (!Number.isFinite(x) || !Number.isFinite(y)) {
		return x === y;
	}
	return Math.abs(x - y) <= tolerance * Math.max(1, Math.abs(x), Math.abs(y));
}

function constantValue(s: string): { value: number; parsed: ParsedExpression } | undefined {
	const parsed = parseExpression(s);
	if (parsed === undefined || parsed.variables.length > 0) {
		return undefined;
	}
	const value = parsed.evaluate({});
	return Number.isNaN(value) ? undefined : { value, parsed };
}

/**
 * Numbers: equal values; `60%` equals `60` (a model often drops the sign) and `0.6`; a decimal
 * written with at least two places equals an exact value that rounds to it (`0.33` vs `\frac{1}{3}`).
 */
function compareNumbers(a: string, b: string): Verdict | undefined {
	const pa = a.endsWith('%');
	const pb = b.endsWith('%');
	const va = constantValue(pa ? a.slice(0, -1) : a);
	const vb = constantValue(pb ? b.slice(0, -1) : b);
	if (va === undefined || vb === undefined) {
		return undefined;
	}
	const x = va.value;
	const y = vb.value;
	if (close(x, y)) {
		return { equivalent: true, method: pa === pb ? 'numeric' : 'percent' };
	}
	if (pa !== pb && close(pa ? x / 100 : x, pb ? y / 100 : y)) {
		return { equivalent: true, method: 'percent' };
	}
	// Rounding only bridges a decimal and an exact form (fraction, root, π): two decimals must be equal.
	const exactA = canonicalNumber(a) === undefined;
	const exactB = canonicalNumber(b) === undefined;
	if ((exactB && roundsTo(a, y)) || (exactA && roundsTo(b, x))) {
		return { equivalent: true, method: 'rounded' };
	}
	return { equivalent: false, method: pa || pb ? 'percent' : 'numeric' };
}

/** Whether `written` is a decimal with two or more places and `exact` rounds to it. */
function roundsTo(written: string, exact: number): boolean {
	const n = canonicalNumber(written);
	const places = n?.split('.')[1]?.length ?? 0;
	if (n === undefined || places < 2) {
		return false;
	}
	return Math.abs(Number(n) - exact) <= 0.5 * 10 ** -places + 1e-12;
}

// Fixed sample points so that comparisons are deterministic; irrational-ish values avoid accidental
// equality (x = 1 makes x^2 and x equal).
const samples = [0.7315, 1.4142, 2.2361, -0.5772, 3.1416];

/** Expressions with variables: same variables and equal values at every sample point. */
function compareSymbolic(a: string, b: string): Verdict | undefined {
	const ea = parseExpression(a);
	const eb = parseExpression(b);
	if (
		ea === undefined ||
		eb === undefined ||
		(ea.variables.length === 0 && eb.variables.length === 0)
	) {
		return undefined;
	}
	if (ea.variables.join(',') !== eb.variables.join(',')) {
		return { equivalent: false, method: 'symbolic' };
	}
	let compared = 0;
	for (let k = 0; k < samples.length; k++) {
		const scope: Record<string, number> = {};
		ea.variables.forEach((v, j) => {
			scope[v] = samples[(k + j) % samples.length] as number;
		});
		const x = ea.evaluate(scope);
		const y = eb.evaluate(scope);
		if (Number.isNaN(x) || Number.isNaN(y)) {
			continue;
		}
		if (!close(x, y)) {
			return { equivalent: false, method: 'symbolic' };
		}
		compared++;
	}
	return compared > 0 ? { equivalent: true, method: 'symbolic' } : undefined;
}

/** A sentence stating an answer ("The perimeter is 42 inches.") compares as its answer (`42`). */
function answerOfProse(text: string): string {
	// Already an answer once its units are gone ("20000/π square meters"): narrowing would keep only "20000".
	const normalized = normalizeAnswer(text);
	if (!/[A-Za-z]{2,}/.test(normalized.replace(/\\[A-Za-z]+/g, ' '))) {
		return text;
	}
	return narrowStatement({ text: text.trim(), start: 0, end: text.trim().length }).text;
}
