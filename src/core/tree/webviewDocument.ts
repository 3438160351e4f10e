import { escapeHtml, htmlPage } from '../text/html';

/** What the webview page loads, as URLs the page may use. */
export interface WebviewDocumentParts {
	/** The origin the webview's resources come from (VS Code's `webview.cspSource`). */
	readonly cspSource: string;
	/** A fresh random nonce per render: only the script tag carrying it runs. */
	readonly nonce: string;
	readonly scriptUri: string;
	readonly styleUris: readonly string[];
	readonly title: string;
	/**
	 * Where the page is shown: `sidebar` (the Reasoning view), `editor` (the chain in the editor area,
	 * the detail pane beside the tree), `summary` (the Reasoning view while the editor shows the tree).
	 */
	readonly surface?: 'sidebar' | 'editor' | 'summary';
}

/**
 * The webview's Content-Security-Policy: nothing by default, our script by nonce only, styles, fonts
 * and images only from the extension's own resources (no inline script, no `eval`, no remote host).
 * The style nonce is for the toolkit (FAST), which probes `:focus-visible` support with one `<style>`
 * element carrying the nonce it reads from `<meta property="csp-nonce">`.
 */
export function webviewCsp(cspSource: string, nonce: string): string[] {
	return [
		"default-src 'none'",
		`script-src 'nonce-${nonce}'`,
		`style-src ${cspSource} 'nonce-${nonce}'`,
		`font-src ${cspSource}`,
		`img-src ${cspSource} data:`,
	];
}

/** The webview's HTML page (host side and tests share it, so tests run the page VS Code runs). */
export function webviewDocument(parts: WebviewDocumentParts): string {
	const styles = parts.styleUris.map((uri) => `<link rel="stylesheet" href="${escapeHtml(uri)}">`);
	return htmlPage({
		title: parts.title,
		csp: webviewCsp(parts.cspSource, parts.nonce),
		head: [`<meta property="csp-nonce" content="${escapeHtml(parts.nonce)}">`, ...styles].join(
			'\n',
		),
		body: `<div id="app" class="app" data-state="loading" data-surface="${parts.surface ?? 'sidebar'}"></div>
<script nonce="${escapeHtml(parts.nonce)}" src="${escapeHtml(parts.scriptUri)}"></script>`,
	});
}
