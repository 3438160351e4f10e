import type {
	AnswerSwitchView,
	ChainView,
	CutView,
	HostToWebview,
	TreeNodeView,
	TreePatchOp,
	ViewState,
} from '../src/shared/protocol';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What one patch changed, so the views redraw only that. */
export interface PatchSummary {
	readonly added: TreeNodeView[];
	/** Nodes whose fields changed (verdict, role, text, tokens). */
	readonly updated: Set<string>;
	/** True when the tree's shape changed (nodes added or moved): the layout must be redone. */
	structural: boolean;
	/** True when a verdict or role changed (redundant runs may change). */
	verdicts: boolean;
	marks: boolean;
	header: boolean;
}

/** What the store tells the view after a message. */
export type StoreChange =
	| { readonly kind: 'reset'; readonly state: ViewState }
	| { readonly kind: 'patched'; readonly chain: ChainView; readonly summary: PatchSummary }
	| { readonly kind: 'resync'; readonly lastSeq: number };

/**
 * Applies the host's snapshot and patches in sequence order. A patch whose number is not the next one
 * means one was lost: the store then asks for a snapshot (`resync`) and drops patches until it comes.
 * Patches are applied in place (nodes by id through an index), so a patch costs what it changes.
 */
export class ChainStore {
	private state: ViewState = { kind: 'loading', message: 'Connecting to ThinkTrim…' };
	private chain: Mutable<ChainView> | undefined;
	private nodes: TreeNodeView[] = [];
	private cuts: CutView[] = [];
	private switches: AnswerSwitchView[] = [];
	private seq = -1;
	private waitingForSnapshot = true;
	private nodeIndex = new Map<string, number>();

	current(): ViewState {
		return this.state;
	}

	/** The chain on screen, if any. */
	currentChain(): ChainView | undefined {
		return this.chain;
	}

	node(id: string | null): TreeNodeView | undefined {
		if (id === null) {
			return undefined;
		}
		const at = this.nodeIndex.get(id);
		return at === undefined ? undefined : this.nodes[at];
	}

	apply(message: HostToWebview): StoreChange | undefined {
		if (message.type === 'snapshot') {
			this.seq = message.seq;
			this.waitingForSnapshot = false;
			this.reset(message.state);
			return { kind: 'reset', state: this.state };
		}
		if (message.type !== 'patch' || this.waitingForSnapshot) {
			return undefined;
		}
		if (message.seq !== this.seq + 1) {
			this.waitingForSnapshot = true;
			return { kind: 'resync', lastSeq: this.seq };
		}
		this.seq = message.seq;
		if (this.chain === undefined || this.chain.runId !== message.runId) {
			return undefined;
		}
		const summary: PatchSummary = {
			added: [],
			updated: new Set(),
			structural: false,
			verdicts: false,
			marks: false,
			header: false,
		};
		for (const op of message.ops) {
			this.applyOp(this.chain, op, summary);
		}
		return { kind: 'patched', chain: this.chain, summary };
	}

	private reset(state: ViewState): void {
		this.nodeIndex = new Map();
		if (state.kind !== 'chain') {
			this.chain = undefined;
			this.nodes = [];
			this.state = state;
			return;
		}
		this.nodes = [...state.chain.nodes];
		this.cuts = [...state.chain.cuts];
		this.switches = [...state.chain.answerSwitches];
		this.nodes.forEach((node, i) => this.nodeIndex.set(node.id, i));
		this.chain = {
			...state.chain,
			nodes: this.nodes,
			cuts: this.cuts,
			answerSwitches: this.switches,
		};
		this.state = { kind: 'chain', chain: this.chain };
	}

	private applyOp(chain: Mutable<ChainView>, op: TreePatchOp, summary: PatchSummary): void {
		switch (op.op) {
			case 'addNode':
				this.nodeIndex.set(op.node.id, this.nodes.length);
				this.nodes.push(op.node);
				summary.added.push(op.node);
				summary.structural = true;
				return;
			case 'updateNode':
				this.replaceNode(op.id, (node) => ({ ...node, ...op.changes }), summary);
				if (op.changes.parentId !== undefined) {
					summary.structural = true;
				}
				if (op.changes.usefulness !== undefined || op.changes.role !== undefined) {
					summary.verdicts = true;
				}
				return;
			case 'appendText':
				this.replaceNode(
					op.id,
					(node) => ({ ...node, text: node.text + op.text, tokenEnd: op.tokenEnd }),
					summary,
				);
				return;
			case 'setCut': {
				const at = this.cuts.findIndex((c) => c.policy === op.cut.policy);
				if (at === -1) {
					this.cuts.push(op.cut);
				} else {
					this.cuts[at] = op.cut;
				}
				summary.marks = summary.header = true;
				return;
			}
			case 'clearCut': {
				const at = this.cuts.findIndex((c) => c.policy === op.policy);
				if (at !== -1) {
					this.cuts.splice(at, 1);
				}
				summary.marks = summary.header = true;
				return;
			}
			case 'setOracle':
				setOptional(chain, 'oracle', op.oracle ?? undefined);
				summary.marks = true;
				return;
			case 'addAnswerSwitch':
				this.switches.push(op.answerSwitch);
				summary.marks = true;
				return;
			case 'setStatus':
				chain.status = op.status;
				chain.thinkingTokens = op.thinkingTokens;
				setOptional(chain, 'statusMessage', op.message);
				setOptional(chain, 'statusActions', op.actions);
				summary.header = true;
				return;
			case 'setFigures':
				chain.figures = op.figures;
				if (op.finalAnswer !== undefined) {
					chain.finalAnswer = op.finalAnswer;
				}
				summary.header = true;
				return;
		}
	}

	private replaceNode(
		id: string,
		change: (node: TreeNodeView) => TreeNodeView,
		summary: PatchSummary,
	): void {
		const at = this.nodeIndex.get(id);
		const node = at === undefined ? undefined : this.nodes[at];
		if (at !== undefined && node !== undefined) {
			this.nodes[at] = change(node);
			summary.updated.add(id);
		}
	}
}

/** Sets or removes an optional field, so the chain compares equal to a fresh snapshot. */
function setOptional<K extends 'oracle' | 'statusMessage' | 'statusActions'>(
	chain: Mutable<ChainView>,
	key: K,
	value: ChainView[K] | undefined,
): void {
	if (value === undefined) {
		delete chain[key];
	} else {
		chain[key] = value;
	}
}
