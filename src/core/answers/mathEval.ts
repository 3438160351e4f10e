// mathjs (number-only build, only the functions answers use) rather than @cortex-js/compute-engine:
// it parses the plain expressions we translate LaTeX into, evaluates them exactly enough in doubles,
// and the selective import bundles to about 150 kB minified, against about 660 kB for all of mathjs
// and well over 1 MB for the compute engine. LaTeX is translated here by a small scanner instead.
import {
	absDependencies,
	addDependencies,
	compileDependencies,
	cosDependencies,
	cotDependencies,
	create,
	cscDependencies,
	divideDependencies,
	eDependencies,
	expDependencies,
	factorialDependencies,
	log10Dependencies,
	logDependencies,
	multiplyDependencies,
	nthRootDependencies,
	parseDependencies,
	piDependencies,
	powDependencies,
	secDependencies,
	sinDependencies,
	sqrtDependencies,
	subtractDependencies,
	tanDependencies,
	unaryMinusDependencies,
	unaryPlusDependencies,
	// @ts-expect-error TS1479: mathjs ships ESM-only types; esbuild and tsx load its ESM/CJS builds as needed.
} from 'mathjs/number';
import type { MathNode } from 'mathjs' with { 'resolution-mode': 'import' };
import { readArguments } from './latexScan';
import { memoize } from './memo';

const math = create({
	...absDependencies,
	...addDependencies,
	...compileDependencies,
	...cosDependencies,
	...cotDependencies,
	...cscDependencies,
	...divideDependencies,
	...eDependencies,
	...expDependencies,
	...factorialDependencies,
	...log10Dependencies,
	...logDependencies,
	...multiplyDependencies,
	...nthRootDependencies,
	...parseDependencies,
	...piDependencies,
	...powDependencies,
	...secDependencies,
	...sinDependencies,
	...sqrtDependencies,
	...subtractDependencies,
	...tanDependencies,
	...unaryMinusDependencies,
	...unaryPlusDependencies,
});

const functions: Record<string, string> = {
	sin: 'sin',
	cos: 'cos',
	tan: 'tan',
	sec: 'sec',
	csc: 'csc',
	cot: 'cot',
	ln: 'log',
	log: 'log10',
	exp: 'exp',
};
const symbols: Record<string, string> = {
	pi: ' pi ',
	infty: ' Infinity ',
	cdot: '*',
	times: '*',
	ast: '*',
	div: '/',
};

/**
 * Translates the LaTeX of an answer into a mathjs expression: `\frac{a}{b}` → `((a)/(b))`,
 * `\sqrt[n]{x}` → `nthRoot((x),(n))`, `\pi`, `\cdot`, `^{…}`, braces as parentheses, and every
 * letter as its own variable so that `2xy` is `2 x y`. Returns undefined for anything it cannot
 * translate faithfully (subscripts, `\pm`, absolute bars, unknown commands), so the caller falls
 * back to a text comparison rather than trust a wrong parse.
 */
