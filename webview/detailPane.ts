import type {
	ChainView,
	PolicyName,
	TreeNodeView,
	VerdictExplanationView,
	VerifierQuestionView,
} from '../src/shared/protocol';
import {
	formatCount,
	formatDuration,
	formatProbability,
	policyLabel,
	ROLE_LABELS,
	VERDICT_LABELS,
} from './format';
import { makeButton } from './ui/toolkit';

const SOURCE_LABELS = {
	llm: 'LLM verifier',
	heuristic: 'heuristic verifier',
	fallback: 'heuristic (LLM verifier failed)',
} as const;

const QUESTION_LABELS = {
	answerExists: 'Does this thought state an answer?',
	equivalent: 'Is it the same answer as the previous one?',
} as const;

/**
 * The selected thought: its figures, its answer, why it got its verdict (the verifier's questions as
 * sent, Yes/No probabilities, source, latency, the stop rule's state) and its full text. Everything is
 * set with `textContent`, never parsed as HTML.
 */
export class DetailPane {
	readonly element: HTMLElement;
	private readonly heading: HTMLElement;
	private readonly meta: HTMLElement;
	private readonly explanation: HTMLElement;
	private readonly body: HTMLElement;
	private readonly actions: HTMLElement;

	/** `onWhatIf`: ask the host for the answer from the selected thought (absent in exported pages). */
	constructor(
		container: HTMLElement,
		private readonly onWhatIf?: () => void,
	) {
		this.element = el('section', 'detail');
		this.element.setAttribute('aria-label', 'Selected thought');
		this.element.tabIndex = -1;
		this.heading = el('h2', 'detail-heading');
		this.meta = el('div', 'detail-meta');
		this.explanation = el('div', 'detail-explanation');
		this.body = el('pre', 'detail-text');
		this.actions = el('div', 'detail-actions');
		this.element.append(this.heading, this.meta, this.actions, this.explanation, this.body);
		container.appendChild(this.element);
		this.show(undefined, undefined, 'trimr');
	}

	show(chain: ChainView | undefined, node: TreeNodeView | undefined, policy: PolicyName): void {
		this.explanation.replaceChildren();
		this.actions.replaceChildren();
		if (chain === undefined || node === undefined) {
			this.element.classList.add('empty');
			this.heading.textContent = 'No thought selected';
			this.meta.textContent =
				'Click a node in the tree or the timeline, or focus the tree and use the arrow keys.';
			this.body.textContent = '';
			return;
		}
		this.element.classList.remove('empty');
		this.body.textContent = node.text;
		if (node.role === 'problem') {
			this.heading.textContent = 'Problem';
			this.meta.textContent = [
				chain.model,
				chain.benchmark,
				chain.goldAnswer !== undefined ? `gold answer ${chain.goldAnswer}` : undefined,
			]
				.filter((s) => s !== undefined)
				.join(' · ');
			return;
		}
		const thoughts = chain.nodes.length - 1;
		this.heading.textContent = `Thought ${node.index + 1} of ${thoughts}${node.streaming === true ? ' (still streaming)' : ''}`;
		const tokens = node.tokenEnd - node.tokenStart;
		this.meta.replaceChildren(
			pill(`verdict-${node.usefulness}`, VERDICT_LABELS[node.usefulness]),
			pill('role', ROLE_LABELS[node.role]),
			text(
				` ${formatCount(tokens)} tokens (${formatCount(node.tokenStart)}–${formatCount(node.tokenEnd)})`,
			),
			text(node.refersTo !== undefined ? ` · refers to thought ${node.refersTo + 1}` : ''),
		);
		if (this.onWhatIf !== undefined && chain.status !== 'streaming') {
			const onWhatIf = this.onWhatIf;
			this.actions.append(
				makeButton('What if I stopped here?', 'debug-step-out', () => onWhatIf(), 'secondary'),
			);
		}
		this.renderExplanation(node, policy);
	}

