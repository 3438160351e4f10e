import type { ChainView, HostToWebview, TreeNodeView, TreePatchOp, ViewState } from '../src/shared/protocol';

/** What the store tells the view after a message. */
export type StoreChange =
	| { readonly kind: 'reset'; readonly state: ViewState }
	| { readonly kind: 'patched'; readonly chain: ChainView; readonly added: readonly TreeNodeView[]; readonly updated: readonly string[] }
	| { readonly kind: 'resync'; readonly lastSeq: number };

/**
 * Applies the host's snapshot and patches in sequence order. A patch whose number is not the next one
 * means one was lost: the store then asks for a snapshot (`resync`) and drops patches until it comes.
 */
export class ChainStore {
	private state: ViewState = { kind: 'loading', message: 'Connecting to ThinkTrim…' };
	private seq = -1;
	private waitingForSnapshot = true;
	private nodeIndex = new Map<string, number>();

	current(): ViewState {
		return this.state;
	}

	apply(message: HostToWebview): StoreChange | undefined {
		if (message.type === 'snapshot') {
			this.state = message.state;
			this.seq = message.seq;
			this.waitingForSnapshot = false;
			this.reindex();
			return { kind: 'reset', state: this.state };
		}
		if (this.waitingForSnapshot) {
			return undefined;
		}
		if (message.seq !== this.seq + 1) {
			this.waitingForSnapshot = true;
			return { kind: 'resync', lastSeq: this.seq };
		}
		this.seq = message.seq;
		if (this.state.kind !== 'chain' || this.state.chain.runId !== message.runId) {
			return undefined;
		}
		return this.applyOps(this.state.chain, message.ops);
	}

	private applyOps(chain: ChainView, ops: readonly TreePatchOp[]): StoreChange {
		const nodes = [...chain.nodes];
		const added: TreeNodeView[] = [];
		const updated: string[] = [];
		let { status, thinkingTokens } = chain;
		for (const op of ops) {
			if (op.op === 'addNode') {
				this.nodeIndex.set(op.node.id, nodes.length);
				nodes.push(op.node);
				added.push(op.node);
			} else if (op.op === 'updateNode') {
				const at = this.nodeIndex.get(op.id);
				const node = at === undefined ? undefined : nodes[at];
				if (at !== undefined && node !== undefined) {
					nodes[at] = { ...node, ...op.changes };
					updated.push(op.id);
				}
			} else {
				status = op.status;
				thinkingTokens = op.thinkingTokens;
			}
		}
		const next: ChainView = { ...chain, nodes, status, thinkingTokens };
		this.state = { kind: 'chain', chain: next };
		return { kind: 'patched', chain: next, added, updated };
	}

	private reindex(): void {
		this.nodeIndex = new Map();
		if (this.state.kind === 'chain') {
			this.state.chain.nodes.forEach((node, i) => this.nodeIndex.set(node.id, i));
		}
	}
}
