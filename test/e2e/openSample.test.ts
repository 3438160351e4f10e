// End-to-end: the packaged VSIX in a fresh code-server profile, driven from Debian Chromium like a user:
// palette → quick pick → the Reasoning view's d3 tree → click and keyboard selection → detail pane.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import type { Thought } from '../../src/core/thoughts/thought';
import { COLOR_THEMES } from '../harness/codeServer';
import { REPO_ROOT } from '../harness/repo';
import { bundledSample, engineThoughts } from '../harness/sampleTraces';
import { startWorkbenchSession, type WorkbenchSession } from '../harness/session';
import { ensureVsix } from '../harness/vsix';
import {
	UI_TIMEOUT_MS,
	pickQuickPickItem,
	resizeSideBar,
	runCommand,
	setViewExpanded,
	waitForActivityBarTab,
	waitForQuickPick,
	waitForText,
} from '../harness/workbench';

/** DeepSeek-R1 (671B) on a MATH problem: a short chain with a TrimR cut, the README's main picture. */
const SAMPLE_ID = 'rasbt-r1-1';
/** Where the README's pictures go; THINKTRIM_README_IMAGES=<folder> moves them, =none skips them. */
const README_IMAGES = process.env.THINKTRIM_README_IMAGES ?? join(REPO_ROOT, 'docs', 'images');

/** Copies a screenshot to the README's images as `name`.png. */
function saveReadmeImage(file: string, name: string): void {
	if (README_IMAGES === 'none') {
		return;
	}
	const target = join(README_IMAGES, `${name}.png`);
	mkdirSync(dirname(target), { recursive: true });
	copyFileSync(file, target);
	console.log(`# screenshot: ${target}`);
}

describe('ThinkTrim: Open Sample Trace, from the VSIX in code-server and Chromium', () => {
	const { trace } = bundledSample(SAMPLE_ID);
	let thoughts: readonly Thought[] = [];
	const started = Date.now();
	let session: WorkbenchSession | undefined;
	let web: FrameLocator;

	/** The session, once `before` has started it. */
	function ui(): WorkbenchSession {
		assert.ok(session !== undefined, 'the workbench session started');
		return session;
	}

	before(async () => {
		thoughts = await engineThoughts(trace);
		session = await startWorkbenchSession({
			label: 'e2e-open-sample',
			vsix: ensureVsix(),
			settings: { 'workbench.colorTheme': COLOR_THEMES.dark },
		});
		web = session.webview('Reasoning');
	});

	after(async () => {
		await session?.close();
		console.log(`# e2e wall time: ${((Date.now() - started) / 1000).toFixed(1)} s${session !== undefined ? ` (artifacts in ${session.artifacts.dir})` : ''}`);
	});

	it('installs into a fresh profile and contributes the ThinkTrim activity-bar entry', async () => {
		const { page } = ui();
		const tab = await waitForActivityBarTab(page, 'ThinkTrim');
		// Open the (still empty) view and widen the side bar, so the tree is drawn at a readable size.
		await tab.click();
		await web.locator('body').waitFor({ timeout: UI_TIMEOUT_MS });
		await resizeSideBar(page, 640);
		// Give the Reasoning view the side bar's whole height (other views may share it).
		await setViewExpanded(page, 'History', false);
	});

	it(`opens ${SAMPLE_ID} from the palette and draws one node per thought plus the problem`, async () => {
		const { page } = ui();
		await runCommand(page, 'ThinkTrim: Open Sample Trace');
		await waitForQuickPick(page, 'ThinkTrim: Open Sample Trace');
		// The id is part of each item's detail line and unique, unlike problem texts shared by two models.
		await pickQuickPickItem(page, SAMPLE_ID, `· ${SAMPLE_ID}`);
		const nodes = web.locator('g.node[data-id]');
		await nodes.nth(thoughts.length).waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
		assert.equal(await nodes.count(), thoughts.length + 1, `${thoughts.length} thoughts + the problem`);
		assert.equal(await web.locator('g.node[data-id="problem"]').count(), 1, 'the root is the problem');
		const ids = await nodes.evaluateAll((els) => els.map((el) => el.getAttribute('data-id')));
		const expectedIds = ['problem', ...thoughts.map((t) => `t${t.index}`)];
		assert.deepEqual([...ids].sort(), [...expectedIds].sort());
	});

	it('shows the text of a clicked thought in the detail pane', async () => {
		const thought = thoughts[1];
		assert.ok(thought !== undefined);
		await web.locator('g.node[data-id="t1"]').click();
		await waitForText(web.locator('.detail-text'), thought.text);
	});

	it('moves the selection to the next thought with ArrowDown on the focused tree', async () => {
		const next = thoughts[2];
		assert.ok(next !== undefined);
		const svg = web.locator('svg:has(g.node)');
		await svg.focus();
		await svg.press('ArrowDown');
		await waitForText(web.locator('.detail-text'), next.text);
	});

	it('saves a screenshot of the workbench with the tree', async () => {
		const { page, artifacts } = ui();
		const file = await artifacts.screenshot(page, 'tree');
		assert.ok(file !== undefined, 'the screenshot was written');
		saveReadmeImage(file, 'tree');
	});

	it('loads the webview without Content-Security-Policy violations', () => {
		const { console: consoleLog } = ui();
		const webviewErrors = consoleLog.webviewErrors();
		if (webviewErrors.length > 0) {
			console.log(`# webview console errors:\n${webviewErrors.map((e) => `#   ${e.text} (${e.url})`).join('\n')}`);
		}
		assert.deepEqual(
			consoleLog.cspViolations().map((e) => `${e.text} (${e.url})`),
			[],
		);
	});
});
