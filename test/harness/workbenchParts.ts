import type { FrameLocator, Locator, Page } from 'playwright-core';
import { UI_TIMEOUT_MS } from './workbench';

/**
 * Clicks the button `button` of the notification toast whose message contains `message` and waits until
 * that toast is gone (a button closes its notification).
 */
export async function clickNotificationButton(
	page: Page,
	message: string | RegExp,
	button: string,
	timeoutMs = UI_TIMEOUT_MS,
): Promise<void> {
	const toast = page
		.locator('.notifications-toasts .notification-list-item')
		.filter({ has: page.locator('.notification-list-item-message', { hasText: message }) })
		.first();
	await toast.waitFor({ state: 'visible', timeout: timeoutMs });
	await toast
		.locator('.notification-list-item-buttons-container .monaco-button', { hasText: button })
		.first()
		.click();
	await toast.waitFor({ state: 'hidden', timeout: timeoutMs });
}

/** One row of a tree view contributed by an extension (e.g. ThinkTrim's History). */
export interface TreeViewRow {
	readonly label: string;
	readonly description: string;
	/** The codicon of the row's icon, e.g. `pass`, `warning`, `loading~spin` shows as `loading`. */
	readonly icon: string;
}

/** The rows of the tree view titled `viewTitle` (the list's aria-label is the view's name). */
export function treeViewRows(page: Page, viewTitle: string): Locator {
	return page.locator(
		`.monaco-list[role="tree"][aria-label="${viewTitle}"] .monaco-list-row[role="treeitem"]`,
	);
}

/** The row of `viewTitle` whose label contains `label` (first match). */
export function treeViewRow(page: Page, viewTitle: string, label: string | RegExp): Locator {
	return treeViewRows(page, viewTitle)
		.filter({ has: page.locator('.label-name', { hasText: label }) })
		.first();
}

/** Reads one tree row: label, description and icon. */
export async function readTreeViewRow(row: Locator): Promise<TreeViewRow> {
	const label = ((await row.locator('.label-name').textContent()) ?? '').trim();
	const description = (
		(await row
			.locator('.label-description')
			.textContent()
			.catch(() => '')) ?? ''
	).trim();
	const iconClass =
		(await row
			.locator('.custom-view-tree-node-item-icon')
			.getAttribute('class')
			.catch(() => '')) ?? '';
	const icon =
		/codicon-(?!colored\b)([\w-]+)/.exec(iconClass.replace(/\bcodicon-colored\b/g, ''))?.[1] ?? '';
	return { label, description, icon };
}

/** Every visible row of the tree view `viewTitle`, in order. */
export async function readTreeView(page: Page, viewTitle: string): Promise<TreeViewRow[]> {
	const rows = treeViewRows(page, viewTitle);
	const count = await rows.count();
	const out: TreeViewRow[] = [];
	for (let i = 0; i < count; i++) {
		out.push(await readTreeViewRow(rows.nth(i)));
	}
	return out;
}

/**
 * The content of the webview (a view, or an editor panel) of extension `extensionId` whose title starts
 * with `titlePrefix`. Several webviews of one extension are separate outer iframes, so this finds the one
 * whose inner frame carries the title and pins it by its unique `name`. Waits until it exists.
 */
export async function webviewByTitle(
	page: Page,
	extensionId: string,
	titlePrefix: string,
	timeoutMs = UI_TIMEOUT_MS,
): Promise<{ frame: FrameLocator; element: Locator }> {
	const outerSelector = `iframe.webview.ready[src*="extensionId=${extensionId}"]`;
	const inner = `iframe#active-frame[title^="${titlePrefix.replace(/"/g, '\\"')}"]`;
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const outers = page.locator(outerSelector);
		const count = await outers.count();
		for (let i = 0; i < count; i++) {
			const outer = outers.nth(i);
			if ((await outer.contentFrame().locator(inner).count()) > 0) {
				const name = await outer.getAttribute('name');
				const element =
					name !== null && name !== '' ? page.locator(`${outerSelector}[name="${name}"]`) : outer;
				return { frame: element.contentFrame().locator(inner).contentFrame(), element };
			}
		}
		if (Date.now() > deadline) {
			throw new Error(
				`no webview of ${extensionId} titled "${titlePrefix}…" appeared in ${timeoutMs} ms (${count} webview(s) of the extension)`,
			);
		}
		await page.waitForTimeout(200);
	}
}

/** A status-bar entry whose text contains `text`. */
export function statusBarItem(page: Page, text: string | RegExp): Locator {
	return page.locator('.part.statusbar .statusbar-item', { hasText: text }).first();
}

/**
 * Drags the sash above the side-bar pane titled `paneTitle` (e.g. "History") so that the pane is about
 * `height` pixels tall, like a user giving the view above it more room.
 */
export async function resizeSideBarPane(
	page: Page,
	paneTitle: string,
	height: number,
): Promise<void> {
	const sideBar = await page.locator('.part.sidebar').boundingBox();
	const header = await page
		.locator(`.part.sidebar .pane-header[aria-label^="${paneTitle}"]`)
		.boundingBox();
	if (sideBar === null || header === null) {
		throw new Error(`the side-bar pane "${paneTitle}" is not visible`);
	}
	const x = header.x + header.width / 2;
	const targetY = sideBar.y + sideBar.height - height;
	// The sash sits on the border between the pane above and this pane's header.
	await page.mouse.move(x, header.y);
	await page.mouse.down();
	await page.mouse.move(x, targetY, { steps: 8 });
	await page.mouse.up();
	const after = await page
		.locator(`.part.sidebar .pane-header[aria-label^="${paneTitle}"]`)
		.boundingBox();
	if (after === null || Math.abs(after.y - targetY) > 40) {
		throw new Error(
			`the "${paneTitle}" pane header is at y=${String(after?.y)} after dragging its sash to ${targetY}`,
		);
	}
}
