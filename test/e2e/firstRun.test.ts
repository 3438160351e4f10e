// Issue 17 end to end, as a new user meets ThinkTrim: the packaged VSIX in a fresh code-server profile
// with Git left on (as `npm start` runs it), the workspace a folder outside any repository (as `npm
// start`'s playground). The walkthrough opens by itself on first activation and no Git notification
// greets the user; then the walkthrough's own steps — Start Demo Emulator, a sample, Replay with
// Truncation — open a comparison panel whose table is wholly visible at 1400×900, nothing clipped.
//
// Run alone: node --import tsx --test --test-reporter=spec test/e2e/firstRun.test.ts (after npm run package).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { comparisonRow, intOf } from '../harness/comparisonPanel';
import { VIEWPORT } from '../harness/browser';
import { runExactCommand } from '../harness/palette';
import { extensionId } from '../harness/repo';
import { startWorkbenchSession, type WorkbenchSession } from '../harness/session';
import { ensureVsix } from '../harness/vsix';
import { UI_TIMEOUT_MS, pickQuickPickItem, waitForNotification, waitForQuickPick } from '../harness/workbench';
import { webviewByTitle } from '../harness/workbenchParts';

/** DeepSeek-R1 on a MATH problem: a short recorded chain on which TrimR cuts. */
const SAMPLE_ID = 'rasbt-r1-1';

describe('first run: the walkthrough, no Git prompt, a comparison that fits', () => {
	const started = Date.now();
	let session: WorkbenchSession | undefined;

	function ui(): WorkbenchSession {
		assert.ok(session !== undefined, 'the workbench session started');
		return session;
	}

	before(async () => {
		session = await startWorkbenchSession({
			label: 'e2e-first-run',
			vsix: ensureVsix(),
			// What a user has: Git on. (The harness turns it off elsewhere to keep other tests quiet.)
			settings: { 'git.enabled': true },
			workspaceFiles: { 'README.md': '# ThinkTrim playground\n' },
		});
	});

	after(async () => {
		await session?.close();
		console.log(`# e2e wall time: ${((Date.now() - started) / 1000).toFixed(1)} s${session !== undefined ? ` (artifacts in ${session.artifacts.dir})` : ''}`);
	});

	it('opens the Get started walkthrough on first activation, with no Git notification', async () => {
		const { page, artifacts } = ui();
		const walkthrough = page.locator('.part.editor .gettingStartedContainer', { hasText: 'Get started with ThinkTrim' });
		await walkthrough.first().waitFor({ state: 'visible', timeout: 3 * UI_TIMEOUT_MS });
		// Git's "repository found in the parent folders" (or any Git toast) would be up by now: give it a few
		// seconds more after the walkthrough, then look at every toast and at the notification centre's list.
		await page.waitForTimeout(5000);
		await artifacts.screenshot(page, 'first-run');
		const toasts = await page.locator('.notifications-toasts .notification-list-item-message').allTextContents();
		const centre = await page.locator('.notifications-center .notification-list-item-message').allTextContents();
		const git = [...toasts, ...centre].filter((t) => /\bgit\b|repositor/i.test(t));
		assert.deepEqual(git, [], `no Git notification; saw: ${JSON.stringify([...toasts, ...centre])}`);
	});

	it('replays a sample from the walkthrough’s steps; the comparison table is wholly visible at 1400×900', async () => {
		const { page, artifacts } = ui();
		// The walkthrough's own button, as a new user would press it.
		await page.locator('.part.editor .gettingStartedContainer').getByText('Start Demo Emulator', { exact: true }).first().click();
		await waitForNotification(page, 'the demo emulator replays the bundled traces');
		await runExactCommand(page, 'ThinkTrim: Open Sample Trace');
		await waitForQuickPick(page, 'ThinkTrim: Open Sample Trace');
		await pickQuickPickItem(page, SAMPLE_ID, `· ${SAMPLE_ID}`);
		await (await webviewByTitle(page, extensionId(), 'Reasoning')).frame.locator('g.node[data-id="t1"]').waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
		await runExactCommand(page, 'ThinkTrim: Replay with Truncation');
		const { frame: panel, element } = await webviewByTitle(page, extensionId(), 'ThinkTrim: Replay — ', 2 * UI_TIMEOUT_MS);
		const [original, trimmed] = (await comparisonRow(panel, 'Thinking tokens')).map(intOf);
		assert.ok(original !== undefined && trimmed !== undefined && trimmed < original, `the recorded chain was cut: ${String(trimmed)} < ${String(original)}`);
		await artifacts.screenshot(page, 'first-run-comparison');

		// The panel itself lies inside the window.
		const box = await element.boundingBox();
		assert.ok(box !== null);
		assert.ok(box.x >= 0 && box.x + box.width <= VIEWPORT.width + 1, `panel x ${box.x}..${box.x + box.width} within ${VIEWPORT.width}`);
		// Every header and cell of the table inside the panel's width, none cut off or overflowing its box.
		const layout = await panel.locator('table.comparison').evaluate((table) => {
			const width = document.documentElement.clientWidth;
			const cells = Array.from(table.querySelectorAll('th, td')).map((el) => {
				const r = el.getBoundingClientRect();
				const hidden = getComputedStyle(el).display === 'none' || getComputedStyle(el).visibility === 'hidden';
				return { text: (el.textContent ?? '').trim().slice(0, 40), left: r.left, right: r.right, width: r.width, overflow: el.scrollWidth - el.clientWidth, hidden };
			});
			return { width, pageScroll: document.documentElement.scrollWidth - width, cells };
		});
		assert.ok(layout.pageScroll <= 1, `no horizontal scrolling in the panel (${layout.pageScroll} px more than its ${layout.width} px)`);
		const clipped = layout.cells.filter((c) => !c.hidden && (c.left < -1 || c.right > layout.width + 1 || c.overflow > 1 || c.width < 1));
		assert.deepEqual(clipped, [], `clipped cells in a ${layout.width} px panel`);
		assert.ok(layout.cells.filter((c) => !c.hidden).length >= 10, 'the table has its rows');
	});
});

// The control for the check above: the same fresh profile, but its workspace inside a Git repository (as
// the playground once sat inside the clone). Git's notification must show here, or the check above could
// not see one.
describe('control: a workspace inside a Git repository gets the Git notification', () => {
	let session: WorkbenchSession | undefined;

	after(async () => {
		await session?.close();
	});

	it('shows "a git repository was found in the parent folders"', async () => {
		session = await startWorkbenchSession({
			label: 'e2e-first-run-control',
			vsix: ensureVsix(),
			settings: { 'git.enabled': true },
			workspaceFiles: {
				'README.md': '# ThinkTrim playground\n',
				// The workspace's parent folder becomes an (empty) Git repository.
				'../.git/HEAD': 'ref: refs/heads/main\n',
				'../.git/config': '[core]\n\trepositoryformatversion = 0\n\tbare = false\n',
				'../.git/objects/.keep': '',
				'../.git/refs/heads/.keep': '',
			},
		});
		const text = await waitForNotification(session.page, /repositor/i, 3 * UI_TIMEOUT_MS);
		assert.match(text, /parent folder/i, text);
	});
});
