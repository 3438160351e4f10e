import type { TextSpan } from './latexScan';
import { CODE_ROOT } from './statement';
import { balancedValue } from './trailingEquals';

// A sentence that concludes: a conclusion cue, then a value after "is", "=", "be", "gives", ….
const cue = new RegExp(
	String.raw`\b(?:so|therefore|thus|hence|finally|final|in conclusion|overall|altogether|in total|` +
		String.raw`in all|a total of|that gives|which gives|which equals|that equals|which is|we get|i get|` +
		String.raw`confirms?|confirmed|i'?m (?:confident|sure)|the result is|comes to|that means|which means|` +
		String.raw`means|gives|equals|resulting in|results in)\b`,
	'i',
);
const verb = new RegExp(
	String.raw`(?:\b(?:is|are|was|were|be|equals|makes|gives|get|gets|got|earns|earned|costs|needs|has|` +
		String.raw`have|had|of|takes?|took|spends?|spent|pays?|paid|receives?|received|sells?|sold|leaves?|` +
		String.raw`left|remains?|weighs?|resulting in|results in)\b|=|:(?=\s))\s*`,
	'gi',
);
// Sentences after the conclusion that only comment on it ("That seems right.", "I'm confident.").
const remark = new RegExp(
	String.raw`^(?:(?:so|hmm+|well|but|and|wait|alright|again|also)\b[,\s]*)*(?:that|this|it|which|` +
		String.raw`everything|yes|yep|yeah|ok|okay|i'?m|i am|i think|i don'?t see|i guess|both|all|great|` +
		String.raw`good|perfect|seems|looks|makes sense|correct|right|either way|same|consistent|let me|` +
		String.raw`let's|let us|i'?ll|i should|i need|to make sure|just to|double-check)\b[^\d\\$=]{0,100}$`,
	'i',
);

/**
 * A concluding sentence at the end of a thought that states a value without the word "answer":
 * "So, she makes $18 every day.", "Therefore, the minimal value of \( a \) is 3.", "So the polar
 * coordinates are (3, π/2).", "Both methods confirm that the sum is -50." Up to two short remarks
 * without numbers may follow it. The value is what follows the sentence's last "is"/"="/"gives",
 * narrowed to its number or math; a value that is not math-like (a name, a plan) is not taken.
 */
export function concludingStatement(text: string): TextSpan | undefined {
	const offset = Math.max(0, text.length - 600);
	const sentences = splitSentences(text.slice(offset), offset);
	for (let k = sentences.length - 1, remarks = 0; k >= 0 && remarks <= 2; k--) {
		const sentence = sentences[k] as TextSpan;
		if (remark.test(sentence.text)) {
			remarks++;
			continue;
		}
		return valueOf(sentence);
	}
	return undefined;
}

// A sentence that plans or asks rather than concludes ("So, I need to calculate half of 2 bolts").
// A plan only when no result follows it ("I'll subtract …: $40 minus $20 equals $20" concludes).
const plan = new RegExp(
	String.raw`\b(?:need to|have to|let me|let's|let us|i'?ll|i will|we'?ll|we will|to find|to calculate|` +
		String.raw`to compute|to get|going to|should i|do i)\b(?![^]*(?:=|\b(?:equals?|gives?|is|are|was|` +
		String.raw`were|results?|resulting|leaves?|makes?)\b))`,
	'i',
);
const NUMBER_WORDS =
	'zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty';
const firstMath = /\$\$?[^$]+?\$\$?|\\\([\s\S]+?\\\)|\\\[[\s\S]+?\\\]/;
const firstNumber = new RegExp(
	CODE_ROOT + String.raw`|-?\$?\d[\d,]*(?:\.\d+)?(?:\s*√\s*\d+)?(?:\s*\/\s*\d+)?%?|√\s*\d+`,
	'i',
);
/** What follows "is" when the value is ruled out: "not 12", "probably not D", "definitely not (B)". */
export const NEGATED =
	/^\s*(?:(?:probably|definitely|certainly|likely|surely|clearly|obviously|actually)\s+)?not\b/i;
const numberWord = new RegExp(`\\b(?:${NUMBER_WORDS})\\b`, 'i');

