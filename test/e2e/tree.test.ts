// End-to-end: the reasoning tree of a long real chain in code-server, from the packaged VSIX, driven from
// Chromium like a user: the tree (engine roles and verdicts), the TrimR cut marker, the timeline with its
// oracle point and cuts, hover shared between timeline and tree, the detail pane with the verifier's
// explanation, keyboard navigation, and screenshots in the light and the dark theme for the README.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { analyzeTrace } from '../../src/core/engine/analyzeTrace';
import { modelFromAnalysis, policyOptionsFrom } from '../../src/core/tree/fromAnalysis';
import type { ChainView } from '../../src/shared/protocol';
import { REPO_ROOT, extensionId } from '../harness/repo';
import { bundledSample } from '../harness/sampleTraces';
import { startWorkbenchSession, type WorkbenchSession } from '../harness/session';
import { ensureVsix } from '../harness/vsix';
import {
	UI_TIMEOUT_MS,
	pickQuickPickItem,
	resizeSideBar,
	runCommand,
	waitForActivityBarTab,
	waitForQuickPick,
	waitForText,
	waitForThemeKind,
	webviewElement,
} from '../harness/workbench';

/**
 * Long real chains that TrimR cuts, best-looking first (an 8B R1 distill on a MATH problem; DeepScaleR-1.5B
 * on AIME 2024). The test takes the first one the engine cuts with TrimR, so it follows engine changes.
 */
const CANDIDATES = ['rasbt-r1-8b-ollama-1', 'tegra-dsr1.5-aime24-b8192-67', 'tegra-dsr1.5-aime24-b8192-62', 'tegra-dsr1.5-aime24-b4096-89'];
/** Where the README's pictures go; THINKTRIM_README_IMAGES=<folder> moves them, =none skips them. */
const README_IMAGES = process.env.THINKTRIM_README_IMAGES ?? join(REPO_ROOT, 'docs', 'images');

function saveReadmeImage(file: string, name: string): void {
	if (README_IMAGES === 'none') {
		return;
	}
	const target = join(README_IMAGES, `${name}.png`);
	mkdirSync(dirname(target), { recursive: true });
	copyFileSync(file, target);
	console.log(`# screenshot: ${target}`);
}

