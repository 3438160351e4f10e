// Issue 15 in the real webview bundle: a failure is shown with its actions as buttons, whether it is the
// view's error state or a chain that failed while streaming, and each button asks the host to act.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { TreeModel } from '../../src/core/tree/treeModel';
import { OPEN_LOG, openSettings } from '../../src/shared/userError';
import { chromiumMissing, launchChromium, WebviewPage } from './webviewPage';

/** A streaming chain with one thought. */
function streamingModel(): TreeModel {
	const model = new TreeModel({
		runId: 'run-1',
		title: 'Aya walks',
		problem: 'Aya walks nine kilometres',
		figures: { policy: 'trimr', mode: 'watch', verifier: { kind: 'heuristic' } },
	});
	model.upsertThought({ index: 0, text: 'First, the speed.', tokenStart: 0, tokenEnd: 40 });
	return model;
}

describe('failures in the webview', { skip: chromiumMissing() }, () => {
	let browser: Browser;
	before(async () => {
		browser = await launchChromium();
	});
	after(async () => {
		await browser.close();
	});

	it("shows the error state's message and a button per action, each posting its action", async () => {
		const view = await WebviewPage.open(browser);
		const setting = openSettings('thinktrim.endpoint.model');
		await view.send({
			type: 'snapshot',
			seq: 1,
			state: {
				kind: 'error',
				message: 'Could not analyze trace t1: no model',
				actions: [setting, OPEN_LOG],
			},
		});
		const text = view.page.locator('.message .error-view .error-text');
		await text.waitFor();
		assert.equal(await text.textContent(), 'Could not analyze trace t1: no model');
		const buttons = view.page.locator('.message .error-actions vscode-button');
		assert.deepEqual(await buttons.evaluateAll((b) => b.map((e) => e.textContent)), [
			'Open Settings',
			'Open Log',
		]);
		await buttons.nth(0).click();
		await view.waitForPosted(
			(m) => m.type === 'errorAction' && JSON.stringify(m.action) === JSON.stringify(setting),
		);
		await buttons.nth(1).click();
		await view.waitForPosted(
			(m) => m.type === 'errorAction' && JSON.stringify(m.action) === JSON.stringify(OPEN_LOG),
		);
		assert.deepEqual(view.errors, []);
	});

	it('offers no button for a failure without actions', async () => {
		const view = await WebviewPage.open(browser);
		await view.send({
			type: 'snapshot',
			seq: 1,
			state: { kind: 'error', message: 'The chain embedded in this page could not be read.' },
		});
		await view.page.locator('.message .error-text').waitFor();
		assert.equal(await view.page.locator('.message vscode-button').count(), 0);
	});

	it('shows a chain that fails while streaming with its actions in the banner (a patch carries them)', async () => {
		const view = await WebviewPage.open(browser);
		const model = streamingModel();
		await view.send({ type: 'snapshot', seq: 1, state: { kind: 'chain', chain: model.resync() } });
		await view.page.locator('.chain-banner[data-status="streaming"]').waitFor();
		assert.equal(await view.page.locator('.chain-banner vscode-button').count(), 0);

		model.setStatus('error', 'connection reset by the server', [OPEN_LOG]);
		await view.send({ type: 'patch', seq: 2, runId: 'run-1', ops: model.drainPatch() });
		const banner = view.page.locator('.chain-banner[data-status="error"] .error-view');
		await banner.waitFor();
		assert.equal(
			await banner.locator('.error-text').textContent(),
			'Failed: connection reset by the server',
		);
		const openLog = banner.locator('vscode-button[aria-label="Open Log"]');
		await openLog.click();
		await view.waitForPosted((m) => m.type === 'errorAction' && m.action !== undefined);
		const posted = (await view.posted()).filter((m) => m.type === 'errorAction');
		assert.deepEqual(posted, [{ type: 'errorAction', action: { kind: 'open-log' } }]);
	});

	it('a chain stopped by the user is shown as partial with nothing to act on', async () => {
		const view = await WebviewPage.open(browser);
		const model = streamingModel();
		model.setStatus('partial', 'stopped; what arrived is kept');
		await view.send({ type: 'snapshot', seq: 1, state: { kind: 'chain', chain: model.resync() } });
		const text = view.page.locator('.chain-banner[data-status="partial"] .error-text');
		await text.waitFor();
		assert.match(
			(await text.textContent()) ?? '',
			/^The chain stopped early: stopped; what arrived/,
		);
		assert.equal(await view.page.locator('.chain-banner vscode-button').count(), 0);
	});
});
