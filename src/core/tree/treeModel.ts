import type {
	AnswerSwitchView,
	ChainFigures,
	ChainStatus,
	ChainView,
	CutView,
	OracleView,
	PolicyName,
	TreeNodeView,
	TreePatchOp,
} from '../../shared/protocol';
import {
	isAnchor,
	parentFor,
	SortedIndexSet,
	thoughtNodeId,
	type ParentContext,
} from './parentRule';
import type { ErrorAction } from '../../shared/userError';
import type { ChainMeta, ThoughtInput, ThoughtLabelInput } from './treeInput';

import { PendingChanges } from './pendingChanges';
import {
	compact,
	LABEL_KEYS,
	nodeChangeOps,
	nodeView,
	problemNode,
	thoughtRole,
	type ChangeKey,
	type NodeRecord,
} from './treePatch';

/**
 * The reasoning tree of one chain. It grows one thought at a time (the last thought may keep growing),
 * places each thought under its parent by role (see parentRule.ts), and records what changed so that
 * `drainPatch()` returns only small ops (add node, append text, update verdict, set cut, status) —
 * never a rebuild. `snapshot()` gives the full view; a snapshot followed by the drained patches equals
 * the next snapshot.
 */
export class TreeModel {
	private readonly nodes: NodeRecord[] = [];
	private readonly problem: TreeNodeView;
	private readonly anchors = new SortedIndexSet();
	private readonly cuts = new Map<PolicyName, CutView>();
	private readonly answerSwitches: AnswerSwitchView[] = [];
	private oracle: OracleView | undefined;
	private status: ChainStatus;
	private statusMessage: string | undefined;
	private statusActions: readonly ErrorAction[] | undefined;
	private figures: ChainFigures;
	private finalAnswer: string | undefined;

	// What the last drained patch (or snapshot) already told the view.
	private sentNodes = 0;
	private readonly changes = new PendingChanges();
	private readonly dirtyCuts = new Set<PolicyName>();
	private sentSwitches = 0;
	private oracleDirty = false;
	private statusDirty = false;
	private sentThinkingTokens = 0;
	private figuresDirty = false;
	private readonly parentContext: ParentContext = {
		parentOf: (index) => this.nodes[index]?.parentId,
		lastAnchorBefore: (index) => this.anchors.lastBefore(index),
	};

	constructor(
		private readonly meta: ChainMeta,
		status: ChainStatus = 'streaming',
	) {
		this.status = status;
		this.figures = meta.figures;
		this.finalAnswer = meta.finalAnswer;
		this.problem = problemNode(meta.problem);
	}

	get runId(): string {
		return this.meta.runId;
	}

	/** Number of thoughts so far. */
	get thoughtCount(): number {
		return this.nodes.length;
	}

	/** Thinking tokens so far: the end of the last thought. */
	get thinkingTokens(): number {
		return this.nodes.at(-1)?.tokenEnd ?? 0;
	}

	/** Calls `listener` whenever changes become pending after a drain (at most once per drain). */
	onDidChange(listener: () => void): () => void {
		return this.changes.onDidChange(listener);
	}

	/**
	 * Adds thought `input.index` (the next one) or updates an existing one: a longer text that extends the
	 * old one becomes an `appendText` op, so a streaming thought is never re-added.
	 */
	upsertThought(input: ThoughtInput): void {
		const existing = this.nodes[input.index];
		if (existing === undefined) {
			this.addThought(input);
			return;
		}
		if (input.text !== existing.text) {
			if (input.text.length > existing.text.length && input.text.startsWith(existing.text)) {
				existing.text = input.text;
			} else {
				existing.text = input.text;
				existing.textReplaced = true;
			}
			this.changes.mark(input.index, 'tokenEnd');
		}
		this.setField(existing, 'tokenStart', input.tokenStart);
		this.setField(existing, 'tokenEnd', input.tokenEnd);
		this.setField(existing, 'streaming', input.complete === false);
		if (input.label !== undefined) {
			this.label(input.index, input.label);
		}
	}

	/** Appends streamed text to the last thought (cheaper than `upsertThought` with the whole text). */
	appendToThought(index: number, text: string, tokenEnd: number): void {
		const node = this.requireNode(index);
		node.text += text;
		node.tokenEnd = tokenEnd;
		this.changes.mark(index, 'tokenEnd');
	}

	/** Merges the engine's label into thought `index`; moves the node when its role or reference moves it. */
	label(index: number, label: ThoughtLabelInput): void {
		const node = this.requireNode(index);
		const wasAnchor = isAnchor(thoughtRole(node), node.answer);
		for (const key of LABEL_KEYS) {
			const value = label[key];
			if (value !== undefined) {
				this.setField(node, key, value);
			}
		}
		const nowAnchor = isAnchor(thoughtRole(node), node.answer);
		if (wasAnchor !== nowAnchor) {
			if (nowAnchor) {
				this.anchors.add(index);
			} else {
				this.anchors.delete(index);
			}
		}
		if (label.role !== undefined || label.refersTo !== undefined) {
			this.setField(
				node,
				'parentId',
				parentFor(index, thoughtRole(node), node.refersTo, this.parentContext),
			);
		}
	}

	/** Sets (or replaces) the cut of `cut.policy`. */
	setCut(cut: CutView): void {
		this.cuts.set(cut.policy, cut);
		this.dirtyCuts.add(cut.policy);
		this.changes.touch();
	}

	clearCut(policy: PolicyName): void {
		if (this.cuts.delete(policy)) {
			this.dirtyCuts.add(policy);
			this.changes.touch();
		}
	}

