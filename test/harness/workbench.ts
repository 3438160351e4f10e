import type { FrameLocator, Locator, Page } from 'playwright-core';

/** How long UI waits may take by default: generous, since a busy 2-core CI machine is slow, never a sleep. */
export const UI_TIMEOUT_MS = 60_000;

/** Starting the workbench and the extension host is the slowest step of all under load. */
export const STARTUP_TIMEOUT_MS = 180_000;

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const QUICK_INPUT_ROW = `${QUICK_INPUT} .monaco-list-row`;

/** Opens the workbench at `url` and waits for its DOM (not yet for extension contributions). */
export async function openWorkbench(page: Page, url: string): Promise<void> {
	await page.goto(url, { timeout: STARTUP_TIMEOUT_MS });
	await page.locator('.monaco-workbench').waitFor({ timeout: STARTUP_TIMEOUT_MS });
}

/**
 * The activity-bar tab of a view container, by its title. Waiting for it is the reliable sign that the
 * extension's contributions are registered (docs/testing.md#the-harness-testharness): the palette opened before that never
 * lists the extension's commands.
 */
export async function waitForActivityBarTab(
	page: Page,
	title: string,
	timeoutMs = STARTUP_TIMEOUT_MS,
): Promise<Locator> {
	const tab = page.locator('.activitybar').getByRole('tab', { name: title });
	await tab.waitFor({ state: 'visible', timeout: timeoutMs });
	return tab;
}

export interface RunCommandOptions {
	/** How many times to reopen the palette when the command's row does not show (default 5). */
	readonly attempts?: number;
	/** How long the first attempt waits for the row (default 5 s); each retry waits that much longer. */
	readonly rowTimeoutMs?: number;
}

/**
 * Runs `label` ("Category: Title") from the command palette. A palette opened too early computes its list
 * before the extension's commands are registered and never refreshes it, so a missing row closes the
 * palette and reopens it, up to `attempts` times. Once the row is clicked there is no retry (the command
 * must not run twice); the palette is then done when it hides or the command reuses it for its own input.
 */
export async function runCommand(
	page: Page,
	label: string,
	options: RunCommandOptions = {},
): Promise<void> {
	const attempts = options.attempts ?? 5;
	const rowTimeoutMs = options.rowTimeoutMs ?? 5000;
	const input = page.locator(QUICK_INPUT_BOX);
	const row = page.locator(QUICK_INPUT_ROW, { hasText: label }).first();
	for (let attempt = 1; ; attempt++) {
		const timeout = rowTimeoutMs * attempt;
		try {
			await page.keyboard.press('F1');
			await input.waitFor({ state: 'visible', timeout });
			await input.fill(`>${label}`);
			await row.waitFor({ state: 'visible', timeout });
			break;
		} catch (err) {
			if (attempt >= attempts) {
				throw new Error(
					`command "${label}" did not show in the palette after ${attempts} attempts: ${String(err)}`,
				);
			}
			await page.keyboard.press('Escape');
		}
	}
	await row.click();
	await page.waitForFunction(
		({ box, text }) => {
			const el = document.querySelector<HTMLInputElement>(box);
			return el === null || el.offsetParent === null || el.value !== text;
		},
		{ box: QUICK_INPUT_BOX, text: `>${label}` },
		{ timeout: UI_TIMEOUT_MS },
	);
}

/** Waits for a quick pick titled `title` (e.g. one a command opened). */
export async function waitForQuickPick(
	page: Page,
	title: string,
	timeoutMs = UI_TIMEOUT_MS,
): Promise<void> {
	await page
		.locator(`${QUICK_INPUT} .quick-input-title`, { hasText: title })
		.waitFor({ state: 'visible', timeout: timeoutMs });
	await page.locator(QUICK_INPUT_BOX).waitFor({ state: 'visible', timeout: timeoutMs });
}

/**
 * Types `filter` into the open quick pick, then clicks the one row containing `rowText` and waits for
 * the quick pick to close. Fails if the filter leaves more than one row with that text.
 */
export async function pickQuickPickItem(
	page: Page,
	filter: string,
	rowText: string,
	timeoutMs = UI_TIMEOUT_MS,
): Promise<void> {
	await page.locator(QUICK_INPUT_BOX).fill(filter);
	const rows = page.locator(QUICK_INPUT_ROW, { hasText: rowText });
	await rows.first().waitFor({ state: 'visible', timeout: timeoutMs });
	const count = await rows.count();
	if (count !== 1) {
		throw new Error(
			`quick pick filter "${filter}" left ${count} rows containing "${rowText}", expected 1`,
		);
	}
	await rows.first().click();
	await page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: timeoutMs });
}

/** A notification toast whose message contains `text` (toasts stack up, so match by text, not position). */
export function notification(page: Page, text: string | RegExp): Locator {
	return page.locator('.notifications-toasts .notification-list-item-message', { hasText: text });
}

