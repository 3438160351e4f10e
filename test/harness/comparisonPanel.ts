import assert from 'node:assert/strict';
import type { FrameLocator } from 'playwright-core';
import { UI_TIMEOUT_MS } from './workbench';

/** The integer in a figure like "4,540" or "1,234 tok". */
export function intOf(text: string | null): number {
	const digits = (text ?? '').replace(/[^\d]/g, '');
	assert.ok(digits !== '', `a number in "${text ?? ''}"`);
	return Number(digits);
}

/** The two cells (original, trimmed) of a comparison-table row. */
export async function comparisonRow(panel: FrameLocator, label: string): Promise<[string, string]> {
	const row = panel
		.locator('table.comparison tbody tr')
		.filter({ has: panel.locator('th', { hasText: label }) })
		.first();
	await row.waitFor({ timeout: UI_TIMEOUT_MS });
	const cells = row.locator('td');
	return [
		((await cells.nth(0).textContent()) ?? '').trim(),
		((await cells.nth(1).textContent()) ?? '').trim(),
	];
}
