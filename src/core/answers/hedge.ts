/**
 * Hedge detection around a stated answer: "maybe 18?", "is that the answer?", "wait", "hmm",
 * "not sure". A hedged statement is still an answer (TrimR compares it), but Dynasor-style probing
 * refuses to count it and the UI shows it as tentative.
 */

// Before the statement, within its sentence: words that make it a guess.
const hedgeBefore =
	/\b(?:maybe|perhaps|probably|possibly|might|could it be|i guess|not sure|unsure|seems? like|assume|suppose|if)\b[^.!?\n]*$/i;

// In the rest of the statement's sentence or the next one: a question, or a doubt that follows it.
const hedgeAfter = new RegExp(
	String.raw`\?|\b(?:wait|hmm+|hold on|not sure|unsure|let me (?:double[- ]?)?check|let me verify|` +
		String.raw`is (?:that|this|it) (?:right|correct|the answer)|did i|am i|or maybe|or is it)\b`,
	'i',
);

/** How far around the statement to look, in characters. */
const window = 120;

/**
 * Whether the answer stated at `text.slice(start, end)` is hedged by the words around it.
 * Looks back to the start of its sentence and forward about one short sentence.
 */
export function isHedged(text: string, start: number, end: number): boolean {
	const before = text.slice(Math.max(0, start - window), start);
	const sentenceStart = Math.max(
		before.lastIndexOf('. '),
		before.lastIndexOf('\n'),
		before.lastIndexOf('? '),
		before.lastIndexOf('! '),
	);
	const ownSentence = before.slice(sentenceStart + 1);
	if (hedgeBefore.test(ownSentence)) {
		return true;
	}
	return hedgeAfter.test(nextSentences(text.slice(end, end + window)));
}

/** The rest of the current sentence and the whole next one. */
function nextSentences(after: string): string {
	const ends = /[.!?](?=\s|$)|\n\s*\n/g;
	let count = 0;
	for (let m = ends.exec(after); m !== null; m = ends.exec(after)) {
		if (++count === 2) {
			return after.slice(0, m.index + 1);
		}
	}
	return after;
}
