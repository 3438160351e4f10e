/**
 * Writing what the Reasoning view exports: the chain as one self-contained HTML page (the view's bundle
 * inlined), and any export saved where the user picks (or at a given path, for automation).
 */
import * as vscode from 'vscode';
import { standaloneHtml } from '../core/tree/standaloneHtml';
import type { ChainView } from '../shared/protocol';
import type { ScopedLog } from './log';

/** The chain as one HTML file that opens anywhere: the webview's script, styles and icon font inlined. */
export async function standaloneChainHtml(
	extensionUri: vscode.Uri,
	chain: ChainView,
): Promise<string> {
	const dist = (file: string): vscode.Uri => vscode.Uri.joinPath(extensionUri, 'dist', file);
	const [js, css, codiconCss, codiconFont] = await Promise.all(
		['webview.js', 'webview.css', 'codicon.css', 'codicon.ttf'].map((file) =>
			vscode.workspace.fs.readFile(dist(file)),
		),
	);
	const decode = (bytes: Uint8Array | undefined): string => new TextDecoder().decode(bytes);
	return standaloneHtml(
		{ kind: 'chain', chain },
		{
			js: decode(js),
			css: decode(css),
			codiconCss: decode(codiconCss),
			codiconFont: codiconFont ?? new Uint8Array(),
		},
		`ThinkTrim · ${chain.title}`,
	);
}

/**
 * Writes an export to `target` (a Uri or a path) or, without one, where the save dialog says; tells the
 * user and the log. Resolves to the written file, or undefined when the dialog was cancelled.
 */
export async function saveExport(
	log: ScopedLog,
	content: string,
	target: unknown,
	chain: ChainView,
	extension: string,
	kind: string,
): Promise<string | undefined> {
	let uri: vscode.Uri | undefined;
	if (target instanceof vscode.Uri) {
		uri = target;
	} else if (typeof target === 'string' && target !== '') {
		uri = vscode.Uri.file(target);
	} else {
		const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
		const name = `${chain.runId.replace(/[^A-Za-z0-9._-]+/g, '-')}.${extension}`;
		uri = await vscode.window.showSaveDialog({
			title: `ThinkTrim: Save ${kind}`,
			defaultUri: folder === undefined ? undefined : vscode.Uri.joinPath(folder, name),
			filters: { [kind]: [extension] },
		});
	}
	if (uri === undefined) {
		return undefined;
	}
	await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(content));
	log.info(`saved ${kind} of ${chain.runId} to ${uri.fsPath} (${content.length} characters)`);
	void vscode.window.showInformationMessage(
		`ThinkTrim: saved ${vscode.workspace.asRelativePath(uri)}.`,
	);
	return uri.fsPath;
}
