import type { TokenCounter } from '../tokens/tokenCounter';
import type { TreeModel } from '../tree/treeModel';
import type { Verdict } from '../verifier/verdict';
import type { PolicyName, VerdictExplanationView, VerifierQuestionView, VerifierSource } from '../../shared/protocol';
import type { RunEvent } from './runTypes';

function sourceOf(verdict: Verdict): VerifierSource {
	return verdict.source === 'heuristic-after-llm-failure' ? 'fallback' : verdict.source;
}

/** A verifier verdict as the detail pane explains it: the question as sent and the answer read. */
export function questionView(verdict: Verdict): VerifierQuestionView {
	const prompt =
		verdict.llm !== undefined
			? verdict.llm.messages.map((m) => `[${m.role}]\n${m.content}`).join('\n\n')
			: verdict.question === 'answer-presence'
				? `Does this excerpt state an answer?\n${verdict.excerpt}`
				: `Are these the same answer?\nA: ${verdict.answerA}\nB: ${verdict.answerB}`;
	const pYes = verdict.llm?.pYes;
	return {
		question: verdict.question === 'answer-presence' ? 'answerExists' : 'equivalent',
		prompt,
		verdict: verdict.yes,
		pYes,
		pNo: pYes !== undefined ? 1 - pYes : undefined,
		source: sourceOf(verdict),
		latencyMs: verdict.latencyMs,
		note: verdict.error !== undefined ? `${verdict.reason} (${verdict.error})` : verdict.reason,
	};
}

/** The explanation of a thought's verdicts so far. */
export function explanationView(verdicts: readonly Verdict[]): VerdictExplanationView {
	const questions = verdicts.map(questionView);
	const fallback = verdicts.find((v) => v.source === 'heuristic-after-llm-failure');
	const llm = verdicts.find((v) => v.llm !== undefined);
	const source: VerifierSource = fallback !== undefined ? 'fallback' : llm !== undefined && llm.source === 'llm' ? 'llm' : 'heuristic';
	return {
		source,
		verifierModel: llm?.llm?.model,
		questions,
		latencyMs: verdicts.reduce((sum, v) => sum + v.latencyMs, 0),
		heuristicReason: source === 'heuristic' ? verdicts.map((v) => v.reason).join('; ') : undefined,
		fallbackReason: fallback?.error,
	};
}

/**
 * Feeds a live run into the tree model as it streams: the growing last thought (appended per chunk, its
 * tokens counted per chunk, never re-counting the thought), each closed thought, verdicts with their
 * explanations, labels, the stop-rule state and the cut. In act mode nothing after the cut is drawn.
 */
export class RunTreeFeed {
	private streamed = '';
	private closedEnd = 0;
	private closedCount = 0;
	private growingStart = 0;
	private growingTokens = 0;
	private growingShown = false;
	private stopped = false;
	private readonly verdicts = new Map<number, Verdict[]>();

	constructor(
		private readonly model: TreeModel,
		private readonly policy: PolicyName,
		private readonly counter: TokenCounter,
	) {}

	onRunEvent(event: RunEvent): void {
		if (event.type === 'cutting') {
			this.stopped = true;
			return;
		}
		if (event.type === 'stream') {
			if (event.event.type === 'reasoning' && !this.stopped) {
				this.grow(event.event.text);
			}
			return;
		}
		if (event.type !== 'analyzer') {
			return;
		}
		const e = event.event;
		switch (e.type) {
			case 'thought':
				this.model.upsertThought({ index: e.thought.index, text: e.thought.text, tokenStart: e.thought.tokenStart, tokenEnd: e.thought.tokenEnd, complete: true });
				this.closedEnd = e.thought.charEnd;
				this.closedCount = e.thought.index + 1;
				this.growingStart = e.thought.tokenEnd;
				this.growingShown = false;
				this.growingTokens = 0;
				if (!this.stopped && this.streamed.length > this.closedEnd) {
					this.grow('');
				}
				return;
			case 'verdict': {
				const list = this.verdicts.get(e.verdict.thoughtIndex) ?? [];
				list.push(e.verdict);
				this.verdicts.set(e.verdict.thoughtIndex, list);
				if (e.verdict.thoughtIndex < this.closedCount) {
					this.model.label(e.verdict.thoughtIndex, { explanation: explanationView(list) });
				}
				return;
			}
			case 'label':
				this.model.label(e.label.index, { role: e.label.role, usefulness: e.label.usefulness, reason: e.label.reason, answer: e.label.answer, refersTo: e.label.refersTo });
				return;
			case 'policyState':
				if (e.thought < this.closedCount) {
					this.model.label(e.thought, { stopRuleStates: { [this.policy]: e.state } });
				}
				return;
			case 'cut':
				this.model.setCut({ policy: e.cut.policy, thought: e.cut.thought, tokenOffset: e.cut.tokenOffset, trigger: e.cut.trigger, explanation: e.cut.explanation });
				return;
			case 'step':
				return;
		}
	}

	/** Adds streamed text to the growing thought (the one after the last closed thought). */
	private grow(text: string): void {
		this.streamed += text;
		if (!this.growingShown) {
			const rest = this.streamed.slice(this.closedEnd);
			if (rest.trim() === '') {
				return;
			}
			this.growingTokens = this.counter.count(rest);
			this.model.upsertThought({ index: this.closedCount, text: rest, tokenStart: this.growingStart, tokenEnd: this.growingStart + this.growingTokens, complete: false });
			this.growingShown = true;
			return;
		}
		if (text !== '') {
			this.growingTokens += this.counter.count(text);
			this.model.appendToThought(this.closedCount, text, this.growingStart + this.growingTokens);
		}
	}
}
