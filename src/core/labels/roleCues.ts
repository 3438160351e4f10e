import type { Thought } from '../thoughts/thought';

/** How far into a thought the cues are looked for: its opening, where the move is announced. */
const OPENING_CHARS = 240;

/** `(?:a|b|…)`: one of the alternatives, each a regex source. */
function oneOf(...alternatives: readonly string[]): string {
	return `(?:${alternatives.join('|')})`;
}

/** The alternatives as whole words, case-insensitive. */
function wordCue(...alternatives: readonly string[]): RegExp {
	return new RegExp(String.raw`\b` + oneOf(...alternatives) + String.raw`\b`, 'i');
}

const DOUBLE_CHECK = 'double[- ]?check';

const alternativeOpener =
	/^(?:alternatively|another (?:way|approach|method)|let me try (?:another|a different)|or,? (?:maybe|perhaps) )/i;
const alternativeCue = wordCue(
	'another (?:way|approach|method)',
	'different (?:approach|method|way)',
	'alternative (?:approach|method|way)',
	'approach it differently',
	'from a different angle',
);
const verificationOpener = new RegExp(
	'^' +
		oneOf(
			`let me (?:check|verify|${DOUBLE_CHECK}|re-?check|confirm|make sure)`,
			`just to (?:check|confirm|make sure|${DOUBLE_CHECK}|verify|be (?:sure|thorough))`,
			DOUBLE_CHECK,
			`to (?:verify|${DOUBLE_CHECK}|check)`,
			'checking',
		),
	'i',
);
const verificationCue = wordCue(
	`let me (?:check|verify|${DOUBLE_CHECK}|re-?check|confirm|make sure|plug)`,
	'to (?:check|verify|confirm|make sure)',
	DOUBLE_CHECK,
	're-?check',
	'verify(?:ing)? (?:that|this|it|the)',
	'plug(?:ging)? (?:it |this |that |them )?(?:back|in)',
	'sanity check',
	'check (?:if|whether|that|again|my|the (?:answer|calculation|result))',
);
const backtrackCue = wordCue(
	// Owning up to an error.
	'i made a mistake',
	'made an error',
	// Judging a result wrong.
	"that'?s (?:not right|wrong|incorrect)",
	"that (?:can'?t|cannot) be (?:right|correct)?",
	"that (?:doesn'?t|does not) (?:make sense|seem right|add up|match)",
	'this (?:is|seems|looks) (?:wrong|incorrect|off)',
	'contradict',
	'mistake',
	'miscalculat',
	'messed up',
	'misread',
	'misunderstood',
	"no,? that'?s",
	// Going back.
	'let me (?:re-?examine|reconsider|start over|go back|redo|re-?think)',
	'i think i (?:was wrong|made)',
	'(?:is|was) wrong',
	'not correct',
	'incorrect',
);

/** The opening of a thought, after its marker, where cues count. */
function opening(thought: Thought): string {
	return thought.text.slice(0, OPENING_CHARS);
}

/** The thought's opener marker, if it began with one. */
function marker(thought: Thought): string {
	return thought.opener?.kind === 'marker' ? thought.opener.marker : '';
}

/** Whether the thought announces another approach (Alternatively, another way, a different method). */
export function announcesAlternative(thought: Thought): boolean {
	return (
		alternativeOpener.test(thought.text.trimStart()) ||
		alternativeCue.test(opening(thought)) ||
		/^alternatively/i.test(marker(thought))
	);
}

/** Whether the thought announces a check (let me verify, double-check, plug back in). */
export function announcesVerification(thought: Thought): boolean {
	return (
		verificationOpener.test(thought.text.trimStart()) || verificationCue.test(opening(thought))
	);
}

/** Whether the thought doubts or abandons something earlier (a mistake, a contradiction, start over). */
export function announcesBacktrack(thought: Thought): boolean {
	return backtrackCue.test(opening(thought));
}
