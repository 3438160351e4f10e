import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** A fresh nonce per render, so only our own script tag runs. */
export function makeNonce(): string {
	return randomBytes(18).toString('base64');
}

/**
 * The webview's HTML: a strict CSP (`default-src 'none'`, the script by nonce, styles, fonts and
 * images only from the extension's own `dist`/`media`), and no inline script or style.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
	const nonce = makeNonce();
	const dist = (file: string): string => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', file)).toString();
	const csp = [
		"default-src 'none'",
		`script-src 'nonce-${nonce}'`,
		`style-src ${webview.cspSource}`,
		`font-src ${webview.cspSource}`,
		`img-src ${webview.cspSource} data:`,
	].join('; ');
	return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${dist('codicon.css')}">
<link rel="stylesheet" href="${dist('webview.css')}">
<title>${title}</title>
</head>
<body>
<div id="app" class="app" data-state="loading"></div>
<script nonce="${nonce}" src="${dist('webview.js')}"></script>
</body>
</html>`;
}
