import * as vscode from 'vscode';
import {
	PROTOCOL_VERSION,
	isWebviewToHost,
	type HostToWebview,
	type TreePatchOp,
	type ViewState,
	type WebviewCommand,
	type WebviewToHost,
} from '../shared/protocol';
import { webviewHtml } from './html';
import type { ScopedLog } from './log';

/**
 * The "Reasoning" sidebar view. It owns the state on screen and speaks the protocol of
 * src/shared/protocol.ts: a snapshot after `ready`, numbered patches after that, and a new snapshot
 * whenever the view is shown again (VS Code drops messages to hidden views, and the webview is
 * rebuilt when shown since `retainContextWhenHidden` is off).
 */
export class ReasoningViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
	static readonly viewId = 'thinktrim.reasoningView';

	private view: vscode.WebviewView | undefined;
	private ready = false;
	private state: ViewState = { kind: 'empty' };
	private seq = 0;
	private selectedNodeId: string | null = null;
	private readonly disposables: vscode.Disposable[] = [];

	constructor(
		private readonly extensionUri: vscode.Uri,
		private readonly log: ScopedLog,
		private readonly runCommand: (command: WebviewCommand) => Thenable<unknown>,
	) {}

	resolveWebviewView(view: vscode.WebviewView): void {
		this.view = view;
		this.ready = false;
		view.webview.options = {
			enableScripts: true,
			localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist'), vscode.Uri.joinPath(this.extensionUri, 'media')],
		};
		view.webview.html = webviewHtml(view.webview, this.extensionUri, 'Reasoning');
		this.disposables.push(
			view.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message)),
			view.onDidChangeVisibility(() => {
				if (!view.visible) {
					this.ready = false;
				}
			}),
			view.onDidDispose(() => {
				this.view = undefined;
				this.ready = false;
			}),
		);
	}

	/** Replaces what the view shows and sends it as a snapshot. */
	show(state: ViewState): void {
		this.state = state;
		this.selectedNodeId = null;
		this.postSnapshot();
	}

	/** Applies `ops` to the chain on screen and forwards them as one numbered patch. */
	patch(runId: string, ops: readonly TreePatchOp[]): void {
		if (this.state.kind !== 'chain' || this.state.chain.runId !== runId || ops.length === 0) {
			return;
		}
		this.state = { kind: 'chain', chain: applyOps(this.state.chain, ops) };
		this.seq++;
		this.post({ type: 'patch', seq: this.seq, runId, ops });
	}

	/** What the view shows now (for commands and tests). */
	currentState(): ViewState {
		return this.state;
	}

	/** The node the user last selected in the view, if any. */
	selectedNode(): string | null {
		return this.selectedNodeId;
	}

	/** Opens the sidebar container and this view. */
	async reveal(): Promise<void> {
		await vscode.commands.executeCommand(`${ReasoningViewProvider.viewId}.focus`);
	}

	private postSnapshot(): void {
		this.seq++;
		this.post({ type: 'snapshot', seq: this.seq, state: this.state });
	}

	private post(message: HostToWebview): void {
		if (this.view === undefined || !this.ready || !this.view.visible) {
			return;
		}
		void this.view.webview.postMessage(message).then(undefined, (err: unknown) => this.log.warn(`postMessage failed: ${String(err)}`));
	}

	private onMessage(raw: unknown): void {
		if (!isWebviewToHost(raw)) {
			this.log.warn('ignored a malformed message from the webview');
			return;
		}
		const message: WebviewToHost = raw;
		switch (message.type) {
			case 'ready':
				if (message.protocolVersion !== PROTOCOL_VERSION) {
					this.log.warn(`webview speaks protocol ${message.protocolVersion}, host ${PROTOCOL_VERSION}`);
				}
				this.ready = true;
				this.postSnapshot();
				return;
			case 'requestSnapshot':
				this.log.debug(`webview missed patches after ${message.lastSeq}; resending a snapshot`);
				this.postSnapshot();
				return;
			case 'selectNode':
				this.selectedNodeId = message.nodeId;
				return;
			case 'runCommand':
				void Promise.resolve(this.runCommand(message.command)).catch((err: unknown) => this.log.error(`command ${message.command} failed`, err));
				return;
		}
	}

	dispose(): void {
		for (const d of this.disposables) {
			d.dispose();
		}
	}
}

function applyOps(chain: Extract<ViewState, { kind: 'chain' }>['chain'], ops: readonly TreePatchOp[]): typeof chain {
	let nodes = chain.nodes;
	let status = chain.status;
	let thinkingTokens = chain.thinkingTokens;
	for (const op of ops) {
		if (op.op === 'addNode') {
			nodes = [...nodes, op.node];
		} else if (op.op === 'updateNode') {
			nodes = nodes.map((n) => (n.id === op.id ? { ...n, ...op.changes } : n));
		} else {
			status = op.status;
			thinkingTokens = op.thinkingTokens;
		}
	}
	return { ...chain, nodes, status, thinkingTokens };
}
