import { isStatementPair, namedAnswer, optionByText, verdictPairs } from './choiceAnswer';
import { concludingStatement, NEGATED } from './conclusion';
import { answersEquivalent } from './equivalence';
import { isHedged } from './hedge';
import { findBoxed, type TextSpan } from './latexScan';
import { choiceLetter, normalizeAnswer } from './normalize';
import { letterWithItsText, optionWithText, problemOptions, type ProblemOptions } from './options';
import type { AnswerKind, ExtractedAnswer, ExtractOptions } from './extractedAnswer';
import { isAboutQuestion, questionFocus } from './questionFocus';
import { narrowStatement, readStatement } from './statement';
import { trailingEquation } from './trailingEquals';
import {
	bareAnswer,
	isEquationToSolve,
	isUnevaluated,
	isValueLike,
	repeatsOption,
	sentenceAround,
	valueBefore,
} from './valueShape';

interface Candidate {
	readonly kind: AnswerKind;
	readonly span: TextSpan;
	/** Span of the whole statement, trigger included, for overlap with boxes and for hedging. */
	readonly start: number;
	/** The answer, when it is not the span's text ("both are true" → "True, True", an option's text → its letter). */
	readonly answer?: string;
}

const rank: Record<AnswerKind, number> = {
	boxed: 0,
	choice: 1,
	'final-answer': 2,
	'answer-is': 3,
	'answer-label': 4,
	conclusion: 5,
	'trailing-equals': 6,
	bare: 7,
};

const finalAnswerHeader = new RegExp(
	String.raw`(?:\*\*|#{1,4}[ \t]*)?\b(?:Final Answer|FINAL ANSWER|Final answer)\b(?![ \t]+(?:is|was|` +
		String.raw`should|would|will|must|to|for|of|remains|seems|` +
		String.raw`appears)\b)[ \t]*(?:\*\*)?[ \t]*:?[ \t]*(?:\*\*)?`,
	'g',
);
const answerIs = new RegExp(
	String.raw`\b(?:final\s+|correct\s+|right\s+|actual\s+|true\s+)?answer(?:\s+(?:to|for|` +
		String.raw`of)\s+[^.?!\n]{1,60}?)?\s+(?:is|should\s+be|would\s+be|must\s+be|will\s+be|remains|` +
		String.raw`seems\s+to\s+be|appears\s+to\s+be)(?!\s+(?:not|that|to|in|how|what|when|whether|` +
		String.raw`because)\b)\s*:?`,
	'gi',
);
// "12 tomatoes is the answer", "10/11 is the correct answer", "3 is the correct number": the value
// comes before the trigger (read back to the sentence start, see `valueBefore`).
const isTheAnswer =
	/\s+(?:is|would\s+be|should\s+be|must\s+be)\s+(?:the|my|our)\s+(?:final\s+|correct\s+|right\s+)?(?:answer|number|value|result)\b/gi;
const answerLabel =
	/(?:^|\n)[ \t]*(?:[-*][ \t]+)?(?:\*\*)?(?:Answer|ANSWER|Ans\.?)(?:\*\*)?[ \t]*:(?:\*\*)?/g;
// Case-insensitive words; the letter itself must be upper case or in parentheses (checked below),
// so that "the answer is a" is not option A.
const choiceStatements: RegExp[] = [
	/\b(?:option|choice)\s*(\(?[A-J]\)?)\s+(?:is|would\s+be|seems\s+to\s+be|must\s+be)\s+(?:the\s+)?(?:correct|right|best|answer)\b/gi,
	new RegExp(
		String.raw`\b(?:correct|right|best)\s+(?:option|choice|answer)\s+(?:is|would\s+be|should\s+be|` +
			String.raw`must\s+be)\s*:?\s*(?:\*\*)?(?:option\s*|choice\s*)?(\(?[A-J]\)?)(?:\*\*)?(?![A-Za-z0-9])`,
		'gi',
	),
	// "I'll go with B", "I choose (C)", "so I pick option D".
	/\b(?:go(?:ing)?\s+with|choose|pick|select)\s+(?:\*\*)?(?:option\s*|choice\s*)?(\(?[A-J]\)?)(?:\*\*)?(?![A-Za-z0-9])/gi,
	// "(A) is correct", "(B) is the right answer".
	/(\([A-J]\))\s+(?:is|seems\s+to\s+be|must\s+be)\s+(?:the\s+)?(?:correct|right|best)\b/gi,
	/\b(?:so|thus|therefore|hence)\s*,?\s+(?:the\s+answer\s+is\s+)?(?:option|choice)\s*(\(?[A-J]\)?)(?![A-Za-z0-9])/gi,
];
// With the problem's options known: "So answer H.", "answer: **C**", and a bold letter ("**C**", "**C: 12**").
const optionStatements: RegExp[] = [
	/\banswer\s*(?:is\s*)?:?\s*(?:\*\*)?(\(?[A-J]\)?)(?:\*\*)?(?=[\s.,;:!?)]|$)/g,
	/\*\*\s*(?:option\s*)?(\(?[A-J]\)?)(?:[.:)]\s*[^*\n]{0,80})?\*\*/gi,
];