/** Waits for a notification toast containing `text` and returns its message text. */
export async function waitForNotification(
	page: Page,
	text: string | RegExp,
	timeoutMs = UI_TIMEOUT_MS,
): Promise<string> {
	const toast = notification(page, text).first();
	await toast.waitFor({ state: 'visible', timeout: timeoutMs });
	return (await toast.textContent()) ?? '';
}

export interface WebviewSelector {
	/** `publisher.name` of the extension that owns the webview. */
	readonly extensionId: string;
	/** The webview's title (a view's name, e.g. "Reasoning"), to tell several of the same extension apart. */
	readonly title?: string;
}

/**
 * The content of a webview: the outer `iframe.webview.ready` (picked by extension id), then the inner
 * `#active-frame` that holds the extension's HTML. Locators inside re-resolve when VS Code swaps the inner
 * frame, so keep the FrameLocator, not element handles.
 */
export function webviewFrame(page: Page, selector: WebviewSelector): FrameLocator {
	const outer = page.frameLocator(
		`iframe.webview.ready[src*="extensionId=${selector.extensionId}"]`,
	);
	const inner =
		selector.title !== undefined
			? `iframe#active-frame[title="${selector.title}"]`
			: 'iframe#active-frame';
	return outer.frameLocator(inner);
}

/** The outer iframe element of a webview (for element screenshots). */
export function webviewElement(page: Page, selector: WebviewSelector): Locator {
	return page.locator(`iframe.webview.ready[src*="extensionId=${selector.extensionId}"]`);
}

/** `text` with runs of whitespace made one space and trimmed. */
export function normalizeSpace(text: string | null): string {
	return (text ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * Waits until `locator`'s textContent equals `expected` up to whitespace (polling; locators re-resolve, so
 * this works across webview re-renders). On timeout it fails with both texts.
 */
export async function waitForText(
	locator: Locator,
	expected: string,
	timeoutMs = UI_TIMEOUT_MS,
): Promise<void> {
	const want = normalizeSpace(expected);
	const deadline = Date.now() + timeoutMs;
	let got = '';
	while (Date.now() < deadline) {
		got = normalizeSpace(await locator.textContent({ timeout: timeoutMs }));
		if (got === want) {
			return;
		}
		await locator.page().waitForTimeout(100);
	}
	throw new Error(
		`text of ${locator.toString()} did not become the expected text in ${timeoutMs} ms.\nexpected: ${want}\n     got: ${got}`,
	);
}

/**
 * Drags the sash on the side bar's right edge until the side bar is `width` pixels wide, like a user
 * (there is no setting for it). Useful before screenshots of a view.
 */
export async function resizeSideBar(page: Page, width: number): Promise<void> {
	const sideBar = page.locator('.part.sidebar');
	const box = await sideBar.boundingBox();
	if (box === null) {
		throw new Error('the side bar is not visible');
	}
	const y = box.y + box.height / 2;
	await page.mouse.move(box.x + box.width, y);
	await page.mouse.down();
	await page.mouse.move(box.x + width, y, { steps: 8 });
	await page.mouse.up();
	const after = await sideBar.boundingBox();
	if (after === null || Math.abs(after.width - width) > 24) {
		throw new Error(
			`the side bar is ${String(after?.width)} px wide after dragging its sash to ${width} px`,
		);
	}
}

/** The kind of colour theme the workbench shows. */
export type ThemeKind = 'light' | 'dark';

/** Waits until the workbench, and `webview` if given, show a `kind` theme (after a theme change). */
export async function waitForThemeKind(
	page: Page,
	kind: ThemeKind,
	webview?: FrameLocator,
	timeoutMs = UI_TIMEOUT_MS,
): Promise<void> {
	await page
		.locator(kind === 'light' ? '.monaco-workbench.vs' : '.monaco-workbench.vs-dark')
		.waitFor({ timeout: timeoutMs });
	if (webview !== undefined) {
		await webview.locator(`body.vscode-${kind}`).waitFor({ timeout: timeoutMs });
	}
}

/**
 * Expands or collapses a view of the side bar by its title (e.g. to give one view the whole height before
 * a screenshot). Resolves false when no such view is shown.
 */
export async function setViewExpanded(
	page: Page,
	title: string,
	expanded: boolean,
	timeoutMs = UI_TIMEOUT_MS,
): Promise<boolean> {
	const header = page.locator('.part.sidebar .pane-header', {
		has: page.locator('h3.title', { hasText: title }),
	});
	if ((await header.count()) === 0) {
		return false;
	}
	const want = String(expanded);
	if ((await header.first().getAttribute('aria-expanded')) !== want) {
		await header.first().click();
		await page
			.locator(`.part.sidebar .pane-header[aria-expanded="${want}"]`, {
				has: page.locator('h3.title', { hasText: title }),
			})
			.waitFor({ timeout: timeoutMs });
	}
	return true;
}
