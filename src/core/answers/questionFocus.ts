import { memoize } from './memo';

/**
 * What a problem asks about: the content words of its question sentence ("How many plants does
 * Shondra have?" → plants, shondra) and the variables it names (`$x$`). A weak statement (a closing
 * "= x" or a concluding sentence without the word "answer") is a candidate answer only when its
 * sentence is about one of them: "So Shondra has 9 plants" is, "So, 1.6*10=16" (Toni's plants, an
 * intermediate check) and "the distance is 80 feet" (when the question asks for water) are not.
 */
export interface QuestionFocus {
	/** Word stems (first five letters, lower case) of the question's content words. */
	readonly stems: ReadonlySet<string>;
	/** Single-letter variables named in the question's math. */
	readonly variables: ReadonlySet<string>;
	/**
	 * Stems of the words naming what is asked, right after "how many", "how much", "what is the" ("how
	 * many dozens of eggs" → dozen, egg): empty when the question has no such phrase.
	 */
	readonly targets: ReadonlySet<string>;
	/** Single letters anywhere in the problem's math (`$x$`, `\\(PQ\\)`): names a value may use. */
	readonly letters: ReadonlySet<string>;
	/** The clause that asks ("which student has the greatest average speed?"). */
	readonly asking: string;
	/** The question asks for an amount of money ("how much in dollars", "what is his profit"). */
	readonly money: boolean;
}

// Words that say nothing about what is asked, so they never make a sentence "about" the question.
const STOP = new Set(
	(
		'the a an and or of to in on at for from by with into than then that this these those what which who whom whose when where why how ' +
		'many much does did do is are was were be been being has have had will would can could should shall may might must find compute ' +
		'determine calculate evaluate simplify express give write answer value number total amount result each every per if it its his her ' +
		'their they them she he you your our we us all some any more less most least one two three there here after before about over under ' +
		'between up down out not no yes so as such only also just other another same different both either neither let given following form ' +
		'nearest whole simplest common terms please exactly approximately round'
	).split(' '),
);

/** A crude stem: lower case, a plural or verb ending dropped ("makes" → "make", "tomatoes" → "tomato"), five letters. */
const stem = (word: string): string =>
	word
		.toLowerCase()
		.replace(/(?<=[a-z]{3})(?:es|s|ed|ing)$/, '')
		.slice(0, 5);

const moneyWords =
	/\b(?:dollars?|money|cost|costs|spend|spent|earn|earns|earned|earnings|profit|pay|paid|price|revenue|income|salary|pension|cents?)\b|\$/i;

/**
 * Whether the asking clause wants an amount of money: "how much (in dollars) does she make", "what is
 * his net profit", not "how many years before he starts earning money" nor "how much water".
 */
function asksMoney(clause: string): boolean {
	// Math ("What is $m+n$?") says nothing about money: only a dollar sign before a number does.
	const ask = clause.replace(/\$\$?(?!\s*\d)[^$]*\$\$?|\\\([\s\S]*?\\\)/g, ' ');
	if (/^how\s+many\s+(?!dollars|cents)/i.test(ask)) {
		return false;
	}
	const how = /^how\s+much\s+(\w+)/i.exec(ask);
	if (how !== null) {
		return (
			moneyWords.test(ask) ||
			/^(?:in|does|did|do|will|would|is|was|are|were|has|had|can|could|should|more|less)$/i.test(
				how[1] as string,
			)
		);
	}
	return moneyWords.test(ask.split(/\s+/).slice(0, 8).join(' '));
}

/** The question sentence: the last one that asks ("?") or instructs ("Find …", "Compute …"), else the last sentence. */
function questionSentence(problem: string): string {
	const sentences = problem
		.replace(/\$\$?[^$]*\$\$?|\\\([\s\S]*?\\\)|\\\[[\s\S]*?\\\]/g, (math) =>
			math.replace(/[.?!]/g, ' '),
		)
		.split(/(?<=[.?!])\s+|\n+/)
		.map((s) => s.trim())
		.filter((s) => s !== '');
	for (let i = sentences.length - 1; i >= 0; i--) {
		const s = sentences[i] as string;
		// "Express your answer as a common fraction.", "Enter the letter of the correct option.": the form, not the question.
		if (
			/^(?:express|enter|give|write|round|put|box|simplify your|mark)\b[^?]*\b(?:answer|form|letter|option|nearest|fraction|decimal)\b/i.test(
				s,
			) &&
			i > 0
		) {
			continue;
		}
		if (
			s.includes('?') ||
			/^(?:find|compute|determine|calculate|evaluate|simplify|express|what|how|which|solve|give|write)\b/i.test(
				s,
			)
		) {
			return s;
		}
	}
	return sentences.at(-1) ?? '';
}

