import { memoize } from './memo';

/** The options of a multiple-choice problem, by letter ("A" → "True, False"), in order. */
export type ProblemOptions = ReadonlyMap<string, string>;

// An option: a letter A–J at a line start (or right after a display-math close, "\](A) Line"), written
// "A:", "A.", "A)" or "(A)", then its text to the end of the line.
const optionLine = /(?:^|\n|\\\])[ \t]*(?:\(([A-J])\)|([A-J])[:.)])[ \t]*([^\n]+)/g;

function optionsUncached(problem: string): ProblemOptions {
	const found: Array<[string, string]> = [];
	optionLine.lastIndex = 0;
	for (let m = optionLine.exec(problem); m !== null; m = optionLine.exec(problem)) {
		const letter = (m[1] ?? m[2]) as string;
		found.push([letter, (m[3] as string).trim()]);
	}
	// Options are a run A, B, C, … (at least two): a stray "A." in the problem text is not one.
	const options = new Map<string, string>();
	for (const [letter, text] of found) {
		if (letter.charCodeAt(0) - 65 === options.size) {
			options.set(letter, text);
		} else if (letter === 'A') {
			options.clear();
			options.set(letter, text);
		}
	}
	return options.size >= 2 ? options : inlineOptions(problem);
}

// A list on one line after its heading: "Answer Choices: A. 11 B. 12 C. 14 D. 10." (GPQA as some
// harnesses print it). Each option runs to where the next letter in order opens ("B. " or "(B) ").
const inlineHead = /(?:answer choices|choices|options)[ \t]*:[ \t]*(?=\(?A[.):])/i;

function inlineOptions(problem: string): ProblemOptions {
	const head = inlineHead.exec(problem);
	if (head === null) {
		return new Map();
	}
	const lineEnd = problem.indexOf('\n', head.index);
	const line = problem.slice(head.index + head[0].length, lineEnd === -1 ? undefined : lineEnd);
	const options = new Map<string, string>();
	const letters = 'ABCDEFGHIJ';
	// Where the current option's text starts; 0 once the list has ended.
	let start = /^\(?A[.):][ \t]*/.exec(line)?.[0].length ?? 0;
	for (let i = 0; i < letters.length && start > 0; i++) {
		const following = letters[i + 1];
		const next =
			following === undefined
				? null
				: new RegExp(`[ \\t]\\(?${following}[.):][ \\t]+`).exec(line.slice(start));
		const end = next === null ? line.length : start + next.index;
		options.set(letters[i] as string, line.slice(start, end).trim().replace(/\.$/, ''));
		start = next === null ? 0 : end + next[0].length;
	}
	return options.size >= 2 ? options : new Map();
}

/** The options a problem lists (none when it is not multiple choice). */
export const problemOptions: (problem: string) => ProblemOptions = memoize(optionsUncached, 64);

/** The letter of the option whose text is `text` (case, spaces and a final period aside), or undefined. */
export function optionWithText(options: ProblemOptions, text: string): string | undefined {
	const key = optionKey(text);
	for (const [letter, content] of options) {
		if (optionKey(content) === key) {
			return letter;
		}
	}
	return undefined;
}

/**
 * The letter of an answer written as an option's letter followed by that option's own text ("A.11",
 * "A. 11", "(A) 11", "A: 11" when the problem lists "A. 11"), or undefined: a letter with another
 * option's text names no option, and is left as written.
 */
export function letterWithItsText(options: ProblemOptions, answer: string): string | undefined {
	const m = /^\s*\(?([A-J])(?:\)|[.:])?\s*(\S[^]*)$/.exec(answer);
	if (m === null) {
		return undefined;
	}
	const letter = m[1] as string;
	const content = options.get(letter);
	return content !== undefined && optionKey(content) === optionKey(m[2] as string)
		? letter
		: undefined;
}

const optionKey = (s: string): string =>
	s
		.toLowerCase()
		.replace(/[\s.*]+/g, ' ')
		.trim();
