import type { Browser, FrameLocator, Page } from 'playwright-core';
import { Artifacts } from './artifacts';
import { ConsoleCollector, VIEWPORT, launchChromium } from './browser';
import { startCodeServer, type CodeServer, type CodeServerOptions } from './codeServer';
import { extensionId } from './repo';
import { openWorkbench, waitForActivityBarTab, webviewFrame } from './workbench';

/** code-server + Chromium + a workbench page, ready for a UI test; `close()` tears all of it down. */
export interface WorkbenchSession {
	readonly server: CodeServer;
	readonly browser: Browser;
	readonly page: Page;
	readonly console: ConsoleCollector;
	readonly artifacts: Artifacts;
	/** The content of one of ThinkTrim's webviews (see `webviewFrame`); `title` picks among several. */
	webview(title?: string): FrameLocator;
	/** Saves a final screenshot and the console log, closes the browser and stops code-server (group kill). */
	close(): Promise<void>;
}

export interface WorkbenchSessionOptions extends Omit<CodeServerOptions, 'logFile'> {
	/** Names the artifacts folder. */
	readonly label: string;
	/** Wait for this view container's activity-bar tab: the sign that the extension's contributions are in. */
	readonly activityBarTab?: string;
}

/**
 * Starts code-server in a fresh profile (installing `vsix` if given), launches Chromium and opens the
 * workbench. With `activityBarTab`, resolves only once the extension's contributions are registered.
 * Always pair with `close()` in an `after` hook or `finally`.
 */
export async function startWorkbenchSession(
	options: WorkbenchSessionOptions,
): Promise<WorkbenchSession> {
	const artifacts = new Artifacts(options.label);
	let server: CodeServer | undefined;
	let browser: Browser | undefined;
	let consoleLog: ConsoleCollector | undefined;
	let page: Page | undefined;
	const close = async (): Promise<void> => {
		try {
			if (page !== undefined) {
				await artifacts.screenshot(page, 'final');
			}
			if (consoleLog !== undefined) {
				artifacts.write('console.log', consoleLog.format());
			}
		} finally {
			try {
				await browser?.close();
			} finally {
				await server?.stop();
			}
		}
	};
	try {
		server = await startCodeServer({ ...options, logFile: artifacts.path('code-server.log') });
		browser = await launchChromium();
		page = await browser.newPage({ viewport: VIEWPORT });
		consoleLog = new ConsoleCollector(page);
		await openWorkbench(page, server.workbenchUrl());
		if (options.activityBarTab !== undefined) {
			await waitForActivityBarTab(page, options.activityBarTab);
		}
		const readyPage = page;
		return {
			server,
			browser,
			page,
			console: consoleLog,
			artifacts,
			webview: (title) => webviewFrame(readyPage, { extensionId: extensionId(), title }),
			close,
		};
	} catch (err) {
		await close();
		throw err;
	}
}
