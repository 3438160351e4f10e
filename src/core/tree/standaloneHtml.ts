import { createHash, randomBytes } from 'node:crypto';
import { EMBEDDED_CHAIN_ELEMENT_ID, type ViewState } from '../../shared/protocol';
import { escapeHtml, htmlPage } from '../text/html';
import { themeDeclarations } from './themePalettes';

/** The webview bundle, as built into dist/ (the same files the VS Code view loads). */
export interface WebviewAssets {
	readonly js: string;
	readonly css: string;
	readonly codiconCss: string;
	readonly codiconFont: Uint8Array;
}

/** JSON that is safe inside a `<script>` element: no `<` (so no `</script>`), no line separators. */
export function scriptSafeJson(value: unknown): string {
	return JSON.stringify(value)
		.replace(/</g, '\\u003c')
		.replace(/\u2028/g, '\\u2028')
		.replace(/\u2029/g, '\\u2029');
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
	const codicons = assets.codiconCss.replace(
		/url\((["']?)[^)"']*codicon\.ttf[^)"']*\1\)/g,
		`url("${font}")`,
	);
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
 * Outside VS Code no theme variables exist: VS Code's light, dark and high-contrast palettes, chosen
 * by the reader's colour scheme and contrast preference (and forced colours, e.g. Windows' contrast themes).
 */
const STANDALONE_THEME = `
:root { ${themeDeclarations('light')} }
@media (prefers-color-scheme: dark) { :root { ${themeDeclarations('dark', false)} } }
@media (prefers-contrast: more), (forced-colors: active) { :root { ${themeDeclarations('highContrast', false)} } }
`;
