// Loads the real webview bundle in headless Chromium, in a page with the same CSP as VS Code's webview
// and a fake `acquireVsCodeApi`, so tests and benchmarks can drive it like the host does.
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { themeDeclarations, type ThemeKind } from '../../src/core/tree/themePalettes';
import { webviewDocument } from '../../src/core/tree/webviewDocument';
import type { HostToWebview } from '../../src/shared/protocol';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];
/** The origin the fake webview serves from (requests to it are answered by the test, never the network). */
export const ORIGIN = 'https://thinktrim-webview.test';
const ROOT = join(__dirname, '..', '..');

/** Why Chromium-based tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
	return existsSync(CHROMIUM_PATH)
		? undefined
		: `no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`;
}

export async function launchChromium(): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface WebviewBundle {
	readonly js: string;
	readonly css: string;
}

let bundle: Promise<WebviewBundle> | undefined;

/** Builds webview/main.ts exactly as esbuild.mjs does (browser, iife, css loader), from the current sources. */
export function webviewBundle(minify = true): Promise<WebviewBundle> {
	bundle ??= (async () => {
		const out = mkdtempSync(join(tmpdir(), 'thinktrim-webview-'));
		try {
			await build({
				entryPoints: { webview: join(ROOT, 'webview/main.ts') },
				outdir: out,
				bundle: true,
				minify,
				platform: 'browser',
				format: 'iife',
				target: 'chrome120',
				loader: { '.css': 'css' },
				logLevel: 'error',
			});
			return {
				js: readFileSync(join(out, 'webview.js'), 'utf8'),
				css: readFileSync(join(out, 'webview.css'), 'utf8'),
			};
		} finally {
			rmSync(out, { recursive: true, force: true });
		}
	})();
	return bundle;
}

/** The variables VS Code sets in a webview for a theme, so the page is themed as in VS Code. */
function themeCss(theme: ThemeKind): string {
	return `html { ${themeDeclarations(theme)} }`;
}

/** The fake `acquireVsCodeApi`: records posted messages, keeps the state in memory. */
const FAKE_VSCODE_API = `(() => {
	window.__posted = [];
	window.__state = undefined;
	window.acquireVsCodeApi = () => ({
		postMessage: (message) => { window.__posted.push(JSON.parse(JSON.stringify(message))); },
		getState: () => window.__state,
		setState: (state) => { window.__state = state; },
	});
})();`;

/** A page showing the webview, with what it posted to the "host". */
export class WebviewPage {
	/** Uncaught errors and console errors of the page (CSP violations show up here). */
	readonly errors: string[] = [];

	private constructor(readonly page: Page) {
		page.on('pageerror', (error) => this.errors.push(error.message));
		page.on('console', (message) => {
			if (message.type() === 'error') {
				this.errors.push(message.text());
			}
		});
	}

	/** `savedState`: what `getState()` returns at start, as VS Code keeps it for a view shown again; `theme`: the VS Code theme's variables; `surface`: side bar, editor area or summary. */
	static async open(
		browser: Browser,
		nonce = 'test-nonce-0123456789',
		size = { width: 520, height: 900 },
		savedState?: unknown,
		theme: ThemeKind = 'dark',
		surface: 'sidebar' | 'editor' | 'summary' = 'sidebar',
	): Promise<WebviewPage> {
		const { js, css } = await webviewBundle();
		const page = await browser.newPage({ viewport: size });
		const html = webviewDocument({
			cspSource: ORIGIN,
			nonce,
			scriptUri: `${ORIGIN}/dist/webview.js`,
			styleUris: [
				`${ORIGIN}/theme.css`,
				`${ORIGIN}/dist/codicon.css`,
				`${ORIGIN}/dist/webview.css`,
			],
			title: 'Reasoning',
			surface,
		});
		const codicons = join(ROOT, 'node_modules', '@vscode', 'codicons', 'dist');
		const files: Record<string, [string | Buffer, string]> = {
			'/dist/codicon.css': [readFileSync(join(codicons, 'codicon.css'), 'utf8'), 'text/css'],
			'/dist/codicon.ttf': [readFileSync(join(codicons, 'codicon.ttf')), 'font/ttf'],
			'/index.html': [html, 'text/html'],
			'/dist/webview.js': [js, 'text/javascript'],
			'/dist/webview.css': [css, 'text/css'],
			'/theme.css': [themeCss(theme), 'text/css'],
		};
		await page.route(`${ORIGIN}/**`, async (route) => {
			const file = files[new URL(route.request().url()).pathname];
			await (file === undefined
				? route.fulfill({ status: 404, body: 'not found' })
				: route.fulfill({ status: 200, body: file[0], contentType: file[1] }));
		});
		// A string, not a function: the test runner's transpiler would add helpers the page does not have.
		await page.addInitScript(FAKE_VSCODE_API);
		if (savedState !== undefined) {
			await page.addInitScript(`window.__state = ${JSON.stringify(savedState)};`);
		}
		await page.addInitScript(
			'document.addEventListener("securitypolicyviolation", (e) => { (window.__v ||= []).push([e.violatedDirective, e.sourceFile, e.lineNumber, e.columnNumber, e.sample, e.target && e.target.nodeName]); });',
		);
		const view = new WebviewPage(page);
		await page.goto(`${ORIGIN}/index.html`);
		await view.waitForPosted((m) => m.type === 'ready');
		return view;
	}

	/** Everything the page posted to the host so far. */
	async posted(): Promise<Array<Record<string, unknown>>> {
		// globalThis rather than window: this file also compiles for the benchmarks, without the DOM types.
		return this.page.evaluate(
			() => (globalThis as unknown as { __posted: Array<Record<string, unknown>> }).__posted,
		);
	}

	async waitForPosted(
		match: (message: Record<string, unknown>) => boolean,
		timeoutMs = 10_000,
	): Promise<Record<string, unknown>> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const found = (await this.posted()).find(match);
			if (found !== undefined) {
				return found;
			}
			if (Date.now() > deadline) {
				throw new Error(
					`the webview did not post the expected message; page errors: ${this.errors.join(' | ') || 'none'}`,
				);
			}
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	}

	/** Delivers a host message the way VS Code does (a `message` event on the window). */
	async send(message: HostToWebview): Promise<void> {
		await this.page.evaluate(
			(m) =>
				(globalThis as unknown as { postMessage(data: unknown, origin: string): void }).postMessage(
					m,
					'*',
				),
			message,
		);
	}
}
