// Tree labels are drawn only where they can be read (webview/labelPlacement.ts): in Chromium, on the
// longest shared real chains and on a synthetic 2,000-thought chain, at the fitted view and zoomed in,
// no two drawn labels intersect, none leaves the view, and every drawn label is screen-sized (≥ 9 px).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { ChainView } from '../../src/shared/protocol';
import {
	longestSharedChains,
	measureLabels,
	syntheticChain,
	type LabelReport,
} from './treeLegibility';
import { chromiumMissing, launchChromium, WebviewPage } from './webviewPage';

const skip = chromiumMissing();
/** The side bar as a new user has it, and the editor area of a 1400×900 window. */
const SIZES = [
	{ width: 420, height: 900, surface: 'sidebar' },
	{ width: 1400, height: 860, surface: 'editor' },
] as const;

function check(report: LabelReport, where: string): void {
	console.log(
		`# ${where}: ${report.labels} labels (${report.withText} with text, the rest numbers) on ${report.nodes} drawn nodes, smallest ${report.minHeight.toFixed(1)} px tall, ${report.overlaps.length} overlaps, ${report.outside.length} outside`,
	);
	assert.deepEqual(report.overlaps.slice(0, 5), [], `${where}: labels intersect`);
	assert.deepEqual(report.outside.slice(0, 5), [], `${where}: labels leave the view`);
	assert.ok(report.labels > 0, `${where}: some label is drawn`);
	assert.ok(
		report.minHeight >= 9,
		`${where}: every label is at least 9 px tall (${report.minHeight})`,
	);
}

async function zoomLevel(page: Page): Promise<number> {
	const transform = (await page.locator('g.viewport').getAttribute('transform')) ?? '';
	return Number(/scale\(([\d.e-]+)\)/.exec(transform)?.[1] ?? '1');
}

async function drive(view: WebviewPage, chain: ChainView, name: string): Promise<void> {
	const { page } = view;
	await view.send({ type: 'snapshot', seq: 1, state: { kind: 'chain', chain } });
	await page.locator('g.node[data-id="problem"]').waitFor();
	check(await measureLabels(page), `${name}, first view`);
	await page.locator('vscode-button[aria-label="Fit the tree to the view"]').click();
	const fitted = await measureLabels(page);
	check(fitted, `${name}, fitted`);
	// Zoom in step by step around a thought in the middle of the chain, up to 1.5×: more room between
	// nodes brings more text.
	const middle = page.locator(
		`g.node[data-id="t${Math.floor((chain.nodes.length - 1) / 2)}"] path.shape`,
	);
	let last = fitted;
	for (let step = 1; step <= 14 && (await zoomLevel(page)) < 1.5; step++) {
		const box = await middle.boundingBox();
		assert.ok(box !== null, 'the middle thought is drawn');
		await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
		await page.mouse.wheel(0, -700);
		last = await measureLabels(page);
		check(last, `${name}, zoomed in to ${(await zoomLevel(page)).toFixed(3)}`);
	}
	assert.ok(
		last.withText >= Math.min(3, last.labels),
		`${name}: zoomed in, labels show their text`,
	);
	// Hover shows the full text: the hovered node's <title>, and its label is placed first.
	const node = page.locator('g.node').nth(1);
	assert.ok(
		((await node.locator('title').textContent()) ?? '').length > 0,
		'a node has its hover text',
	);
}

describe('tree labels: readable, never overlapping, inside the view', { skip }, () => {
	let browser: Browser;
	let shared: ChainView[] = [];
	before(async () => {
		browser = await launchChromium();
		shared = await longestSharedChains(3);
	});
	after(async () => {
		await browser.close();
	});

	it('on the longest shared real chains', { skip: skip ?? false }, async (t) => {
		if (shared.length === 0) {
			t.skip('../shared/data/traces is absent');
			return;
		}
		for (const chain of shared) {
			for (const size of SIZES) {
				const view = await WebviewPage.open(
					browser,
					undefined,
					size,
					undefined,
					'dark',
					size.surface,
				);
				await drive(
					view,
					chain,
					`${chain.runId} (${chain.nodes.length - 1} thoughts) at ${size.width}×${size.height} (${size.surface})`,
				);
				assert.deepEqual(view.errors, []);
				await view.page.close();
			}
		}
	});

	it('on a synthetic 2,000-thought chain', async () => {
		const chain = syntheticChain(2000);
		for (const size of SIZES) {
			const view = await WebviewPage.open(
				browser,
				undefined,
				size,
				undefined,
				'dark',
				size.surface,
			);
			await drive(view, chain, `synthetic 2,000 at ${size.width}×${size.height} (${size.surface})`);
			assert.deepEqual(view.errors, []);
			await view.page.close();
		}
	});
});