export function latexToExpression(latex: string): string | undefined {
	let out = '';
	for (let i = 0; i < latex.length;) {
		const ch = latex[i] as string;
		if (ch === '\\') {
			const cmd = /^\\([A-Za-z]+)/.exec(latex.slice(i));
			if (cmd === null) {
				if (latex[i + 1] === '%') {
					out += '/100';
					i += 2;
					continue;
				}
				return undefined;
			}
			const name = cmd[1] as string;
			i += cmd[0].length;
			if (name === 'frac' || name === 'dfrac' || name === 'tfrac' || name === 'cfrac') {
				const args = readArguments(latex, i, 2);
				const num = args === undefined ? undefined : latexToExpression(args.args[0] ?? '');
				const den = args === undefined ? undefined : latexToExpression(args.args[1] ?? '');
				if (args === undefined || num === undefined || den === undefined) {
					return undefined;
				}
				out += ` ((${num})/(${den})) `;
				i = args.end;
			} else if (name === 'sqrt') {
				let index: string | undefined;
				if (latex[i] === '[') {
					const close = latex.indexOf(']', i);
					index = close < 0 ? undefined : latexToExpression(latex.slice(i + 1, close));
					if (index === undefined) {
						return undefined;
					}
					i = close + 1;
				}
				const args = readArguments(latex, i, 1);
				const radicand = args === undefined ? undefined : latexToExpression(args.args[0] ?? '');
				if (args === undefined || radicand === undefined) {
					return undefined;
				}
				out += index === undefined ? ` sqrt(${radicand}) ` : ` nthRoot((${radicand}),(${index})) `;
				i = args.end;
			} else if (functions[name] !== undefined) {
				// `\sin x`, `\ln 2`: an argument without parentheses is the next number, letter or `\pi`.
				const bare = /^\s*(\d+(?:\.\d+)?|[A-Za-z]|\\pi(?![A-Za-z]))/.exec(latex.slice(i));
				if (bare?.[1] !== undefined && latex.slice(i).trimStart()[0] !== '(') {
					out += ` ${functions[name]}(${bare[1] === '\\pi' ? 'pi' : bare[1]}) `;
					i += bare[0].length;
				} else {
					out += ` ${functions[name]}`;
				}
			} else if (symbols[name] !== undefined) {
				out += symbols[name];
			} else {
				return undefined;
			}
			continue;
		}
		if (/[A-Za-z]/.test(ch)) {
			out += ` ${ch} `;
		} else if (ch === '{') {
			out += '(';
		} else if (ch === '}') {
			out += ')';
		} else if (ch === '%') {
			out += '/100';
		} else if (/[\d.+\-*/^()!,\s]/.test(ch)) {
			out += ch;
		} else {
			return undefined;
		}
		i++;
	}
	return out.trim() === '' ? undefined : out;
}

/** A parsed answer expression: its free variables and a way to evaluate it. */
export interface ParsedExpression {
	readonly variables: readonly string[];
	evaluate(scope: Readonly<Record<string, number>>): number;
}

const known = new Set([
	'pi',
	'e',
	'Infinity',
	'sqrt',
	'nthRoot',
	'sin',
	'cos',
	'tan',
	'sec',
	'csc',
	'cot',
	'log',
	'log10',
	'exp',
	'abs',
]);

/** Parses normalized LaTeX into an evaluable expression, or undefined when it is not math we handle. */
export const parseExpression: (latex: string) => ParsedExpression | undefined = memoize(
	parseUncached,
	1000,
);

/** Longer answers are compared as text: real answers are short, and mathjs recurses per operator. */
const MAX_EXPRESSION_LENGTH = 300;

function parseUncached(latex: string): ParsedExpression | undefined {
	if (latex.length > MAX_EXPRESSION_LENGTH) {
		return undefined;
	}
	// A list is not one expression, and a run of three letters is a word, not a product of variables.
	if (/,/.test(latex) || /[A-Za-z]{3,}/.test(latex.replace(/\\[A-Za-z]+/g, ' '))) {
		return undefined;
	}
	const expression = latexToExpression(latex);
	if (expression === undefined) {
		return undefined;
	}
	const variables = new Set<string>();
	let compiled: ReturnType<MathNode['compile']>;
	try {
		const node = math.parse(expression);
		node.traverse((n) => {
			if (n.type === 'SymbolNode' && !known.has((n as MathNode & { name: string }).name)) {
				variables.add((n as MathNode & { name: string }).name);
			}
		});
		compiled = node.compile();
	} catch {
		// Not an expression mathjs accepts (or too deeply nested): the caller compares text instead.
		return undefined;
	}
	return {
		variables: [...variables].sort(),
		evaluate(scope) {
			try {
				const value: unknown = compiled.evaluate({ ...scope });
				return typeof value === 'number' ? value : Number.NaN;
			} catch {
				return Number.NaN;
			}
		},
	};
}
