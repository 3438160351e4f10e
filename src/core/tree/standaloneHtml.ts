import { createHash, randomBytes } from 'node:crypto';
import { EMBEDDED_CHAIN_ELEMENT_ID, type ViewState } from '../../shared/protocol';
import { escapeHtml, htmlPage } from '../text/html';

/** The webview bundle, as built into dist/ (the same files the VS Code view loads). */
export interface WebviewAssets {
	readonly js: string;
	readonly css: string;
	readonly codiconCss: string;
	readonly codiconFont: Uint8Array;
}

/** JSON that is safe inside a `<script>` element: no `<` (so no `</script>`), no line separators. */
export function scriptSafeJson(value: unknown): string {
	return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function sha256(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('base64');
}

/**
 * One self-contained HTML file showing `state` with the webview bundle inlined: it opens offline in
 * any browser, from disk, with no request at all. The CSP allows only the inlined script (by hash) and
 * styles (by nonce), fonts and images from data: URLs. The chain travels as JSON in a non-executable
 * script element, with every `<` escaped, and the page renders it through `textContent` only.
 */
export function standaloneHtml(state: ViewState, assets: WebviewAssets, title: string): string {
	if (/<\/?script/i.test(assets.js)) {
		throw new Error('the webview bundle contains a script tag and cannot be inlined safely');
	}
	const nonce = randomBytes(18).toString('base64');
	const font = `data:font/ttf;base64,${Buffer.from(assets.codiconFont).toString('base64')}`;
	const codicons = assets.codiconCss.replace(/url\((["']?)[^)"']*codicon\.ttf[^)"']*\1\)/g, `url("${font}")`);
	const csp = [
		"default-src 'none'",
		`script-src 'sha256-${sha256(assets.js)}'`,
		`style-src 'nonce-${nonce}'`,
		'font-src data:',
		'img-src data:',
	];
	return htmlPage({
		title,
		csp,
		head: `<meta property="csp-nonce" content="${escapeHtml(nonce)}">
<meta name="generator" content="ThinkTrim">
<style nonce="${escapeHtml(nonce)}">${STANDALONE_THEME}</style>
<style nonce="${escapeHtml(nonce)}">${codicons.replace(/<\//g, '<\\/')}</style>
<style nonce="${escapeHtml(nonce)}">${assets.css.replace(/<\//g, '<\\/')}</style>`,
		body: `<div id="app" class="app" data-state="loading"></div>
<script type="application/json" id="${EMBEDDED_CHAIN_ELEMENT_ID}">${scriptSafeJson(state)}</script>
<script>${assets.js}</script>`,
	});
}

/**
 * Outside VS Code no theme variables exist: a light and a dark palette close to VS Code's default
 * themes, chosen by the reader's colour scheme.
 */
const STANDALONE_THEME = `
:root { --vscode-font-family: system-ui, -apple-system, "Segoe UI", sans-serif; --vscode-font-size: 13px;
--vscode-editor-font-family: ui-monospace, Menlo, Consolas, monospace; --vscode-editor-font-size: 12px;
--vscode-foreground: #3b3b3b; --vscode-descriptionForeground: #717171; --vscode-sideBar-background: #f8f8f8;
--vscode-editor-background: #ffffff; --vscode-focusBorder: #005fb8; --vscode-panel-border: #e5e5e5;
--vscode-charts-green: #388a34; --vscode-charts-red: #e51400; --vscode-charts-blue: #1a85ff; --vscode-charts-orange: #d18616;
--vscode-charts-purple: #652d90; --vscode-editorIndentGuide-activeBackground: #939393; --vscode-badge-background: #cccccc;
--vscode-badge-foreground: #3b3b3b; --vscode-textLink-foreground: #005fb8; --vscode-errorForeground: #f85149;
--vscode-editorWarning-foreground: #bf8803; --vscode-textCodeBlock-background: #f0f0f0; --vscode-button-background: #005fb8;
--vscode-button-foreground: #ffffff; }
@media (prefers-color-scheme: dark) { :root { --vscode-foreground: #cccccc; --vscode-descriptionForeground: #9d9d9d;
--vscode-sideBar-background: #181818; --vscode-editor-background: #1f1f1f; --vscode-focusBorder: #0078d4; --vscode-panel-border: #2b2b2b;
--vscode-charts-green: #89d185; --vscode-charts-red: #f14c4c; --vscode-charts-blue: #3794ff; --vscode-charts-purple: #b180d7;
--vscode-editorIndentGuide-activeBackground: #707070; --vscode-badge-background: #616161; --vscode-badge-foreground: #f8f8f8;
--vscode-textLink-foreground: #4daafc; --vscode-editorWarning-foreground: #cca700; --vscode-textCodeBlock-background: #2b2b2b; } }
`;