/** Statements read per trigger kind, from the end of the text. */
const MAX_STATEMENTS = 8;

/**
 * The last answer stated in `text` (the one a reader takes as its conclusion), or undefined.
 * Boxes win over the words around them ("the answer is \boxed{18}" gives the box); otherwise the
 * statement that ends last wins, ties going to the stronger kind.
 */
export function extractAnswer(
	text: string,
	options: ExtractOptions = {},
): ExtractedAnswer | undefined {
	const mode = options.trailingEquals ?? 'fallback';
	// Cheap substring checks first: most thoughts say neither "answer" nor "option", and skipping
	// those scans keeps extraction well under a millisecond per thought.
	const lower = text.toLowerCase();
	const saysAnswer = lower.includes('answer') || lower.includes('ans.') || lower.includes('ans:');
	const saysOption =
		saysAnswer ||
		lower.includes('option') ||
		lower.includes('choice') ||
		lower.includes(' with ') ||
		lower.includes('choose') ||
		lower.includes('pick') ||
		lower.includes('select') ||
		lower.includes(') is ');
	const boxes = text.includes('\\') ? findBoxed(text) : [];
	const candidates: Candidate[] = boxes.map((b) => ({
		kind: 'boxed',
		span: b.content,
		start: b.start,
	}));
	const covered = (span: TextSpan): boolean =>
		boxes.some((b) => span.start < b.end && b.start < span.end);

	const addStatements = (
		pattern: RegExp,
		kind: AnswerKind,
		maxNewlines: number,
		unit: 'sentence' | 'line',
	): void => {
		// Only the last few statements can be the last one stated; reading each is bounded but not free.
		const triggers: { index: number; end: number }[] = [];
		pattern.lastIndex = 0;
		for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
			triggers.push({ index: m.index, end: m.index + m[0].length });
			if (triggers.length > 2 * MAX_STATEMENTS) {
				triggers.splice(0, MAX_STATEMENTS);
			}
			if (m[0] === '') {
				pattern.lastIndex++;
			}
		}
		for (const trigger of triggers.slice(-MAX_STATEMENTS)) {
			// "each correct answer is +5": a rule of the problem, not its answer.
			if (
				/\b(?:each|every|per|an?)\s+$/i.test(
					text.slice(Math.max(0, trigger.index - 8), trigger.index),
				)
			) {
				continue;
			}
			// "the answer is probably not D": ruled out, not stated.
			if (NEGATED.test(text.slice(trigger.end, trigger.end + 40))) {
				continue;
			}
			const span = readStatement(text, trigger.end, maxNewlines, unit);
			if (span !== undefined && !covered(span)) {
				candidates.push({ kind, span: narrowStatement(span), start: trigger.index });
			}
		}
	};
	if (
		saysAnswer ||
		/\bis the (?:correct |final |right )?(?:number|value|result|maximum|minimum)\b/.test(lower)
	) {
		isTheAnswer.lastIndex = 0;
		for (let m = isTheAnswer.exec(text); m !== null; m = isTheAnswer.exec(text)) {
			const span = valueBefore(text, m.index);
			if (span !== undefined && !covered(span)) {
				candidates.push({ kind: 'answer-is', span, start: span.start });
			}
		}
	}
	if (saysAnswer) {
		addStatements(finalAnswerHeader, 'final-answer', 2, 'line');
		addStatements(answerIs, 'answer-is', 1, 'sentence');
		addStatements(answerLabel, 'answer-label', 1, 'line');
	}
	const choices = options.choices ?? new Map<string, string>();
	const letterPatterns = [
		...(saysOption ? choiceStatements : []),
		...(choices.size > 0 ? optionStatements : []),
	];
	for (const pattern of letterPatterns) {
		pattern.lastIndex = 0;
		for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
			const written = m[1] ?? '';
			const letter = written.replace(/[()]/g, '');
			if (
				(letter !== letter.toUpperCase() && !written.startsWith('(')) ||
				(choices.size > 0 && !choices.has(letter.toUpperCase()))
			) {
				continue;
			}
			const at = m.index + m[0].lastIndexOf(written);
			// "So option A or B.": still undecided between two.
			if (
				/^\s*(?:or|\/)\s*(?:option\s+)?\(?[A-J]\b/i.test(
					text.slice(at + written.length, at + written.length + 16),
				)
			) {
				continue;
			}
			const span = { text: written, start: at, end: at + written.length };
			if (!covered(span)) {
				candidates.push({ kind: 'choice', span, start: m.index });
			}
		}
	}
	if (options.statementPair === true) {
		for (const v of verdictPairs(text)) {
			if (!covered(v)) {
				candidates.push({ kind: 'choice', span: v, start: v.start, answer: v.answer });
			}
		}
	}
	if (mode !== 'off' && (mode === 'last' || candidates.length === 0)) {
		const weak: Candidate[] = [];
		const focus = options.question;
		const relevant = (span: TextSpan): boolean =>
			!isUnevaluated(span.text) &&
			(focus === undefined ||
				(isValueLike(span.text, focus) && isAboutQuestion(sentenceAround(text, span), focus)));
		// "For n=1:" opens a case; it does not close one.
		const eq =
			options.equations === false || text.trimEnd().endsWith(':')
				? undefined
				: trailingEquation(text);
		if (eq !== undefined && !covered(eq) && relevant(eq) && !isEquationToSolve(text, eq, focus)) {
			weak.push({ kind: 'trailing-equals', span: eq, start: eq.start });
		}
		const concluded = options.conclusions === false ? undefined : concludingStatement(text);
		if (
			concluded !== undefined &&
			!covered(concluded) &&
			relevant(concluded) &&
			!isEquationToSolve(text, concluded, focus)
		) {
			weak.push({ kind: 'conclusion', span: concluded, start: concluded.start });
		}
		const who =
			focus !== undefined && options.problem !== undefined
				? namedAnswer(text, options.problem, focus.asking)
				: undefined;
		if (who !== undefined && !covered(who)) {
			weak.push({ kind: 'conclusion', span: who, start: who.start });
		}
		const named = choices.size > 0 ? optionByText(text, choices) : undefined;
		if (named !== undefined && !covered(named)) {
			weak.push({ kind: 'choice', span: named, start: named.start, answer: named.answer });
		}
		// In a multiple-choice problem the answer is one of the options: a value that names none ("So
		// product 2 has two new groups" with options that are structures) is a step, not an answer.
		candidates.push(
			...weak.filter((w) => w.kind === 'choice' || namesOption(w.span.text, choices)),
		);
	}
	if (candidates.length === 0) {
		const bare = bareAnswer(text);
		if (
			bare !== undefined &&
			!repeatsOption(bare.text, choices) &&
			namesOption(bare.text, choices)
		) {
			candidates.push({ kind: 'bare', span: bare, start: bare.start });
		}
	}
	const best = pickLast(candidates);
	if (best === undefined) {
		return undefined;
	}
	const stated = best.answer ?? best.span.text.trim();
	// "the answer is A.11": the option named with its own text is that option's letter.
	const value = (choices.size > 0 ? letterWithItsText(choices, stated) : undefined) ?? stated;
	const normalized = normalizeAnswer(value);
	const kind: AnswerKind =
		choiceLetter(value) !== undefined && best.kind !== 'boxed' ? 'choice' : best.kind;
	return {
		value,
		normalized,
		kind,
		charStart: best.span.start,
		charEnd: best.span.end,
		hedged: isHedged(text, best.start, best.span.end),
	};
}

