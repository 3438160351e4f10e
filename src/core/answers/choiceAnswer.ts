import type { TextSpan } from './latexScan';
import type { ProblemOptions } from './options';

/** A span and the answer it stands for, when that differs from the span's text ("both are true" → "True, True"). */
export interface RewrittenSpan extends TextSpan {
	readonly answer: string;
}

const verdictWord = '(true|false|correct|incorrect|wrong|right)';
const bothVerdict = new RegExp(
	`\\bboth(?:\\s+statements)?(?:\\s+(?:are|were|seem\\s+to\\s+be|would\\s+be))?\\s+${verdictWord}\\b`,
	'gi',
);
const pairVerdict = new RegExp(
	`\\bstatement\\s*(?:1|one|I)\\s+(?:is|was)\\s+(?:also\\s+)?${verdictWord}\\b[^.?!\\n]{0,40}?` +
		`\\bstatement\\s*(?:2|two|II)\\s+(?:is|was)\\s+(?:also\\s+)?${verdictWord}\\b`,
	'gi',
);

const truth = (word: string): string => (/^(?:true|correct|right)$/i.test(word) ? 'True' : 'False');

/**
 * Two-statement verdicts (MMLU-Pro's "Statement 1 | … Statement 2 | …" problems) written in prose:
 * "both statements are true" → "True, True", "Statement 1 is false and Statement 2 is true" →
 * "False, True". A verdict on one statement alone is a step, not the answer.
 */
export function verdictPairs(text: string): RewrittenSpan[] {
	const out: RewrittenSpan[] = [];
	for (const pattern of [bothVerdict, pairVerdict]) {
		pattern.lastIndex = 0;
		for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
			// "D says both are True and False": a verdict quoted from an option, not given.
			const before = text.slice(Math.max(0, m.index - 60), m.index);
			if (/\b(?:options?|[A-J]\s*(?:says|reads|is)|[A-J]:)[^.?!\n]*$/.test(before)) {
				continue;
			}
			const first = m[1] as string;
			const second = m[2] ?? first;
			out.push({
				text: m[0],
				start: m.index,
				end: m.index + m[0].length,
				answer: `${truth(first)}, ${truth(second)}`,
			});
		}
	}
	return out;
}

/** Whether a problem is a pair of statements to judge ("Statement 1 | …. Statement 2 | …."). */
export function isStatementPair(problem: string): boolean {
	return /\bStatement 1\b/.test(problem) && /\bStatement 2\b/.test(problem);
}

// The patterns of a problem's options, built once per problem (options are memoised per problem text).
const patternCache = new WeakMap<ProblemOptions, Array<[string, RegExp]>>();

function optionPatterns(options: ProblemOptions): Array<[string, RegExp]> {
	const cached = patternCache.get(options);
	if (cached !== undefined) {
		return cached;
	}
	const named: Array<[string, RegExp]> = [];
	for (const [letter, content] of options) {
		const words = content.trim().replace(/\.$/, '');
		if (/^[A-Za-z][A-Za-z -]{2,40}$/.test(words) && words.split(/\s+/).length <= 4) {
			named.push([letter, new RegExp(`\\b${words.replace(/\s+/g, '\\s+')}\\b`, 'gi')]);
		}
	}
	patternCache.set(options, named);
	return named;
}

const cue = /\b(?:so|therefore|thus|hence|answer|must be|is a|is an|represents|describes)\b/i;

/**
 * An option named by its text in a concluding sentence, without its letter ("Therefore, the equation
 * represents a cylinder.", when the problem lists "(E) Cylinder"): the option's letter. Only options
 * whose text is a few words, and only the last sentence that concludes; a sentence naming two options
 * (a comparison) names none.
 */
export function optionByText(text: string, options: ProblemOptions): RewrittenSpan | undefined {
	const named = optionPatterns(options);
	if (named.length === 0) {
		return undefined;
	}
	const sentences = text.slice(Math.max(0, text.length - 600)).split(/(?<=[.?!])\s+|\n+/);
	let end = text.length;
	for (let k = sentences.length - 1; k >= 0 && k >= sentences.length - 3; k--) {
		const sentence = sentences[k] as string;
		const start = text.lastIndexOf(sentence, end);
		end = start;
		if (!cue.test(sentence)) {
			continue;
		}
		const hits: RewrittenSpan[] = [];
		for (const [letter, pattern] of named) {
			pattern.lastIndex = 0;
			for (let m = pattern.exec(sentence); m !== null; m = pattern.exec(sentence)) {
				hits.push({
					text: m[0],
					start: start + m.index,
					end: start + m.index + m[0].length,
					answer: letter,
				});
			}
		}
		if (new Set(hits.map((h) => h.answer)).size === 1) {
			return hits.at(-1);
		}
	}
	return undefined;
}

const concluding = /^(?:so|therefore|thus|hence|finally|in conclusion)\b/i;

/**
 * The name a "which"/"who" question is answered with ("Which student has the greatest average
 * speed?" → "Therefore, Evelyn has the greatest average speed."): the one capitalised word of the last
 * concluding sentence that the problem names outside its question sentence. Two names (a comparison)
 * name none.
 */
export function namedAnswer(text: string, problem: string, question: string): TextSpan | undefined {
	if (!/^(?:which|who)\b/i.test(question.trim())) {
		return undefined;
	}
	const sentences = text.slice(Math.max(0, text.length - 400)).split(/(?<=[.!?])\s+|\n+/);
	for (let k = sentences.length - 1; k >= 0 && k >= sentences.length - 3; k--) {
		const sentence = (sentences[k] as string).trim();
		if (!concluding.test(sentence)) {
			continue;
		}
		const names = new Set(
			(sentence.match(/\b[A-Z][a-z]{2,}\b/g) ?? []).filter(
				(w) =>
					!concluding.test(w) &&
					new RegExp(`\\b${w}\\b`).test(problem) &&
					!new RegExp(`\\b${w}\\b`).test(question),
			),
		);
		if (names.size !== 1) {
			return undefined;
		}
		const name = [...names][0] as string;
		const start = text.lastIndexOf(sentence) + sentence.indexOf(name);
		return { text: name, start, end: start + name.length };
	}
	return undefined;
}