	/** Brings the pane into view and focuses it (Enter on a node). */
	open(): void {
		this.element.scrollIntoView({ block: 'nearest' });
		this.element.focus({ preventScroll: true });
	}

	private renderExplanation(node: TreeNodeView, policy: PolicyName): void {
		const rows: HTMLElement[] = [];
		rows.push(row('Answer', node.answer ?? 'none stated', 'detail-answer'));
		if (node.reason !== undefined) {
			rows.push(row('Why', node.reason, 'detail-reason'));
		}
		const state = node.stopRuleStates?.[policy];
		if (state !== undefined) {
			rows.push(row(`${policyLabel(policy)} rule`, state, 'detail-rule'));
		}
		for (const [other, value] of Object.entries(node.stopRuleStates ?? {})) {
			if (other !== policy && value !== undefined) {
				rows.push(row(policyLabel(other as PolicyName), value, 'detail-rule other'));
			}
		}
		if (node.explanation !== undefined) {
			rows.push(...verifierRows(node.explanation));
		} else if (node.streaming === true) {
			rows.push(row('Verifier', 'waiting for the thought to finish', 'detail-verifier'));
		}
		this.explanation.replaceChildren(...rows);
	}
}

function verifierRows(x: VerdictExplanationView): HTMLElement[] {
	const rows: HTMLElement[] = [];
	const summary = [
		SOURCE_LABELS[x.source],
		x.verifierModel,
		x.latencyMs !== undefined ? formatDuration(x.latencyMs) : undefined,
	]
		.filter((s) => s !== undefined)
		.join(' · ');
	rows.push(row('Verifier', summary, `detail-verifier source-${x.source}`));
	if (x.fallbackReason !== undefined) {
		rows.push(row('Fallback', x.fallbackReason, 'detail-fallback'));
	}
	if (x.heuristicReason !== undefined) {
		rows.push(row('Heuristic', x.heuristicReason, 'detail-heuristic'));
	}
	for (const q of x.questions) {
		rows.push(questionBlock(q));
	}
	return rows;
}

function questionBlock(q: VerifierQuestionView): HTMLElement {
	const block = el('details', 'detail-question');
	const summary = el('summary', 'detail-question-summary');
	const probability =
		q.pYes !== undefined
			? ` P(yes) ${formatProbability(q.pYes)}${q.pNo !== undefined ? ` · P(no) ${formatProbability(q.pNo)}` : ''}`
			: '';
	summary.append(
		text(`${QUESTION_LABELS[q.question]} `),
		pill(q.verdict ? 'answer-yes' : 'answer-no', q.verdict ? 'Yes' : 'No'),
		text(
			`${probability} · ${SOURCE_LABELS[q.source]}${q.latencyMs !== undefined ? ` · ${formatDuration(q.latencyMs)}` : ''}`,
		),
	);
	const prompt = el('pre', 'detail-prompt');
	prompt.textContent = q.prompt;
	block.append(summary);
	if (q.note !== undefined) {
		const note = el('div', 'detail-note');
		note.textContent = q.note;
		block.append(note);
	}
	block.append(prompt);
	return block;
}

function row(label: string, value: string, className: string): HTMLElement {
	const line = el('div', `detail-row ${className}`);
	const name = el('span', 'detail-label');
	name.textContent = `${label}: `;
	const content = el('span', 'detail-value');
	content.textContent = value;
	line.append(name, content);
	return line;
}

function pill(className: string, label: string): HTMLElement {
	const span = el('span', `pill ${className}`);
	span.textContent = label;
	return span;
}

function text(value: string): Text {
	return document.createTextNode(value);
}

/** Creates an element with a class; content is added by callers through `textContent`. */
export function el<K extends keyof HTMLElementTagNameMap>(
	tag: K,
	className: string,
): HTMLElementTagNameMap[K] {
	const node = document.createElement(tag);
	node.className = className;
	return node;
}
