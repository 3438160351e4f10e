import type { PolicyName } from '../../shared/protocol';
import type { AnalyzerEvent } from '../engine/analyzerEvents';
import { estimateTokens } from '../thoughts/thought';
import { shortAnswer } from '../verifier/heuristicVerifier';
import { explainStep } from './explainVerdict';
import { cutView } from './fromAnalysis';
import type { TreeModel } from './treeModel';

/**
 * Feeds a live chain into a tree model as it streams: the reasoning text as it arrives becomes the
 * growing last thought (appended, never re-added), and the chain analyzer's events close thoughts, label
 * them, explain their verdicts, record the stop rule's state and mark the cut. Work per chunk is
 * proportional to the chunk; nothing re-scans the chain.
 */
export class LiveTreeFeeder {
	/** Characters and tokens of the thinking covered by closed thoughts. */
	private closedChars = 0;
	private closedTokens = 0;
	private closedThoughts = 0;
	/** Thinking after the last closed thought: the growing thought's text. */
	private tail = '';
	private tailTokens = 0;

	constructor(
		private readonly model: TreeModel,
		/** The policy the analyzer runs (its states and cut are recorded under this name). */
		private readonly policy: PolicyName,
	) {}

	/**
	 * Reasoning text arrived. `tokens` is the text's token count when the server reports it (else a
	 * documented estimate is used until the thought closes with the analyzer's count). Call it before
	 * handing the same text to the analyzer, whose `thought` events consume it.
	 */
	onReasoning(text: string, tokens?: number): void {
		if (text === '') {
			return;
		}
		this.tail += text;
		this.tailTokens += tokens ?? estimateTokens(text);
		this.showTail();
	}

	/** One event of the chain analyzer (see analyzerEvents.ts). */
	onAnalyzer(event: AnalyzerEvent): void {
		switch (event.type) {
			case 'thought': {
				const { thought } = event;
				this.model.upsertThought({
					index: thought.index,
					text: thought.text,
					tokenStart: thought.tokenStart,
					tokenEnd: thought.tokenEnd,
					complete: true,
				});
				const consumed = thought.charEnd - this.closedChars;
				this.tail = consumed >= this.tail.length ? '' : this.tail.slice(consumed);
				this.closedChars = thought.charEnd;
				this.closedTokens = thought.tokenEnd;
				this.closedThoughts = thought.index + 1;
				this.tailTokens = this.tail === '' ? 0 : estimateTokens(this.tail);
				this.showTail();
				return;
			}
			case 'step':
				this.model.label(event.step.thought.index, {
					explanation: explainStep(event.step),
					answer: event.step.answer === undefined ? undefined : shortAnswer(event.step.answer.text),
				});
				return;
			case 'label': {
				const { label } = event;
				this.model.label(label.index, {
					role: label.role,
					usefulness: label.usefulness,
					reason: label.reason,
					refersTo: label.refersTo,
					answer: label.answer,
				});
				return;
			}
			case 'policyState':
				this.model.label(event.thought, { stopRuleStates: { [this.policy]: event.state } });
				return;
			case 'cut':
				this.model.setCut(cutView(event.cut));
				return;
			case 'verdict':
			case 'predictedCut':
				// A prediction only starts the answer early; the tree shows the cut once it is made.
				return;
		}
	}

	/** The growing thought: the text after the last closed thought, not yet a thought of its own. */
	private showTail(): void {
		if (this.tail.trim() === '') {
			return;
		}
		this.model.upsertThought({
			index: this.closedThoughts,
			text: this.tail,
			tokenStart: this.closedTokens,
			tokenEnd: this.closedTokens + this.tailTokens,
			complete: false,
		});
	}
}