/**
 * The answer a thought (or any passage of thinking) states about `problem`: `extractAnswer` with the
 * problem's question focus. The one extractor behind the heuristic verifier, the reference timeline
 * (oracle, answer at a cut) and the flip check.
 */
export function extractThoughtAnswer(
	text: string,
	problem: string | undefined,
	options: ExtractOptions = {},
): ExtractedAnswer | undefined {
	if (problem === undefined || problem.trim() === '') {
		return extractAnswer(text, options);
	}
	return extractAnswer(text, {
		...options,
		question: questionFocus(problem),
		choices: problemOptions(problem),
		statementPair: isStatementPair(problem),
		problem,
	});
}

function pickLast(candidates: readonly Candidate[]): Candidate | undefined {
	let best: Candidate | undefined;
	for (const c of candidates) {
		if (c.span.text.trim() === '') {
			continue;
		}
		if (
			best === undefined ||
			c.span.end > best.span.end ||
			(c.span.end === best.span.end && rank[c.kind] < rank[best.kind])
		) {
			best = c;
		}
	}
	return best;
}

/** Every boxed answer in the text, in order: for traces whose final response boxes several parts. */
export function extractBoxedAnswers(text: string): ExtractedAnswer[] {
	return findBoxed(text).map((b) => ({
		value: b.content.text.trim(),
		normalized: normalizeAnswer(b.content.text),
		kind: 'boxed',
		charStart: b.content.start,
		charEnd: b.content.end,
		hedged: isHedged(text, b.start, b.end),
	}));
}

/** True without options; with them, when `value` is an option's letter or says what an option says. */
function namesOption(value: string, choices: ProblemOptions): boolean {
	if (choices.size === 0) {
		return true;
	}
	const letter = normalizeAnswer(value);
	if (/^[A-J]$/.test(letter) && choices.has(letter)) {
		return true;
	}
	return (
		optionWithText(choices, value) !== undefined ||
		[...choices.values()].some((text) => answersEquivalent(value, text))
	);
}
