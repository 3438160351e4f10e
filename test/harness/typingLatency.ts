import type { Page } from 'playwright-core';
import { UI_TIMEOUT_MS } from './workbench';

/** The text area of the editor with the focus (its rendered lines). */
const EDITOR_LINES = '.part.editor .monaco-editor .view-lines';

/**
 * Installs a probe in the workbench page that notes, for every change of the active editor's rendered
 * lines, how many characters they show and when the frame after that change ran (`Date.now()`, the same
 * clock as the test process on this machine). Call once per page; `typeAndMeasure` reads it.
 */
export async function installRenderProbe(page: Page): Promise<void> {
	await page.locator(EDITOR_LINES).first().waitFor({ timeout: UI_TIMEOUT_MS });
	await page.evaluate((selector) => {
		const lines = document.querySelector(selector);
		if (lines === null) {
			throw new Error('no editor is open');
		}
		const renders: Array<[number, number]> = [];
		Object.assign(window, { __thinktrimRenders: renders });
		new MutationObserver(() => {
			const length = (lines.textContent ?? '').length;
			// The frame after the one that changed the lines: conservative by at most one frame.
			requestAnimationFrame(() => {
				const channel = new MessageChannel();
				channel.port1.onmessage = () => renders.push([length, Date.now()]);
				channel.port2.postMessage(0);
			});
		}).observe(lines, { subtree: true, childList: true, characterData: true });
	}, EDITOR_LINES);
}

async function renders(page: Page): Promise<Array<[number, number]>> {
	return page.evaluate(() =>
		(
			window as unknown as { __thinktrimRenders: Array<[number, number]> }
		).__thinktrimRenders.slice(),
	);
}

async function renderedLength(page: Page): Promise<number> {
	return page.evaluate(
		(selector) => (document.querySelector(selector)?.textContent ?? '').length,
		EDITOR_LINES,
	);
}

/**
 * Types `keys` letters into the focused editor, one every `intervalMs` (a quick typist), and returns each
 * key's latency in ms: from just before the test process sent the key to the frame after the editor first
 * showed it. Input queueing in a busy renderer counts, as a user would feel it.
 */
export async function typeAndMeasure(
	page: Page,
	keys: number,
	intervalMs: number,
): Promise<number[]> {
	const base = await renderedLength(page);
	const sentAt: number[] = [];
	let next = Date.now();
	for (let i = 0; i < keys; i++) {
		const wait = next - Date.now();
		if (wait > 0) {
			await new Promise((resolve) => setTimeout(resolve, wait));
		}
		sentAt.push(Date.now());
		await page.keyboard.press(String.fromCharCode(97 + (i % 26)));
		next = Math.max(next + intervalMs, Date.now());
	}
	const deadline = Date.now() + UI_TIMEOUT_MS;
	let seen = await renders(page);
	while (!seen.some(([length]) => length >= base + keys)) {
		if (Date.now() > deadline) {
			throw new Error(`the editor never showed all ${keys} typed characters`);
		}
		await page.waitForTimeout(100);
		seen = await renders(page);
	}
	return sentAt.map((at, i) => {
		const shown = seen.find(([length, time]) => length >= base + i + 1 && time >= at);
		return shown === undefined ? Number.NaN : shown[1] - at;
	});
}

/** The `p`-th percentile (0–100, nearest rank) of `values`. */
export function percentile(values: readonly number[], p: number): number {
	const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
	if (sorted.length === 0) {
		return Number.NaN;
	}
	return (
		sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ??
		Number.NaN
	);
}