describe('The reasoning tree in code-server', () => {
	let session: WorkbenchSession | undefined;
	let web: FrameLocator;
	let expected: ChainView;
	let sampleId = '';

	function ui(): WorkbenchSession {
		assert.ok(session !== undefined, 'the workbench session started');
		return session;
	}

	before(async () => {
		// The same engine, same defaults as the extension's Open Sample Trace: the tree it must show.
		for (const id of CANDIDATES) {
			const chain = modelFromAnalysis(await analyzeTrace(bundledSample(id).trace), { runId: 'expected' }).snapshot();
			if (chain.cuts.some((c) => c.policy === 'trimr') && chain.nodes.length > 20) {
				expected = chain;
				sampleId = id;
				break;
			}
		}
		assert.ok(sampleId !== '', `TrimR cuts one of ${CANDIDATES.join(', ')}`);
		console.log(`# chain: ${sampleId}, ${expected.nodes.length - 1} thoughts`);
		session = await startWorkbenchSession({ label: 'e2e-tree', vsix: ensureVsix(), settings: { 'workbench.colorTheme': 'Default Light Modern' } });
		web = session.webview('Reasoning');
	});

	after(async () => {
		await session?.close();
	});

	it('opens a long real chain and draws every thought with its role and verdict', async () => {
		const { page } = ui();
		const tab = await waitForActivityBarTab(page, 'ThinkTrim');
		await tab.click();
		await web.locator('body').waitFor({ timeout: UI_TIMEOUT_MS });
		await resizeSideBar(page, 640);
		// Give the Reasoning view the whole side bar: collapse the other ThinkTrim views.
		for (const header of await page.locator('.sidebar .pane-header.expanded').all()) {
			if (!((await header.textContent()) ?? '').includes('Reasoning')) {
				await header.click();
			}
		}
		await runCommand(page, 'ThinkTrim: Open Sample Trace');
		await waitForQuickPick(page, 'ThinkTrim: Open Sample Trace');
		await pickQuickPickItem(page, sampleId, `· ${sampleId}`);
		const last = expected.nodes.at(-1);
		assert.ok(last !== undefined);
		await web.locator(`g.node[data-id="${last.id}"]`).waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
		assert.equal(await web.locator('g.node[data-id]').count(), expected.nodes.length);
		for (const node of expected.nodes.slice(0, 12)) {
			const cls = (await web.locator(`g.node[data-id="${node.id}"]`).getAttribute('class')) ?? '';
			assert.ok(cls.includes(`role-${node.role}`) && cls.includes(`verdict-${node.usefulness}`), `${node.id}: ${cls}`);
		}
		await waitForText(web.locator('.chain-status'), 'complete');
		assert.match((await web.locator('.figure-verifier').textContent()) ?? '', /heuristic verifier/);
	});

	it('marks the TrimR cut as a boundary between the kept and the trimmed thoughts', async () => {
		const cut = expected.cuts.find((c) => c.policy === 'trimr');
		assert.ok(cut !== undefined, 'TrimR cuts this chain');
		await web.locator(`g.cut-marker[data-policy="trimr"][data-thought="${cut.thought}"]`).waitFor({ timeout: UI_TIMEOUT_MS });
		assert.match((await web.locator(`g.node[data-id="t${cut.thought + 1}"]`).getAttribute('class')) ?? '', /\btrimmed\b/);
		assert.doesNotMatch((await web.locator(`g.node[data-id="t${cut.thought}"]`).getAttribute('class')) ?? '', /\btrimmed\b/);
		const saved = expected.thinkingTokens - cut.tokenOffset;
		assert.match((await web.locator('.figure-kept').textContent()) ?? '', new RegExp(`kept ${cut.tokenOffset.toLocaleString('en-US')} · saved ${saved.toLocaleString('en-US')}`));
	});

	it('shows the timeline with the oracle point, every policy cut and answer switches, hover shared with the tree', async () => {
		const { page } = ui();
		assert.equal(await web.locator('.tl-cut').count(), expected.cuts.length);
		assert.equal(await web.locator('.tl-cut.shown.policy-trimr').count(), 1);
		assert.equal(await web.locator('.tl-oracle').count(), expected.oracle === undefined ? 0 : 1);
		assert.equal(await web.locator('path.tl-switch').count(), expected.answerSwitches.length);
		const strip = web.locator('svg.timeline-strip');
		const box = await strip.boundingBox();
		assert.ok(box !== null);
		await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.6);
		const inTimeline = await web.locator('rect.tl-hover').getAttribute('data-id', { timeout: UI_TIMEOUT_MS });
		assert.ok(inTimeline !== null);
		await web.locator(`g.node.hovered[data-id="${inTimeline}"]`).waitFor({ timeout: UI_TIMEOUT_MS });
	});

	it('shows a thought with its explanation in the detail pane, and moves with the keyboard', async () => {
		const { page } = ui();
		await web.locator('g.node[data-id="problem"]').click();
		await waitForText(web.locator('.detail-heading'), 'Problem');
		// A redundant verification: pick it on the timeline (the tree pans to it), like a user hunting overthinking.
		const redundant = expected.nodes.find((n) => n.usefulness === 'redundant') ?? expected.nodes[3];
		assert.ok(redundant !== undefined);
		const box = await web.locator('svg.timeline-strip').boundingBox();
		assert.ok(box !== null);
		const middle = (redundant.tokenStart + redundant.tokenEnd) / 2;
		await page.mouse.click(box.x + (middle / expected.thinkingTokens) * box.width, box.y + box.height * 0.6);
		await waitForText(web.locator('.detail-text'), redundant.text);
		assert.equal(await web.locator('g.node.selected').getAttribute('data-id'), redundant.id);
		const explanation = (await web.locator('.detail-explanation').textContent()) ?? '';
		assert.ok(explanation.includes('Does this thought state an answer?'), 'the verifier question is shown');
		assert.ok(explanation.includes(redundant.reason ?? '#'), 'the verdict reason is shown');
		const state = redundant.stopRuleStates?.trimr;
		assert.ok(state === undefined || explanation.includes(state), `the stop rule state "${state}" is shown`);

		const next = expected.nodes.find((n) => n.index === redundant.index + 1);
		assert.ok(next !== undefined);
		const svg = web.locator('svg.tree');
		await svg.focus();
		await svg.press('ArrowDown');
		await waitForText(web.locator('.detail-text'), next.text);
		assert.equal(await web.locator('g.node.selected').getAttribute('data-id'), next.id);
		await svg.press('Enter');
		await web.locator('section.detail:focus').waitFor({ timeout: UI_TIMEOUT_MS });
	});

	it('takes screenshots of the long chain in the light and the dark theme', async () => {
		const { page, server, artifacts } = ui();
		const view = webviewElement(page, { extensionId: extensionId() });
		// Select the thought where TrimR cuts (on the timeline): the tree pans to the cut, the pane explains it.
		const cut = expected.cuts.find((c) => c.policy === 'trimr');
		const cutNode = expected.nodes.find((n) => n.index === cut?.thought);
		const strip = await web.locator('svg.timeline-strip').boundingBox();
		assert.ok(cutNode !== undefined && strip !== null);
		const middle = (cutNode.tokenStart + cutNode.tokenEnd) / 2;
		await page.mouse.click(strip.x + (middle / expected.thinkingTokens) * strip.width, strip.y + strip.height * 0.6);
		await waitForText(web.locator('.detail-text'), cutNode.text);
		await page.mouse.move(strip.x + strip.width / 2, strip.y - 400);
		for (const kind of ['light', 'dark'] as const) {
			server.updateSettings({ 'workbench.colorTheme': kind === 'light' ? 'Default Light Modern' : 'Default Dark Modern' });
			try {
				await waitForThemeKind(page, kind, web, 15_000);
			} catch {
				// The settings file watcher can be slow on a loaded machine: pick the theme like a user
				// (the picker lists "Default Dark Modern" as "Dark Modern").
				const label = kind === 'light' ? 'Light Modern' : 'Dark Modern';
				await runCommand(page, 'Preferences: Color Theme');
				await pickQuickPickItem(page, label, label);
				await waitForThemeKind(page, kind, web);
			}
			await page.waitForTimeout(400);
			const file = await artifacts.screenshot(view, `tree-${kind}`);
			assert.ok(file !== undefined, `the ${kind} screenshot was written`);
			saveReadmeImage(file, `tree-${kind}`);
		}
	});

	it('re-analyses the chain when TrimR\'s M is changed in the header', async () => {
		const options = { policy: 'trimr' as const, consecutiveAnswers: 1, verifierThreshold: 0.5, underthinkingThoughts: 20, underthinkingBudgetShare: 0.5 };
		const eager = await analyzeTrace(bundledSample(sampleId).trace, { policy: 'trimr', policyOptions: policyOptionsFrom(options) });
		assert.ok(eager.cut !== undefined, 'with M = 1 TrimR cuts too');
		const field = web.locator('vscode-text-field[aria-label^="M — answers that must agree"] input');
		await field.fill('1');
		await field.press('Enter');
		await web.locator(`g.cut-marker[data-policy="trimr"][data-thought="${eager.cut.thought}"]`).waitFor({ timeout: UI_TIMEOUT_MS });
		assert.equal(await web.locator('vscode-text-field[aria-label^="M — answers that must agree"]').getAttribute('value'), '1');
	});

	it('ran without Content-Security-Policy violations', () => {
		assert.deepEqual(
			ui()
				.console.cspViolations()
				.map((e) => `${e.text} (${e.url})`),
			[],
		);
	});
});
