import type { Page } from 'playwright-core';
import { ROW_LABEL } from './quickInput';
import { UI_TIMEOUT_MS } from './workbench';

const BOX = '.quick-input-widget .quick-input-box input';
const ROW = '.quick-input-widget .monaco-list-row';

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface PaletteOptions {
	/** The command reloads the page (e.g. "Developer: Reload Window"): wait for the new page's load instead. */
	readonly navigates?: boolean;
	/** How many times to reopen the palette when the row does not show (default 5). */
	readonly attempts?: number;
}

/**
 * Runs the command whose palette label is exactly `label` ("Category: Title"). Unlike a substring match,
 * "ThinkTrim: Stop" never picks "ThinkTrim: Stop Demo Emulator", whichever the palette ranks first. A palette
 * opened before the extension's commands are registered never lists them, so a missing row reopens it
 * (docs/testing.md#the-harness-testharness); once the row is clicked there is no retry, so the command runs once.
 */
export async function runExactCommand(
	page: Page,
	label: string,
	options: PaletteOptions = {},
): Promise<void> {
	const attempts = options.attempts ?? 5;
	const input = page.locator(BOX);
	const row = page.locator(ROW).filter({
		has: page.locator(ROW_LABEL, { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }),
	});
	for (let attempt = 1; ; attempt++) {
		const timeout = 5000 * attempt;
		try {
			await page.keyboard.press('F1');
			await input.waitFor({ state: 'visible', timeout });
			await input.fill(`>${label}`);
			await row.first().waitFor({ state: 'visible', timeout });
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
	if (options.navigates === true) {
		await Promise.all([page.waitForEvent('load', { timeout: UI_TIMEOUT_MS }), row.first().click()]);
		return;
	}
	await row.first().click();
	// Done when the palette hides, or the command reuses the quick input for its own first step.
	await page.waitForFunction(
		({ box, text }) => {
			const el = document.querySelector<HTMLInputElement>(box);
			return el === null || el.offsetParent === null || el.value !== text;
		},
		{ box: BOX, text: `>${label}` },
		{ timeout: UI_TIMEOUT_MS },
	);
}
