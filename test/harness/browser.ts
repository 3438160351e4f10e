import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { CHROMIUM_BIN } from './repo';

/** Flags for Debian's Chromium run as root, with no GPU and no network besides loopback (docs/testing.md#why-the-harness-is-built-this-way). */
export const CHROMIUM_ARGS: readonly string[] = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** Viewport of every workbench page: large enough for the sidebar tree and an editor. */
export const VIEWPORT = { width: 1400, height: 900 } as const;

/** Launches headless Debian Chromium (Playwright adds --headless and a temp profile of its own). */
export function launchChromium(): Promise<Browser> {
	return chromium.launch({ executablePath: CHROMIUM_BIN, args: [...CHROMIUM_ARGS] });
}

/** One console message of the page or any of its frames. */
export interface ConsoleEntry {
	readonly type: string;
	readonly text: string;
	/** `url:line:column` of the script or document that logged it. */
	readonly url: string;
}

/** Collects every console message and uncaught page error, from the workbench and from all iframes. */
export class ConsoleCollector {
	readonly entries: ConsoleEntry[] = [];

	constructor(page: Page) {
		page.on('console', (message: ConsoleMessage) => {
			const { url, lineNumber, columnNumber } = message.location();
			this.entries.push({
				type: message.type(),
				text: message.text(),
				url: url === '' ? '' : `${url}:${lineNumber}:${columnNumber}`,
			});
		});
		page.on('pageerror', (error: Error) => {
			this.entries.push({ type: 'pageerror', text: `${error.name}: ${error.message}`, url: '' });
		});
	}

	/** Messages that report a Content-Security-Policy violation ("Refused to … because it violates …"). */
	cspViolations(): ConsoleEntry[] {
		return this.entries.filter((e) => /Content[- ]Security[- ]Policy/i.test(e.text));
	}

	/** Errors logged by webview documents (VS Code serves them from `…/webview/…`). */
	webviewErrors(): ConsoleEntry[] {
		return this.entries.filter(
			(e) => (e.type === 'error' || e.type === 'pageerror') && /webview/i.test(e.url),
		);
	}

	/** All entries, one per line, for the run's artifacts. */
	format(): string {
		return this.entries
			.map((e) => `[${e.type}] ${e.text}${e.url !== '' ? `  (${e.url})` : ''}`)
			.join('\n');
	}
}