function valueOf(sentence: TextSpan): TextSpan | undefined {
	const cueAt = cue.exec(sentence.text);
	if (cueAt === null || plan.test(sentence.text)) {
		return undefined;
	}
	let after = -1;
	verb.lastIndex = 0;
	for (let m = verb.exec(sentence.text); m !== null; m = verb.exec(sentence.text)) {
		after = m.index + m[0].length;
	}
	// "So, 7 dozen eggs.", "So 17 stickers left": no verb, the value right after the cue.
	if (after < 0) {
		after = cueAt.index + cueAt[0].length;
	}
	// "…, right?" and "…, correct." tails are a hedge or a remark, not part of the value.
	let end =
		sentence.text.length -
		(/,\s*(?:right|correct|yes|no|ok|okay)\s*[.?!]*$/i.exec(sentence.text)?.[0].length ?? 0);
	// Closing punctuation and math delimiters ("So, \\( x = 45 \\).").
	for (;;) {
		const ch = sentence.text[end - 1] ?? '';
		if (/[\s.!?,;:$]/.test(ch) && end > 0) {
			end--;
		} else if ((ch === ')' || ch === ']') && sentence.text[end - 2] === '\\') {
			end -= 2;
		} else {
			break;
		}
	}
	const predicate = (from: number): TextSpan | undefined =>
		end > from
			? leadingValue({
					text: sentence.text.slice(from, end),
					start: sentence.start + from,
					end: sentence.start + end,
				})
			: undefined;
	// "So the answer is not 12", "… is probably not D": a value ruled out, not stated.
	if (after >= 0 && NEGATED.test(sentence.text.slice(after))) {
		return undefined;
	}
	// "So 17 stickers left after …": nothing after the verb, the value is between the cue and it.
	const cueEnd = cueAt.index + cueAt[0].length;
	const value = predicate(after) ?? (after > cueEnd ? predicate(cueEnd) : undefined);
	if (value === undefined) {
		return undefined;
	}
	const words = value.text.replace(/\\[A-Za-z]+/g, ' ').match(/[A-Za-z]{2,}/g) ?? [];
	if (value.text.length > 60 || words.length > 3 || !balancedValue(value.text)) {
		return undefined;
	}
	return value;
}

/**
 * The value a conclusion's predicate starts with: "$16.00 on ice cream after 60 days" → $16.00,
 * "nine apples in total" → nine; after an "=" chain, its result ("3 + 4 = 7 eggs" → 7 eggs, narrowed).
 * Whole math (`\\(3\\sqrt{13}\\)`) or a short expression is kept as it is.
 */
function leadingValue(raw: TextSpan): TextSpan | undefined {
	const eq = raw.text.lastIndexOf('=');
	if (eq >= 0) {
		const rest = raw.text.slice(eq + 1);
		const lead = rest.length - rest.trimStart().length;
		const value = leadingValue({
			text: rest.trim(),
			start: raw.start + eq + 1 + lead,
			end: raw.start + eq + 1 + lead + rest.trim().length,
		});
		// "… = cos(angle Q)": an unknown, not a result.
		return value !== undefined && /[\d\\π√]/.test(value.text) ? value : undefined;
	}
	// "less than 3 hours", "more than 42": a bound in a comparison, not a value.
	if (
		/^\s*(?:(?:less|more|greater|smaller|fewer|larger|higher|lower)\s+than|at\s+(?:least|most))\b/i.test(
			raw.text,
		)
	) {
		return undefined;
	}
	const prose = raw.text.replace(/\\[A-Za-z]+/g, ' ').match(/[A-Za-z]{2,}/g) ?? [];
	if (prose.length === 0) {
		return /[\d\\π√]/.test(raw.text) ? raw : undefined;
	}
	// Prose kept whole by narrowing is a verdict ("Statement 2 is true"), not a value.
	if (/\b(?:true|false|yes|no)\b/i.test(raw.text)) {
		return undefined;
	}
	const picks = [firstMath.exec(raw.text), firstNumber.exec(raw.text)].filter(
		(m): m is RegExpExecArray => m !== null,
	);
	const first = picks.sort((a, b) => a.index - b.index)[0];
	if (first === undefined) {
		return wordValue(raw);
	}
	// "n ≤2024", "n ≡0 or 2 mod 5": a bound or a class, not a value; "the CH3 of the ketone": a number
	// right after an element symbol is part of a formula.
	const before = raw.text.slice(0, first.index);
	if (/[≤≥<>≠≡]\s*$/.test(before) || /[A-Z][a-z]?$/.test(before)) {
		return undefined;
	}
	return {
		text: first[0],
		start: raw.start + first.index,
		end: raw.start + first.index + first[0].length,
	};
}

/** A number written in words at the start of the predicate ("nine apples in total" → nine). */
function wordValue(raw: TextSpan): TextSpan | undefined {
	const m = numberWord.exec(raw.text);
	if (
		m === null ||
		/[A-Za-z]/.test(raw.text.slice(0, m.index).replace(/\b(?:a|the|about|exactly|only)\b/gi, ''))
	) {
		return undefined;
	}
	return { text: m[0], start: raw.start + m.index, end: raw.start + m.index + m[0].length };
}

/** Sentences of `text` (ends at ". ", "? ", "! " or a line break, never inside `\(…\)`/`\[…\]`), with offsets. */
function splitSentences(text: string, offset: number): TextSpan[] {
	const out: TextSpan[] = [];
	let start = 0;
	let math = 0;
	const push = (end: number): void => {
		const raw = text.slice(start, end);
		const body = raw.trim();
		if (body !== '') {
			const lead = raw.length - raw.trimStart().length;
			out.push({
				text: body,
				start: offset + start + lead,
				end: offset + start + lead + body.length,
			});
		}
		start = end;
	};
	const boundary = /\\[([]|\\[)\]]|\n|[.?!](?=\s)/g;
	for (let m = boundary.exec(text); m !== null; m = boundary.exec(text)) {
		const token = m[0];
		if (token === '\\(' || token === '\\[') {
			math++;
		} else if (token === '\\)' || token === '\\]') {
			math = Math.max(0, math - 1);
		} else if (math === 0) {
			push(m.index + 1);
		}
	}
	push(text.length);
	return out;
}
