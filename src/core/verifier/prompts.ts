import type { ChatMessage } from './verdict';

/**
 * The verifier's prompts, editable. Both questions send `system` + a user message that starts with
 * `problem` (the problem text) and ends with the question's own part, the judged text last. The
 * system message and the problem part are byte-identical for every call on a chain, so the verifier
 * server's prefix cache (vLLM APC) reuses them; only the tail is new per call.
 *
 * Placeholders: `{problem}` in `problem`; `{excerpt}` in `answerPresence`; `{answerA}` and `{answerB}`
 * in `equivalence`; `{answerA}` and `{excerpt}` in `joint`. Values are inserted once, never re-scanned, so braces in LaTeX are safe.
 */
export interface VerifierPrompts {
	readonly system: string;
	readonly problem: string;
	readonly answerPresence: string;
	readonly equivalence: string;
	/** p1 and p2 in one question, answered None, Same or Other (see `jointMessages`). */
	readonly joint: string;
}

/**
 * Our wording of TrimR's two questions (docs/engine.md#llm-verifier; the paper's appendix text was not
 * available), with few-shot examples in the shared system message.
 */
export const DEFAULT_VERIFIER_PROMPTS: VerifierPrompts = {
	system: [
		"You check excerpts of a model's step-by-step reasoning about a problem. Reply with exactly one " +
			'word: Yes or No, or for the third kind of question None, Same or Other.',
		'',
		'There are three kinds of question.',
		'1. "Does the excerpt state a definite final answer?" Yes when it states a ' +
			'value, expression, option or conclusion as the answer to the whole problem ' +
			'(even if it goes on to double-check it). No for a plan, a partial step, or an ' +
			'intermediate quantity.',
		'2. "Are answers A and B the same final answer?" Yes when they are ' +
			'mathematically or logically equivalent, ignoring formatting, units written or ' +
			'omitted, and LaTeX.',
		'3. "Does the excerpt state a definite final answer, and is it answer A?" None when it ' +
			'states no final answer (as in 1), Same when it states one equivalent to answer A (as in 2), ' +
			'Other when it states a different one.',
		'',
		'Examples:',
		'Excerpt: "So the total time is 3 hours 24 minutes, which is 204 minutes. So is that the answer?" → Yes',
		'Excerpt: "First, let me convert 2 hours 24 minutes into hours." → No',
		'Excerpt: "Therefore, the answer is \\boxed{C}." → Yes',
		'Excerpt: "So s = 2.5 km/h. Now we need t." → No',
		'Answer A: "204 minutes" Answer B: "3.4 hours" → Yes',
		'Answer A: "\\frac{1}{2}" Answer B: "0.5" → Yes',
		'Answer A: "18" Answer B: "20" → No',
		'Answer A: "204 minutes" Excerpt: "That is 3.4 hours, as before." → Same',
		'Answer A: "18" Excerpt: "So it is 20, not 18." → Other',
	].join('\n'),
	problem: 'Problem:\n{problem}\n\n',
	answerPresence:
		'Question: Does the excerpt state a definite final answer to the problem? Reply Yes or No.\n\nExcerpt:\n{excerpt}',
	equivalence:
		'Question: Are answers A and B the same final answer to the problem? Reply Yes or No.\n\nAnswer A: {answerA}\nAnswer B: {answerB}',
	joint:
		'Question: Does the excerpt state a definite final answer to the problem, and is it answer A? ' +
		'Reply None, Same or Other.\n\nAnswer A: {answerA}\n\nExcerpt:\n{excerpt}',
};

/** Replaces `{name}` placeholders in one pass. Unknown placeholders are left as written. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
	return template.replace(
		/\{(problem|excerpt|answerA|answerB)\}/g,
		(whole, name: string) => values[name] ?? whole,
	);
}

/** Checks edited prompts: each template must contain its placeholders. Returns the problems found. */
export function checkPrompts(prompts: VerifierPrompts): string[] {
	const problems: string[] = [];
	const need = (field: keyof VerifierPrompts, placeholder: string): void => {
		if (!prompts[field].includes(placeholder)) {
			problems.push(`verifier prompt "${field}" must contain ${placeholder}`);
		}
	};
	need('problem', '{problem}');
	need('answerPresence', '{excerpt}');
	need('equivalence', '{answerA}');
	need('equivalence', '{answerB}');
	need('joint', '{answerA}');
	need('joint', '{excerpt}');
	return problems;
}

/** The shared system message, then the problem and the question as the user's message. */
function questionMessages(
	prompts: VerifierPrompts,
	problem: string,
	question: string,
): ChatMessage[] {
	return [
		{ role: 'system', content: prompts.system },
		{ role: 'user', content: fillTemplate(prompts.problem, { problem }) + question },
	];
}

/** The chat messages for p1. */
export function answerPresenceMessages(
	prompts: VerifierPrompts,
	problem: string,
	excerpt: string,
): ChatMessage[] {
	return questionMessages(prompts, problem, fillTemplate(prompts.answerPresence, { excerpt }));
}

/** The chat messages for p2. */
export function equivalenceMessages(
	prompts: VerifierPrompts,
	problem: string,
	answerA: string,
	answerB: string,
): ChatMessage[] {
	return questionMessages(
		prompts,
		problem,
		fillTemplate(prompts.equivalence, { answerA, answerB }),
	);
}

/**
 * The chat messages for p1 and p2 asked together, for a thought that needs both: one request per
 * thought. One token answers both because it has three values (None = p1 no; Same = p1 yes, p2 yes;
 * Other = p1 yes, p2 no); a single Yes/No to "states answer A?" could not tell no answer from another.
 */
export function jointMessages(
	prompts: VerifierPrompts,
	problem: string,
	answerA: string,
	excerpt: string,
): ChatMessage[] {
	return questionMessages(prompts, problem, fillTemplate(prompts.joint, { answerA, excerpt }));
}
