/**
 * Whether a thought opens by re-checking the whole solution ("Wait, let me double-check my calculations
 * to make sure I didn't make a mistake"), read from its first sentence only, so that a live stream can
 * decide a few tokens into the thought. After a thought that stated an answer, such an opener says
 * the chain believes it is done: TrimR's `V = 1` counts it as a confirmation (docs/engine.md, "Tuning").
 *
 * A check of one step ("let me double-check that.") or of the reading of the problem ("let me make sure
 * I'm interpreting the problem correctly") is not one: on the training half, a first answer followed by
 * one of those was not the final answer 20 times in 114 and 5 in 12, against 3 in 100 for a check of
 * the whole solution.
 */

/** At most this many characters of the first sentence after the lead-in words (about 20 tokens) are read. */
export const OPENING_WINDOW = 80;

/** What a thought's opening says: it re-checks the whole solution, it does not, or too little is known yet. */
export type OpeningReading = 'whole-check' | 'other' | 'undecided';

/** Lead-in words before the check ("Wait,", "But", "Hmm, okay.", "Hold on,"), with emphasis and quotes. */
const LEAD_IN = new RegExp(
	'^(?:[\\s*_">#]*(?:wait|but|hmm+|okay|ok|so|alright|oh|actually|now|well|yes|yeah|hold on|' +
		'wait a (?:second|minute|moment))\\b[\\s,.!:;—*_"-]*)*[\\s*_">#]*',
	'i',
);

/** A check at the start: "let me double-check", "just to make sure", "that seems right, but …". */
const CHECK_START = new RegExp(
	'^(?:' +
		[
			"(?:let me |i(?:'ll| will| should| need to) |just to |to )?(?:just )?(?:quickly )?" +
				'(?:double[- ]?check|verify|(?:re-?)?check\\b|make sure|confirm)',
			'verifying|checking',
			'just to be (?:sure|safe|thorough|certain|careful)',
			'(?:that|this|it)(?: all)? (?:seems|looks|sounds)(?: pretty| quite| really)? ' +
				'(?:straightforward|right|correct|consistent|good|fine|solid|reasonable)',
		].join('|') +
		')',
	'i',
);

/** What a check of the whole solution names: my calculations, each step, everything, "I didn't make a mistake". */
const WHOLE = new RegExp(
	[
		'\\b(?:my|the|all (?:the|my)|each of (?:the|my)) (?:calculations?|work|steps?|math|arithmetic|' +
			'computations?|solution|reasoning|numbers|answer|result|logic|process)\\b',
		'\\beach step\\b',
		'\\beverything\\b',
		"didn['’]?t make (?:a |any )?(?:\\w+ )?(?:mistakes?|errors?)",
		'no mistakes',
		"didn['’]?t miss anything",
	].join('|'),
	'i',
);

/**
 * Reads a thought's opening (its text so far) from its first sentence, once that has ended or reached
 * `OPENING_WINDOW` characters. `complete` says the thought has closed, so the text is all there is.
 */
export function readOpening(opening: string, complete: boolean): OpeningReading {
	// The first paragraph at most: the next thought may start at a paragraph break.
	const paragraph = opening.search(/\n[^\S\n]*\n/);
	const first = paragraph >= 0 ? opening.slice(0, paragraph) : opening;
	const lead = LEAD_IN.exec(first)?.[0].length ?? 0;
	const head = first.slice(lead, lead + OPENING_WINDOW);
	const end = head.search(/[.!?:][*_"”)]*\s/);
	if (end < 0 && paragraph < 0 && !complete && head.length < OPENING_WINDOW) {
		return 'undecided';
	}
	// The check's own sentence says what it covers.
	const sentence = end >= 0 ? head.slice(0, end) : head;
	return CHECK_START.test(sentence) && WHOLE.test(sentence) ? 'whole-check' : 'other';
}
