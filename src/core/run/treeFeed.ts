import type { TokenCounter } from '../tokens/tokenCounter';
import { explainStep } from '../tree/explainVerdict';
import type { TreeModel } from '../tree/treeModel';
import type { PolicyName } from '../../shared/protocol';
import type { RunEvent } from './runTypes';

/**
 * Feeds a live run into the tree model as it streams: the growing last thought (appended per chunk, its
 * tokens counted per chunk, never re-counting the thought), each closed thought, verdicts (as explained
 * by the detail pane), labels, the stop-rule state and the cut. In act mode nothing after the cut is drawn.
 */
export class RunTreeFeed {
	private streamed = '';
	private closedEnd = 0;
	private closedCount = 0;
	private growingStart = 0;
	private growingTokens = 0;
	private growingShown = false;
	private stopped = false;

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
			case 'step':
				this.model.label(e.step.thought.index, { explanation: explainStep(e.step) });
				return;
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
			case 'verdict':
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
