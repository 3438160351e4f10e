// End-to-end: "ThinkTrim: Watch Gateway" in code-server and Chromium. A real gateway (act mode) in front
// of the emulator, both on 127.0.0.1; the list shows its recent requests and grows live while it is
// open; the request picked opens as a tree with the cut where the gateway made it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { analyzeTrace } from '../../src/core/engine/analyzeTrace';
import { fetchGatewayRequest, traceOfGatewayRequest } from '../../src/core/gateway/gatewayWatch';
import type { TraceRecord } from '../../src/core/traces/traceRecord';
import { collect, overthoughtTrace, startRig, type GatewayRig } from '../conformance/gatewayKit';
import { submitInputBox } from '../harness/quickInput';
import { startWorkbenchSession, type WorkbenchSession } from '../harness/session';
import { ensureVsix } from '../harness/vsix';
import { UI_TIMEOUT_MS, pickQuickPickItem, resizeSideBar, runCommand, waitForActivityBarTab, waitForQuickPick } from '../harness/workbench';

describe('ThinkTrim: Watch Gateway, from the VSIX in code-server and Chromium', () => {
	let rig: GatewayRig | undefined;
	let session: WorkbenchSession | undefined;
	let web: FrameLocator;
	let trace: TraceRecord;

	function ui(): WorkbenchSession {
		assert.ok(session !== undefined, 'the workbench session started');
		return session;
	}

	function gateway(): GatewayRig {
		assert.ok(rig !== undefined, 'the gateway started');
		return rig;
	}

	/** One streamed request through the gateway; returns its report. */
	async function ask(): Promise<Record<string, unknown>> {
		const got = await collect(await gateway().sdk().chat.completions.create({ model: gateway().model, messages: [{ role: 'user', content: trace.problem ?? '' }], stream: true }));
		assert.ok(got.thinktrim !== undefined);
		return got.thinktrim;
	}

	before(async () => {
		({ trace } = await overthoughtTrace());
		rig = await startRig({ dialect: 'vllm', traces: [trace] });
		await ask();
		session = await startWorkbenchSession({ label: 'e2e-gateway', vsix: ensureVsix(), settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
		web = session.webview('Reasoning');
	});

	after(async () => {
		try {
			await session?.close();
		} finally {
			await rig?.close();
		}
	});

	it('lists the recent requests, adds a new one live, and opens it as a tree with its cut', async () => {
		const { page } = ui();
		const tab = await waitForActivityBarTab(page, 'ThinkTrim');
		await tab.click();
		await web.locator('body').waitFor({ timeout: UI_TIMEOUT_MS });
		await resizeSideBar(page, 640);
		const origin = gateway().gateway.origin;
		await runCommand(page, 'ThinkTrim: Watch Gateway');
		await submitInputBox(page, 'ThinkTrim: Watch Gateway', origin);
		await waitForQuickPick(page, `ThinkTrim Gateway: ${origin}`);
		const first = gateway().gateway.recent.list()[0]?.id;
		assert.ok(first !== undefined);
		await page.locator('.quick-input-list .monaco-list-row', { hasText: first }).waitFor({ timeout: UI_TIMEOUT_MS });

		// A request made while the list is open appears in it.
		const report = await ask();
		const id = String(report.request_id);
		assert.equal(report.cut, true);
		await pickQuickPickItem(page, id, id);

		const record = await fetchGatewayRequest(origin, id);
		const expected = await analyzeTrace(traceOfGatewayRequest(record));
		assert.equal(expected.cut?.thought, report.cut_thought, 'the tree is analysed as the gateway analysed it');
		const nodes = web.locator('g.node[data-id]');
		await nodes.nth(expected.thoughts.length).waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
		assert.equal(await nodes.count(), expected.thoughts.length + 1, 'one node per thought plus the problem');
		await web.locator(`g.cut-marker[data-policy="trimr"][data-thought="${String(report.cut_thought)}"]`).waitFor({ timeout: UI_TIMEOUT_MS });
	});
});
