import type { ChatMessage } from './verdict';

/**
 * The verifier's prompts, editable. Both questions send `system` + a user message that starts with
 * `problem` (the problem text) and ends with the question's own part, the judged text last. The
 * system message and the problem part are byte-identical for every call on a chain, so the verifier
 * server's prefix cache (vLLM APC) reuses them; only the tail is new per call.
 *
 * Placeholders: `{problem}` in `problem`; `{excerpt}` in `answerPresence`; `{answerA}` and `{answerB}`
 * in `equivalence`. Values are inserted once, never re-scanned, so braces in LaTeX are safe.
 */
export interface VerifierPrompts {
	readonly system: string;
	readonly problem: string;
	readonly answerPresence: string;
	readonly equivalence: string;
}

/**
 * Our wording of TrimR's two questions (docs/engine.md#llm-verifier; the paper's appendix text was not
 * available), with few-shot examples in the shared system message.
 */
export const DEFAULT_VERIFIER_PROMPTS: VerifierPrompts = {
	system: [
		"You check excerpts of a model's step-by-step reasoning about a problem. Reply with exactly one word: Yes or No.",
		'',
		'There are two kinds of question.',
		'1. "Does the excerpt state a definite final answer?" Yes when it states a ' +
			'value, expression, option or conclusion as the answer to the whole problem ' +
			'(even if it goes on to double-check it). No for a plan, a partial step, or an ' +
			'intermediate quantity.',
		'2. "Are answers A and B the same final answer?" Yes when they are ' +
			'mathematically or logically equivalent, ignoring formatting, units written or ' +
			'omitted, and LaTeX.',
		'',
		'Examples:',
		'Excerpt: "So the total time is 3 hours 24 minutes, which is 204 minutes. So is that the answer?" → Yes',
		'Excerpt: "First, let me convert 2 hours 24 minutes into hours." → No',
		'Excerpt: "Therefore, the answer is \\boxed{C}." → Yes',
		'Excerpt: "So s = 2.5 km/h. Now we need t." → No',
		'Answer A: "204 minutes" Answer B: "3.4 hours" → Yes',
		'Answer A: "\\frac{1}{2}" Answer B: "0.5" → Yes',
		'Answer A: "18" Answer B: "20" → No',
	].join('\n'),
	problem: 'Problem:\n{problem}\n\n',
	answerPresence:
		'Question: Does the excerpt state a definite final answer to the problem? Reply Yes or No.\n\nExcerpt:\n{excerpt}',
	equivalence:
		'Question: Are answers A and B the same final answer to the problem? Reply Yes or No.\n\nAnswer A: {answerA}\nAnswer B: {answerB}',
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