function focusUncached(problem: string): QuestionFocus {
	const whole = questionSentence(problem);
	// "If he has 42 dollars for the week, how many times can he go?": the clause that asks.
	const ask = /\b(?:how|what|which|who|find|compute|determine|calculate|evaluate)\b/i.exec(whole);
	const sentence = ask === null ? whole : whole.slice(ask.index);
	const stems = new Set<string>();
	for (const word of sentence.replace(/\\[A-Za-z]+/g, ' ').match(/[A-Za-z]{3,}/g) ?? []) {
		if (!STOP.has(word.toLowerCase())) {
			stems.add(stem(word));
		}
	}
	const variables = new Set<string>();
	for (const math of sentence.match(/\$[^$]+\$|\\\([\s\S]*?\\\)/g) ?? []) {
		// Single letters (`$x$`) and point names (`$\overline{QM}$`).
		for (const letter of math
			.replace(/\\[A-Za-z]+/g, ' ')
			.match(/(?<![A-Za-z])(?:[A-Za-z]|[A-Z]{2,3})(?![A-Za-z])/g) ?? []) {
			variables.add(letter);
		}
	}
	const letters = new Set<string>();
	for (const math of problem.match(/\$[^$]+\$|\\\([\s\S]*?\\\)|\\\[[\s\S]*?\\\]/g) ?? []) {
		for (const letter of math
			.replace(/\\[A-Za-z]+/g, ' ')
			.match(/(?<![A-Za-z])[A-Za-z](?![A-Za-z])|(?<![A-Za-z])[A-Z]{2,3}(?![A-Za-z])/g) ?? []) {
			for (const ch of letter) {
				letters.add(ch);
			}
		}
	}
	const targets = new Set<string>();
	const asked =
		/^(?:how\s+(?:many|much)|what(?:'s|\s+(?:is|are|was|were|will\s+be))?(?:\s+the)?|which|find\s+the)\s+(.*)$/is.exec(
			sentence,
		);
	for (const word of (asked?.[1] ?? '')
		.replace(/\\[A-Za-z]+/g, ' ')
		.match(/[A-Za-z]+/g)
		?.slice(0, 4) ?? []) {
		if (/^(?:does|did|do|will|would|is|are|was|were|can|could|should|has|have|had)$/i.test(word)) {
			break;
		}
		if (word.length >= 3 && !STOP.has(word.toLowerCase())) {
			targets.add(stem(word));
		}
	}
	// Who it is asked about ("How many plants does Shondra have?"): names count as targets too.
	for (const name of sentence.slice(1).match(/\b[A-Z][a-z]{2,}\b/g) ?? []) {
		if (!STOP.has(name.toLowerCase())) {
			targets.add(stem(name));
		}
	}
	return { stems, targets, variables, letters, asking: sentence, money: asksMoney(sentence) };
}

/** The focus of a problem's question (memoized: asked once per thought of the same chain). */
export const questionFocus: (problem: string) => QuestionFocus = memoize(focusUncached, 64);

/**
 * Whether `sentence` is about the question: it names one of its content words or variables. A focus
 * with neither (a problem given only as a formula) accepts everything.
 */
export function isAboutQuestion(sentence: string, focus: QuestionFocus): boolean {
	if (focus.stems.size === 0 && focus.variables.size === 0) {
		return true;
	}
	if ((focus.money && /\$\s*\d/.test(sentence)) || /\b(?:conclusion|answer)\b/i.test(sentence)) {
		return true;
	}
	// What is asked, when the question names it ("how many dozens of eggs"); else any word of the question.
	const wanted = focus.targets.size > 0 ? focus.targets : focus.stems;
	for (const word of sentence.replace(/\\[A-Za-z]+/g, ' ').match(/[A-Za-z]{3,}/g) ?? []) {
		if (wanted.has(stem(word))) {
			return true;
		}
	}
	for (const letter of sentence
		.replace(/\\[A-Za-z]+/g, ' ')
		.match(/(?<![A-Za-z])(?:[A-Za-z]|[A-Z]{2,3})(?![A-Za-z])/g) ?? []) {
		if (focus.variables.has(letter)) {
			return true;
		}
	}
	return false;
}
