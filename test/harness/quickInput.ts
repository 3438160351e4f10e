import type { Locator, Page } from 'playwright-core';
import { UI_TIMEOUT_MS } from './workbench';

// The quick input widget serves quick picks, input boxes and VS Code's simple file dialog (the one
// code-server uses for Open/Save). A command reuses it for its next step, so "done" means: hidden, or
// showing another title.

const WIDGET = '.quick-input-widget';
const TITLE = `${WIDGET} .quick-input-title`;
const BOX = `${WIDGET} .quick-input-box input`;
const ROW = `${WIDGET} .monaco-list-row`;
/** An item's label (a row also holds a detail line, whose `.label-name` may keep a reused row's old text). */
export const ROW_LABEL = '.quick-input-list-rows > .quick-input-list-row:first-child .label-name';

/** Waits until the quick input shows `title` (a substring, or a pattern) and its input box. */
export async function waitForQuickInput(
	page: Page,
	title: string | RegExp,
	timeoutMs = UI_TIMEOUT_MS,
): Promise<void> {
	await page.locator(TITLE, { hasText: title }).waitFor({ state: 'visible', timeout: timeoutMs });
	await page.locator(BOX).waitFor({ state: 'visible', timeout: timeoutMs });
}

/**
 * What identifies the step the quick input shows: its title, its placeholder, and whether it lists items.
 * A command that chains steps under one title (a pick, then an input box) still changes the rest.
 */
export function quickInputStep(page: Page): Promise<string> {
	return page.evaluate(
		({ widget, title, box }) => {
			const root = document.querySelector<HTMLElement>(widget);
			if (
				root === null ||
				root.offsetParent === null ||
				getComputedStyle(root).display === 'none'
			) {
				return 'hidden';
			}
			const titles = Array.from(
				root.querySelectorAll<HTMLElement>(title),
				(t) => t.textContent ?? '',
			).join('|');
			const input = root.querySelector<HTMLInputElement>(box);
			const list = root.querySelector<HTMLElement>('.quick-input-list');
			return [
				titles,
				input?.placeholder ?? '',
				input?.type ?? '',
				list !== null && list.offsetParent !== null ? 'list' : 'nolist',
			].join('\u0000');
		},
		{ widget: WIDGET, title: TITLE.replace(`${WIDGET} `, ''), box: BOX.replace(`${WIDGET} `, '') },
	);
}

/** Waits until the quick input leaves the step `step` (see quickInputStep): it closed or moved on. */
export async function waitForQuickInputDone(
	page: Page,
	step: string,
	timeoutMs = UI_TIMEOUT_MS,
): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while ((await quickInputStep(page)) === step) {
		if (Date.now() > deadline) {
			throw new Error(
				`the quick input stayed at its step for ${timeoutMs} ms: ${step.split('\u0000').join(' / ')}`,
			);
		}
		await page.waitForTimeout(50);
	}
}

/** The input element of the open quick input (e.g. to read its type or value). */
export function quickInputBox(page: Page): Locator {
	return page.locator(BOX);
}

/** The rows of the open quick pick. */
export function quickPickRows(page: Page): Locator {
	return page.locator(ROW);
}

/**
 * Answers an input box titled `title`: types `value` (fill, i.e. like a paste) and presses Enter. With
 * `password`, first checks that the box masks what is typed.
 */
export async function submitInputBox(
	page: Page,
	title: string | RegExp,
	value: string,
	options: { readonly password?: boolean } = {},
): Promise<void> {
	await waitForQuickInput(page, title);
	const box = page.locator(BOX);
	if (options.password === true) {
		const type = await box.getAttribute('type');
		if (type !== 'password') {
			throw new Error(
				`the input box "${String(title)}" is of type ${String(type)}, not a password box`,
			);
		}
	}
	await box.fill(value);
	const step = await quickInputStep(page);
	await box.press('Enter');
	await waitForQuickInputDone(page, step);
}

/**
 * In the quick pick titled `title`, types `filter` (default: none) and clicks the one row whose label
 * matches `label` (a pattern, or a string the label must contain). Fails when several rows match.
 */
export async function pickByLabel(
	page: Page,
	title: string | RegExp,
	label: string | RegExp,
	filter?: string,
): Promise<void> {
	await waitForQuickInput(page, title);
	if (filter !== undefined) {
		await page.locator(BOX).fill(filter);
	}
	const rows = page.locator(ROW).filter({ has: page.locator(ROW_LABEL, { hasText: label }) });
	await rows.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
	const count = await rows.count();
	if (count !== 1) {
		throw new Error(
			`quick pick "${String(title)}" has ${count} rows labelled ${String(label)}, expected 1`,
		);
	}
	const step = await quickInputStep(page);
	try {
		await rows.first().click({ timeout: 10_000 });
	} catch (err) {
		if ((await quickInputStep(page)) === 'hidden') {
			throw new QuickInputClosedError(
				`the quick pick "${String(title)}" closed before "${String(label)}" could be picked`,
			);
		}
		throw err;
	}
	await waitForQuickInputDone(page, step);
}