	setOracle(oracle: OracleView | undefined): void {
		this.oracle = oracle;
		this.oracleDirty = true;
		this.changes.touch();
	}

	addAnswerSwitch(answerSwitch: AnswerSwitchView): void {
		this.answerSwitches.push(answerSwitch);
		this.changes.touch();
	}

	/**
	 * Sets the chain's status; a chain that stops streaming has no growing thought any more. `actions`:
	 * what the view offers about a failure (none when empty).
	 */
	setStatus(status: ChainStatus, message?: string, actions?: readonly ErrorAction[]): void {
		this.status = status;
		this.statusMessage = message;
		this.statusActions = actions !== undefined && actions.length > 0 ? actions : undefined;
		this.statusDirty = true;
		if (status !== 'streaming') {
			const last = this.nodes.at(-1);
			if (last !== undefined) {
				this.setField(last, 'streaming', false);
			}
		}
		this.changes.touch();
	}

	setFigures(figures: ChainFigures, finalAnswer?: string): void {
		this.figures = figures;
		if (finalAnswer !== undefined) {
			this.finalAnswer = finalAnswer;
		}
		this.figuresDirty = true;
		this.changes.touch();
	}

	/** The whole chain as the view draws it. */
	snapshot(): ChainView {
		return compact({
			runId: this.meta.runId,
			title: this.meta.title,
			model: this.meta.model,
			benchmark: this.meta.benchmark,
			source: this.meta.source,
			status: this.status,
			statusMessage: this.statusMessage,
			statusActions: this.statusActions,
			thinkingTokens: this.thinkingTokens,
			finalAnswer: this.finalAnswer,
			goldAnswer: this.meta.goldAnswer,
			figures: this.figures,
			cuts: [...this.cuts.values()],
			oracle: this.oracle,
			answerSwitches: [...this.answerSwitches],
			options: this.meta.options,
			nodes: [this.problem, ...this.nodes.map(nodeView)],
		});
	}

	/** A snapshot that also marks everything as sent (the host calls this when it sends a snapshot). */
	resync(): ChainView {
		this.drainPatch();
		return this.snapshot();
	}

	/** The changes since the last drain, as few small ops: new nodes parents first, then updates. */
	drainPatch(): TreePatchOp[] {
		const ops: TreePatchOp[] = [];
		const changed = this.changes.takeChanged();
		for (const [index, keys] of changed) {
			const node = this.nodes[index];
			if (node !== undefined && index < this.sentNodes) {
				ops.push(...nodeChangeOps(node, keys));
			}
		}
		for (let i = this.sentNodes; i < this.nodes.length; i++) {
			const node = this.nodes[i] as NodeRecord;
			ops.push({ op: 'addNode', node: nodeView(node) });
			node.sentText = node.text.length;
			node.textReplaced = false;
		}
		this.sentNodes = this.nodes.length;
		for (const policy of this.dirtyCuts) {
			const cut = this.cuts.get(policy);
			ops.push(cut === undefined ? { op: 'clearCut', policy } : { op: 'setCut', cut });
		}
		this.dirtyCuts.clear();
		if (this.oracleDirty) {
			ops.push({ op: 'setOracle', oracle: this.oracle ?? null });
			this.oracleDirty = false;
		}
		for (; this.sentSwitches < this.answerSwitches.length; this.sentSwitches++) {
			ops.push({
				op: 'addAnswerSwitch',
				answerSwitch: this.answerSwitches[this.sentSwitches] as AnswerSwitchView,
			});
		}
		if (this.figuresDirty) {
			ops.push(
				compact({
					op: 'setFigures' as const,
					figures: this.figures,
					finalAnswer: this.finalAnswer,
				}),
			);
			this.figuresDirty = false;
		}
		if (this.statusDirty || this.sentThinkingTokens !== this.thinkingTokens) {
			this.sentThinkingTokens = this.thinkingTokens;
			ops.push(
				compact({
					op: 'setStatus' as const,
					status: this.status,
					thinkingTokens: this.thinkingTokens,
					message: this.statusMessage,
					actions: this.statusActions,
				}),
			);
			this.statusDirty = false;
		}
		this.changes.drained();
		return ops;
	}

	private addThought(input: ThoughtInput): void {
		if (input.index !== this.nodes.length) {
			throw new Error(
				`thought ${input.index} arrived while the chain has ${this.nodes.length} thoughts; thoughts must arrive in order`,
			);
		}
		const previous = this.nodes.at(-1);
		if (previous?.streaming === true) {
			this.setField(previous, 'streaming', false);
		}
		const node: NodeRecord = {
			id: thoughtNodeId(input.index),
			parentId: parentFor(input.index, undefined, undefined, this.parentContext),
			index: input.index,
			role: 'progress',
			usefulness: 'undecided',
			text: input.text,
			tokenStart: input.tokenStart,
			tokenEnd: input.tokenEnd,
			streaming: input.complete === false,
			sentText: 0,
			textReplaced: false,
		};
		this.nodes.push(node);
		this.changes.touch();
		if (input.label !== undefined) {
			this.label(input.index, input.label);
		}
	}

	private requireNode(index: number): NodeRecord {
		const node = this.nodes[index];
		if (node === undefined) {
			throw new Error(`no thought ${index} in this chain (it has ${this.nodes.length})`);
		}
		return node;
	}

	private setField<K extends ChangeKey>(node: NodeRecord, key: K, value: NodeRecord[K]): void {
		if (node[key] === value) {
			return;
		}
		node[key] = value;
		this.changes.mark(node.index, key);
	}
}
