import * as vscode from 'vscode';
import { webviewHtml } from './html';

/**
 * One page showing the chain — the Reasoning view in the side bar, or the chain in the editor area —
 * with its own handshake state and patch numbering: a page that was hidden (and is rebuilt when shown)
 * gets its own snapshot without making the other page see a gap.
 */
export interface WebviewSurface {
	readonly kind: 'sidebar' | 'editor';
	readonly webview: vscode.Webview;
	/** Said `ready` since its page was (re)built. */
	ready: boolean;
	/** The `seq` of the last snapshot or patch posted to it. */
	seq: number;
	visible(): boolean;
}

/** The webview options both pages use: scripts on, resources only from `dist/` and `media/`. */
export function surfaceOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
	return {
		enableScripts: true,
		localResourceRoots: [
			vscode.Uri.joinPath(extensionUri, 'dist'),
			vscode.Uri.joinPath(extensionUri, 'media'),
		],
	};
}

/** Where Stream, Open Sample Trace and History open a chain (`thinktrim.tree.openIn`). */
export function treeOpensInEditor(): boolean {
	return (
		vscode.workspace.getConfiguration('thinktrim').get<string>('tree.openIn', 'sidebar') ===
		'editor'
	);
}

/**
 * Opens (or shows) the chain in the editor area: a webview panel as large as the editor group, the
 * tree with the detail pane beside it. `onMessage` gets its messages; `onClose` runs when the user
 * closes it. The focus stays where it is (a streaming run must not steal it).
 */
export function createEditorPanel(
	extensionUri: vscode.Uri,
	title: string,
	onMessage: (surface: WebviewSurface, message: unknown) => void,
	onClose: () => void,
): { panel: vscode.WebviewPanel; surface: WebviewSurface; disposables: vscode.Disposable[] } {
	const panel = vscode.window.createWebviewPanel(
		'thinktrim.reasoningEditor',
		title,
		{ viewColumn: vscode.ViewColumn.Active, preserveFocus: true },
		surfaceOptions(extensionUri),
	);
	panel.webview.html = webviewHtml(panel.webview, extensionUri, 'Reasoning', 'editor');
	const surface: WebviewSurface = {
		kind: 'editor',
		webview: panel.webview,
		ready: false,
		seq: 0,
		visible: () => panel.visible,
	};
	const disposables = [
		panel.webview.onDidReceiveMessage((message: unknown) => onMessage(surface, message)),
		panel.onDidChangeViewState(() => {
			if (!panel.visible) {
				surface.ready = false;
			}
		}),
		panel.onDidDispose(onClose),
	];
	return { panel, surface, disposables };
}
