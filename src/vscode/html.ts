import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { webviewDocument, type WebviewDocumentParts } from '../core/tree/webviewDocument';

/** A fresh nonce per render, so only our own script tag runs. */
export function makeNonce(): string {
	return randomBytes(18).toString('base64');
}

/**
 * The webview's HTML: a strict CSP (`default-src 'none'`, the script by nonce, styles, fonts and
 * images only from the extension's own `dist`/`media`), and no inline script or style. The page itself
 * is built by webviewDocument(), which the tests load in Chromium with the same CSP.
 */
export function webviewHtml(
	webview: vscode.Webview,
	extensionUri: vscode.Uri,
	title: string,
	surface?: WebviewDocumentParts['surface'],
): string {
	const dist = (file: string): string =>
		webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', file)).toString();
	return webviewDocument({
		cspSource: webview.cspSource,
		nonce: makeNonce(),
		scriptUri: dist('webview.js'),
		styleUris: [dist('codicon.css'), dist('webview.css')],
		title,
		surface,
	});
}