/**
 * The quick input closed under the test's hands: something else took the focus (e.g. a view that an earlier
 * command revealed when it finished). Nothing was picked, so the caller may start the command again.
 */
export class QuickInputClosedError extends Error {}

/**
 * In a multi-select quick pick titled `title`, makes exactly `labels` checked (rows whose label is exactly
 * one of them) and accepts with Enter.
 */
export async function pickMany(
	page: Page,
	title: string | RegExp,
	labels: readonly string[],
): Promise<void> {
	await waitForQuickInput(page, title);
	const rows = page.locator(ROW);
	await rows.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
	const count = await rows.count();
	const seen = new Set<string>();
	for (let i = 0; i < count; i++) {
		const row = rows.nth(i);
		const label = ((await row.locator(ROW_LABEL).textContent()) ?? '').trim();
		const want = labels.includes(label);
		if (want) {
			seen.add(label);
		}
		// A multi-select row is an ARIA checkbox; clicking its label toggles it.
		const checked = async (): Promise<boolean> =>
			(await row.getAttribute('aria-checked')) === 'true';
		if ((await checked()) !== want) {
			await row.locator('label.quick-input-list-label').click();
			const deadline = Date.now() + UI_TIMEOUT_MS;
			while ((await checked()) !== want) {
				if (Date.now() > deadline) {
					throw new Error(
						`could not ${want ? 'check' : 'uncheck'} "${label}" in "${String(title)}"`,
					);
				}
				await page.waitForTimeout(50);
			}
		}
	}
	const missing = labels.filter((l) => !seen.has(l));
	if (missing.length > 0) {
		throw new Error(`quick pick "${String(title)}" has no row labelled ${missing.join(', ')}`);
	}
	const step = await quickInputStep(page);
	await page.locator(BOX).press('Enter');
	await waitForQuickInputDone(page, step);
}

/**
 * Answers VS Code's simple file dialog (code-server's Open and Save dialogs) titled `title` by typing the
 * absolute `path` and pressing Enter, as a user would. The dialog lists the typed folder asynchronously and
 * may take a stale row on Enter meanwhile, so Enter waits until the listing is idle (and, with `exists`, shows
 * the file); if the dialog is still open at that path after a while, its OK button accepts it again.
 */
export async function answerFileDialog(
	page: Page,
	title: string | RegExp,
	path: string,
	options: { readonly exists: boolean },
): Promise<void> {
	await waitForQuickInput(page, title);
	const box = page.locator(BOX);
	// The dialog fills in its starting folder once it has listed it; typing before that would be replaced.
	const progressDone = page.locator(`${WIDGET} .quick-input-progress.done`);
	const deadline = Date.now() + UI_TIMEOUT_MS;
	while (
		(await box.inputValue()) === '' ||
		(await progressDone.count()) === 0 ||
		(await page.locator(ROW).count()) === 0
	) {
		if (Date.now() > deadline) {
			throw new Error(`the file dialog "${String(title)}" never showed its starting folder`);
		}
		await page.waitForTimeout(50);
	}
	await box.fill(path);
	const name = path.split('/').pop() ?? path;
	await progressDone.waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
	if (options.exists) {
		await page
			.locator(`${ROW}[aria-label="${name.replace(/"/g, '\\"')}"]`)
			.waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
	}
	if ((await box.inputValue()) !== path) {
		throw new Error(
			`the file dialog "${String(title)}" changed the typed path to ${await box.inputValue()}`,
		);
	}
	// The exact title: the command's next step may extend it ("… — policies").
	const exact =
		typeof title === 'string'
			? new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`)
			: title;
	const titleLocator = page.locator(TITLE, { hasText: exact });
	const dialog = page
		.locator(WIDGET)
		.filter({ has: page.locator('.quick-input-title', { hasText: exact }) });
	await box.press('Enter');
	// Under load the dialog can drop an Enter that arrives while it re-reads the folder. Accept again, with
	// the OK button of this very dialog (a key could reach the command's next step if the dialog just closed).
	for (let wait = 2000; ; wait = Math.min(2 * wait, 10_000)) {
		try {
			await titleLocator.waitFor({ state: 'hidden', timeout: wait });
			return;
		} catch (err) {
			const value = await box.inputValue().catch(() => path);
			if (Date.now() > deadline + UI_TIMEOUT_MS || value !== path) {
				const message = (
					(await page
						.locator(`${WIDGET} .quick-input-message`)
						.textContent()
						.catch(() => '')) ?? ''
				).trim();
				throw new Error(
					`the file dialog "${String(title)}" did not accept ${path} (it shows ${value}${message !== '' ? `; it says: ${message}` : ''}): ${String(err)}`,
				);
			}
		}
		await dialog
			.getByRole('button', { name: 'OK', exact: true })
			.click({ timeout: 5000 })
			.catch(() => undefined); // The dialog closed meanwhile: the wait above sees it.
	}
}
