// In-page checks for the accessibility tests: axe-core's verdict, whether a control shows its state
// (its visible text and that text's contrast), and the keyboard order.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

const AXE = readFileSync(
	join(__dirname, '..', '..', 'node_modules', 'axe-core', 'axe.min.js'),
	'utf8',
);

/** One axe-core violation, short. */
export interface AxeFinding {
	readonly id: string;
	readonly impact: string;
	readonly nodes: readonly string[];
}

/** Runs axe-core in the page (injected through the debugger protocol, which the page's CSP does not cover). */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
	await page.evaluate(AXE);
	return page.evaluate<AxeFinding[]>(`(async () => {
		const result = await axe.run(document, { resultTypes: ['violations'] });
		return result.violations.map((v) => ({ id: v.id, impact: v.impact || '', nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ': ' + (n.failureSummary || '').slice(0, 160)) }));
	})()`);
}

/** What the "Cut shown in the tree" dropdown shows: its text and the contrast of that text on its own background. */
export async function dropdownLook(
	page: Page,
): Promise<{ text: string; contrast: number; name: string }> {
	return page.evaluate<{ text: string; contrast: number; name: string }>(`(() => {
		const dropdown = document.querySelector('vscode-dropdown');
		const value = dropdown && dropdown.shadowRoot && dropdown.shadowRoot.querySelector('.selected-value');
		if (!dropdown || !value) {
			throw new Error('no dropdown');
		}
		const rgb = (c) => (c.match(/[0-9.]+/g) || ['0', '0', '0']).slice(0, 3).map(Number);
		const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
		const control = dropdown.shadowRoot.querySelector('.control') || dropdown;
		let bg = getComputedStyle(control).backgroundColor;
		if (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent') { bg = getComputedStyle(document.body).backgroundColor; }
		const [a, b] = [lum(rgb(getComputedStyle(value).color)), lum(rgb(bg))];
		return { text: (value.textContent || '').trim(), contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), name: dropdown.getAttribute('aria-label') || '' };
	})()`);
}

/** The keyboard order: presses Tab `count` times from the top and names what gets focus each time. */
export async function tabOrder(page: Page, count: number): Promise<string[]> {
	await page.evaluate(
		'document.activeElement && document.activeElement.blur && document.activeElement.blur()',
	);
	const order: string[] = [];
	for (let i = 0; i < count; i++) {
		await page.keyboard.press('Tab');
		order.push(
			await page.evaluate<string>(`(() => {
				const el = document.activeElement;
				if (!el || el === document.body) { return 'body'; }
				const name = el.getAttribute('aria-label') || (el.textContent || '').trim().slice(0, 30);
				return el.tagName.toLowerCase() + (el.classList.length ? '.' + el.classList[0] : '') + ' ' + name;
			})()`),
		);
	}
	return order;
}
