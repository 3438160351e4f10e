import * as vscode from 'vscode';
import { Readiness } from '../core/async/readiness';
import { FrameBatcher, systemTimer } from '../core/tree/frameBatcher';
import type { TreeModel } from '../core/tree/treeModel';
import {
	PROTOCOL_VERSION,
	type AnalysisOptionsView,
	type ChainView,
	type HostToWebview,
	type ViewState,
	type WebviewCommand,
	type WebviewToHost,
} from '../shared/protocol';
import { isWebviewToHost } from '../shared/protocolGuards';
import { performAction } from './notify';
import { webviewHtml } from './html';
import {
	createEditorPanel,
	surfaceOptions,
	treeOpensInEditor,
	type WebviewSurface,
} from './webviewSurface';
import type { ScopedLog } from './log';
import { SvgRequests } from './svgRequests';
import { treeExportCommands } from './treeExportCommands';

/** The editor tab's title: the chain's, shortened. */
function editorTitle(title: string | undefined): string {
	return title === undefined
		? 'Reasoning'
		: `Reasoning: ${title.length > 40 ? `${title.slice(0, 39)}…` : title}`;
}
/**
 * The shortest time between two patches. Every patch crosses to the workbench (under code-server, over
 * its socket), is relayed into the view's frame and redrawn there, on the renderer the editor shares: at
 * 300 tokens/s a patch per frame kept it busy enough to delay keystrokes by half a second. Ten a second
 * still shows the chain growing; the view draws at most one frame per patch (webview/patchCoalescer.ts).
 */
const PATCH_INTERVAL_MS = 100;

/** What the view asks of the rest of the extension. */
export interface ReasoningViewHandlers {
	runCommand(command: WebviewCommand): Thenable<unknown>;
	/** Re-analyze the chain on screen with `options` (absent: the view offers no options). */
	setOptions?(options: AnalysisOptionsView): Thenable<unknown>;
}

/**
 * The "Reasoning" sidebar view. It holds the chain's tree model (the truth) and speaks the protocol of
 * src/shared/protocol.ts: a snapshot after `ready`, then the model's patches, batched once per frame.
 * While the view is hidden nothing is posted; the webview is rebuilt when shown again (no
 * `retainContextWhenHidden`), says `ready`, and gets a fresh snapshot.
 */
