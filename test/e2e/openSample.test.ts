// End-to-end: the packaged VSIX in a fresh code-server profile, driven from Debian Chromium like a user:
// palette → quick pick → the Reasoning view's d3 tree → click and keyboard selection → detail pane.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { Artifacts } from '../harness/artifacts';
import { ConsoleCollector, VIEWPORT, launchChromium } from '../harness/browser';
import { startCodeServer, type CodeServer } from '../harness/codeServer';
import { REPO_ROOT, extensionId } from '../harness/repo';
import { bundledSample } from '../harness/sampleTraces';
import { ensureVsix } from '../harness/vsix';
import { UI_TIMEOUT_MS, openWorkbench, pickQuickPickItem, resizeSideBar, runCommand, waitForActivityBarTab, waitForQuickPick, waitForText, webviewFrame } from '../harness/workbench';

/** A short DeepSeek-R1 chain (16 thoughts): the whole tree fits in the sidebar for the README picture. */
const SAMPLE_ID = 'rasbt-r1-4';
/** Where the README's screenshot goes; THINKTRIM_SCREENSHOT=<path> moves it, =none skips it. */
const README_SCREENSHOT = process.env.THINKTRIM_SCREENSHOT ?? join(REPO_ROOT, 'docs', 'images', 'tree.png');

describe('ThinkTrim: Open Sample Trace, from the VSIX in code-server and Chromium', () => {
	const sample = bundledSample(SAMPLE_ID);
	const expectedNodes = sample.thoughts.length + 1; // the problem is the root
	const artifacts = new Artifacts('e2e-open-sample');
	const started = Date.now();
	let server: CodeServer | undefined;
	let browser: Browser | undefined;
	let page: Page;
	let consoleLog: ConsoleCollector;
	let web: FrameLocator;

	before(async () => {
		const vsix = ensureVsix();
		server = await startCodeServer({
			vsix,
			settings: { 'workbench.colorTheme': 'Default Dark Modern' },
			logFile: artifacts.path('code-server.log'),
		});
		browser = await launchChromium();
		page = await browser.newPage({ viewport: VIEWPORT });
		consoleLog = new ConsoleCollector(page);
		web = webviewFrame(page, { extensionId: extensionId() });
	});

	after(async () => {
		try {
			if (browser !== undefined) {
				await artifacts.screenshot(page, 'final');
				artifacts.write('console.log', consoleLog.format());
			}
		} finally {
			await browser?.close();
			await server?.stop();
			console.log(`# e2e wall time: ${((Date.now() - started) / 1000).toFixed(1)} s (artifacts in ${artifacts.dir})`);
		}
	});

	it('installs into a fresh profile and contributes the ThinkTrim activity-bar entry', async () => {
		assert.ok(server !== undefined);
		await openWorkbench(page, server.workbenchUrl());
		const tab = await waitForActivityBarTab(page, 'ThinkTrim');
		// Open the (still empty) view and widen the side bar, so the tree is drawn at a readable size.
		await tab.click();
		await web.locator('body').waitFor({ timeout: UI_TIMEOUT_MS });
		await resizeSideBar(page, 640);
	});

	it(`opens ${SAMPLE_ID} from the palette and draws one node per thought plus the problem`, async () => {
		await runCommand(page, 'ThinkTrim: Open Sample Trace');
		await waitForQuickPick(page, 'ThinkTrim: Open Sample Trace');
		// The id is part of each item's detail line and unique, unlike problem texts shared by two models.
		await pickQuickPickItem(page, SAMPLE_ID, `· ${SAMPLE_ID}`);
		const nodes = web.locator('g.node[data-id]');
		await nodes.nth(expectedNodes - 1).waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
		assert.equal(await nodes.count(), expectedNodes, `${sample.thoughts.length} thoughts + the problem`);
		assert.equal(await web.locator('g.node[data-id="problem"]').count(), 1, 'the root is the problem');
		const ids = await nodes.evaluateAll((els) => els.map((el) => el.getAttribute('data-id')));
		const expectedIds = ['problem', ...sample.thoughts.map((t) => `t${t.index}`)];
		assert.deepEqual([...ids].sort(), [...expectedIds].sort());
	});

	it('shows the text of a clicked thought in the detail pane', async () => {
		const thought = sample.thoughts[1];
		assert.ok(thought !== undefined);
		await web.locator('g.node[data-id="t1"]').click();
		const detail = web.locator('.detail-text');
		await waitForText(detail, thought.text);
	});

	it('moves the selection to the next thought with ArrowDown on the focused tree', async () => {
		const next = sample.thoughts[2];
		assert.ok(next !== undefined);
		const svg = web.locator('svg:has(g.node)');
		await svg.focus();
		await svg.press('ArrowDown');
		await waitForText(web.locator('.detail-text'), next.text);
	});

	it('saves a screenshot of the workbench with the tree', async () => {
		const file = await artifacts.screenshot(page, 'tree');
		assert.ok(file !== undefined, 'the screenshot was written');
		if (README_SCREENSHOT !== 'none') {
			mkdirSync(dirname(README_SCREENSHOT), { recursive: true });
			copyFileSync(file, README_SCREENSHOT);
			console.log(`# screenshot: ${README_SCREENSHOT}`);
		}
	});

	it('loads the webview without Content-Security-Policy violations', () => {
		const webviewErrors = consoleLog.webviewErrors();
		if (webviewErrors.length > 0) {
			console.log(`# webview console errors:\n${webviewErrors.map((e) => `#   ${e.text}`).join('\n')}`);
		}
		assert.deepEqual(
			consoleLog.cspViolations().map((e) => e.text),
			[],
		);
	});
});