export class ReasoningViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
	static readonly viewId = 'thinktrim.reasoningView';

	private view: vscode.WebviewView | undefined;
	private sidebar: WebviewSurface | undefined;
	private editor:
		| { panel: vscode.WebviewPanel; surface: WebviewSurface; disposables: vscode.Disposable[] }
		| undefined;
	private placeholder: ViewState = { kind: 'empty' };
	private model: TreeModel | undefined;
	private detachModel: (() => void) | undefined;
	private selectedNodeId: string | null = null;
	private readonly svgRequests = new SvgRequests();
	private readonly batcher = new FrameBatcher(() => this.flush(), systemTimer, PATCH_INTERVAL_MS);
	/** Wakes exports waiting for the view: the webview says `ready` once it has loaded. */
	private readonly readiness = new Readiness(() => this.canPost());
	private readonly disposables: vscode.Disposable[] = [];

	constructor(
		private readonly extensionUri: vscode.Uri,
		private readonly log: ScopedLog,
		private readonly handlers: ReasoningViewHandlers,
	) {}

	resolveWebviewView(view: vscode.WebviewView): void {
		this.view = view;
		const surface: WebviewSurface = {
			kind: 'sidebar',
			webview: view.webview,
			ready: false,
			seq: 0,
			visible: () => view.visible,
		};
		this.sidebar = surface;
		view.webview.options = surfaceOptions(this.extensionUri);
		view.webview.html = this.sidebarHtml(view.webview);
		this.disposables.push(
			view.webview.onDidReceiveMessage((message: unknown) => this.onMessage(message, surface)),
			view.onDidChangeVisibility(() => {
				if (!view.visible) {
					surface.ready = false;
				}
			}),
			view.onDidDispose(() => {
				this.view = undefined;
				this.sidebar = undefined;
			}),
		);
	}

	/** The side bar's page: the whole view, or a compact summary while the editor area shows the tree. */
	private sidebarHtml(webview: vscode.Webview): string {
		return webviewHtml(
			webview,
			this.extensionUri,
			'Reasoning',
			this.editor === undefined ? 'sidebar' : 'summary',
		);
	}

	/** Opens the chain in the editor area (or shows it there); the side bar turns into a summary. */
	openInEditor(): void {
		if (this.editor !== undefined) {
			this.editor.panel.reveal(undefined, true);
			return;
		}
		this.editor = createEditorPanel(
			this.extensionUri,
			editorTitle(this.currentChain()?.title),
			(surface, message) => this.onMessage(message, surface),
			() => {
				for (const d of this.editor?.disposables ?? []) {
					d.dispose();
				}
				this.editor = undefined;
				this.reloadSidebar();
			},
		);
		this.reloadSidebar();
	}

	/** Rebuilds the side bar's page (whole view or summary); it says `ready` again and gets a snapshot. */
	private reloadSidebar(): void {
		if (this.view !== undefined && this.sidebar !== undefined) {
			this.sidebar.ready = false;
			this.view.webview.html = this.sidebarHtml(this.view.webview);
		}
	}

	/** Shows a chain held by `model`; its later changes reach the view as batched patches. */
	showChain(model: TreeModel): void {
		this.detach();
		this.model = model;
		this.detachModel = model.onDidChange(() => this.batcher.schedule());
		this.selectedNodeId = null;
		if (this.editor !== undefined) {
			this.editor.panel.title = editorTitle(model.snapshot().title);
		}
		this.postSnapshot();
	}

	/** Shows an empty, loading or error state (or a fixed chain view). */
	show(state: ViewState): void {
		this.detach();
		this.placeholder = state;
		this.selectedNodeId = null;
		this.postSnapshot();
	}

	/** The model of the chain on screen, if any. */
	currentModel(): TreeModel | undefined {
		return this.model;
	}

	/** What the view shows now (for commands and tests). */
	currentState(): ViewState {
		return this.model === undefined
			? this.placeholder
			: { kind: 'chain', chain: this.model.snapshot() };
	}

	/** The chain on screen, if any. */
	currentChain(): ChainView | undefined {
		const state = this.currentState();
		return state.kind === 'chain' ? state.chain : undefined;
	}

	/** The node the user last selected in the view, if any. */
	selectedNode(): string | null {
		return this.selectedNodeId;
	}

	/**
	 * Opens the sidebar container and this view (or the editor panel, per `thinktrim.tree.openIn`)
	 * WITHOUT taking focus: the view updates itself (a run starts, a saved run opens, an export needs it
	 * drawn), and taking focus would close an open quick pick or pull the cursor out of the editor. The
	 * view's `.focus` command takes `{ preserveFocus }`.
	 */
	async reveal(): Promise<void> {
		if (this.editor !== undefined || treeOpensInEditor()) {
			this.openInEditor();
			return;
		}
		if (this.view !== undefined) {
			this.view.show(true);
			return;
		}
		await vscode.commands.executeCommand(`${ReasoningViewProvider.viewId}.focus`, {
			preserveFocus: true,
		});
	}

	/** Asks the webview for the drawn tree as an SVG document. */
	async requestSvg(): Promise<string> {
		// The editor's page draws the whole tree; the side bar's may be a summary.
		const surface = [this.editor?.surface, this.sidebar].find(
			(s) => s !== undefined && s.ready && s.visible(),
		);
		if (surface === undefined) {
			throw new Error('the Reasoning view is not open; open it and try again');
		}
		const { requestId, answer } = this.svgRequests.open();
		this.postTo(surface, { type: 'exportSvg', requestId });
		return answer;
	}

	/** The view's own commands: save the tree as SVG, export the chain as HTML, open it in an editor. */
	registerCommands(): vscode.Disposable[] {
		return treeExportCommands(this, this.extensionUri, this.log);
	}

	/** Waits (briefly) for the webview to load and say `ready` after being revealed. */
	waitUntilReady(timeoutMs = 10_000): Promise<void> {
		return this.readiness.wait(timeoutMs, () => new Error('the Reasoning view did not load'));
	}

	private detach(): void {
		this.detachModel?.();
		this.detachModel = undefined;
		this.batcher.cancel();
		this.model = undefined;
	}

	/** Sends the model's pending changes as one numbered patch (dropped while hidden: a snapshot follows). */
	private flush(): void {
		const model = this.model;
		if (model === undefined) {
			return;
		}
		const ops = model.drainPatch();
		if (ops.length === 0) {
			return;
		}
		for (const surface of this.livePages()) {
			surface.seq++;
			this.postTo(surface, { type: 'patch', seq: surface.seq, runId: model.runId, ops });
		}
	}

	/**
	 * Sends a snapshot to `only` (a page that just said `ready` or asked for one) or to every live page.
	 * Pending changes go out as a patch first, so the other page does not lose them to the snapshot.
	 */
	private postSnapshot(only?: WebviewSurface): void {
		const targets =
			only === undefined ? this.livePages() : this.livePages().filter((s) => s === only);
		if (targets.length === 0) {
			return;
		}
		this.flush();
		this.batcher.cancel();
		const state: ViewState =
			this.model === undefined ? this.placeholder : { kind: 'chain', chain: this.model.resync() };
		for (const surface of targets) {
			surface.seq++;
			this.postTo(surface, { type: 'snapshot', seq: surface.seq, state });
		}
	}

	/** The pages that can take a message now (ready and visible). */
	private livePages(): WebviewSurface[] {
		return [this.sidebar, this.editor?.surface].filter(
			(s): s is WebviewSurface => s !== undefined && s.ready && s.visible(),
		);
	}

	private canPost(): boolean {
		return this.livePages().length > 0;
	}

	private postTo(surface: WebviewSurface, message: HostToWebview): void {
		surface.webview
			.postMessage(message)
			.then(undefined, (err: unknown) => this.log.warn(`postMessage failed: ${String(err)}`));
	}

	private onMessage(raw: unknown, surface: WebviewSurface): void {
		if (!isWebviewToHost(raw)) {
			this.log.warn('ignored a malformed message from the webview');
			return;
		}
		const message: WebviewToHost = raw;
		switch (message.type) {
			case 'ready':
				if (message.protocolVersion !== PROTOCOL_VERSION) {
					this.log.warn(
						`webview speaks protocol ${message.protocolVersion}, host ${PROTOCOL_VERSION}`,
					);
				}
				surface.ready = true;
				this.postSnapshot(surface);
				this.readiness.changed();
				return;
			case 'requestSnapshot':
				this.log.debug(`webview missed patches after ${message.lastSeq}; resending a snapshot`);
				this.postSnapshot(surface);
				return;
			case 'selectNode':
				this.selectedNodeId = message.nodeId;
				return;
			case 'runCommand':
				this.handlers
					.runCommand(message.command)
					.then(undefined, (err: unknown) =>
						this.log.error(`command ${message.command} failed`, err),
					);
				return;
			case 'setOptions':
				this.handlers
					.setOptions?.(message.options)
					.then(undefined, (err: unknown) => this.log.error('re-analysis failed', err));
				return;
			case 'svgExport':
				this.svgRequests.answer(message.requestId, message.svg);
				return;
			case 'errorAction':
				performAction(message.action).then(undefined, (err: unknown) =>
					this.log.error(`could not ${message.action.kind}`, err),
				);
				return;
		}
	}

	dispose(): void {
		this.detach();
		this.svgRequests.failAll(new Error('the view was closed'));
		for (const d of this.disposables) {
			d.dispose();
		}
		this.editor?.panel.dispose();
	}
}
