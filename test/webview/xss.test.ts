// Model output is untrusted: reasoning text full of HTML, event handlers, javascript: links and SVG
// payloads must show literally and never run. The real webview bundle runs in headless Chromium under
// the webview's own CSP; the test checks that no payload ran (a global flag, dialogs), that the page
// created no element from the text, that CSP never had to block anything (so nothing was parsed as
// HTML in the first place), and that the text shows character for character.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { TreeModel } from '../../src/core/tree/treeModel';
import { chromiumMissing, launchChromium, WebviewPage } from './webviewPage';

const PAYLOADS = [
	'<script>window.__pwned = "script"</script>',
	'<img src=x onerror="window.__pwned = \'img\'">',
	'<a href="javascript:window.__pwned = \'link\'">click me</a>',
	'<svg onload="window.__pwned = \'svg-onload\'"><script>window.__pwned = "svg-script"</script></svg>',
	'<svg><animate onbegin="window.__pwned = \'animate\'" attributeName="x" dur="1s"/></svg>',
	'<iframe srcdoc="<script>parent.__pwned = \'iframe\'</script>"></iframe>',
	"\"><img src=x onerror=alert(1)> ' onmouseover=alert(2) x='",
	'<math><mtext><table><mglyph><style><img src=x onerror=alert(3)>',
	'</pre></section><script>alert(4)</script>',
	'<foreignObject><body onload=alert(5)></body></foreignObject>',
];

function hostileChain(): ReturnType<TreeModel['snapshot']> {
	const model = new TreeModel(
		{
			runId: 'xss',
			title: `Title ${PAYLOADS[0]}`,
			problem: `Problem ${PAYLOADS[1]}`,
			model: `Model ${PAYLOADS[2]}`,
			benchmark: PAYLOADS[3],
			source: PAYLOADS[4],
			finalAnswer: PAYLOADS[5],
			goldAnswer: PAYLOADS[6],
			figures: { policy: 'trimr', mode: 'watch', verifier: { kind: 'llm', model: PAYLOADS[7] } },
		},
		'complete',
	);
	let tokens = 0;
	PAYLOADS.forEach((payload, i) => {
		const text = `Thought ${i}: ${payload}\n\nWait, ${payload}`;
		model.upsertThought({
			index: i,
			text,
			tokenStart: tokens,
			tokenEnd: (tokens += 20),
			label: {
				role: i % 2 === 0 ? 'conclusion' : 'verification',
				usefulness: i > 5 ? 'redundant' : 'useful',
				reason: `reason ${payload}`,
				answer: payload,
				stopRuleStates: { trimr: `state ${payload}`, dynasor: payload },
				explanation: {
					source: 'llm',
					verifierModel: payload,
					heuristicReason: payload,
					fallbackReason: payload,
					questions: [
						{
							question: 'answerExists',
							prompt: `Prompt ${payload}`,
							verdict: true,
							pYes: 0.9,
							pNo: 0.1,
							source: 'llm',
							note: payload,
						},
					],
				},
			},
		});
	});
	model.setCut({
		policy: 'trimr',
		thought: 4,
		tokenOffset: 100,
		trigger: PAYLOADS[8] ?? '',
		explanation: PAYLOADS[9] ?? '',
	});
	model.setOracle({ thought: 2, tokenOffset: 60, savedTokens: 140 });
	model.addAnswerSwitch({ thought: 3, tokenOffset: 80, from: PAYLOADS[0], to: PAYLOADS[1] ?? '' });
	model.setStatus('partial', `stream failed: ${PAYLOADS[2]}`);
	return model.snapshot();
}

const skip = chromiumMissing();

describe('webview security: model text is never HTML', { skip }, () => {
	let browser: Browser;
	before(async () => {
		browser = await launchChromium();
	});
	after(async () => {
		await browser.close();
	});

	it('shows hostile reasoning text literally and runs none of it', async () => {
		const view = await WebviewPage.open(browser);
		const dialogs: string[] = [];
		view.page.on('dialog', (dialog) => {
			dialogs.push(dialog.message());
			void dialog.dismiss();
		});
		const chain = hostileChain();
		await view.send({ type: 'snapshot', seq: 1, state: { kind: 'chain', chain } });
		await view.page.locator('g.node[data-id="t9"]').waitFor();

		// Visit every thought: the detail pane renders text, reason, answer, explanation and prompts.
		for (let i = 0; i < PAYLOADS.length; i++) {
			const node = view.page.locator(`g.node[data-id="t${i}"]`);
			// Dispatched, not clicked: the node may lie outside the visible part of the tree.
			await node.dispatchEvent('mouseover');
			await node.dispatchEvent('click');
			const shown = await view.page.locator('.detail-text').textContent();
			assert.equal(shown, chain.nodes[i + 1]?.text, `thought ${i} shows literally`);
			await view.page
				.locator('.detail-question')
				.first()
				.evaluate((d) => d.setAttribute('open', ''));
			assert.equal(
				await view.page.locator('.detail-prompt').first().textContent(),
				`Prompt ${PAYLOADS[i]}`,
			);
			assert.equal(
				await view.page.locator('.detail-answer .detail-value').textContent(),
				PAYLOADS[i],
			);
		}
		await view.page.locator('g.node[data-id="problem"]').dispatchEvent('click');
		assert.equal(await view.page.locator('.detail-text').textContent(), `Problem ${PAYLOADS[1]}`);
		assert.equal(await view.page.locator('.chain-title').textContent(), `Title ${PAYLOADS[0]}`);
		const label = await view.page.locator('g.node[data-id="t0"] text.label').textContent();
		assert.ok(label?.includes('<script>'), `tree label shows the tag as text: ${label}`);

		await view.page.waitForTimeout(300);
		const result = await view.page.evaluate(() => {
			const w = window as unknown as { __pwned?: unknown; __v?: unknown[] };
			const app = document.getElementById('app');
			return {
				pwned: w.__pwned ?? null,
				violations: w.__v ?? [],
				injected:
					app?.querySelectorAll(
						'script, img, iframe, a[href], foreignObject, animate, math, style, body',
					).length ?? -1,
			};
		});
		assert.equal(result.pwned, null, 'no payload ran');
		assert.deepEqual(dialogs, [], 'no dialog opened');
		assert.equal(result.injected, 0, 'no element was created from model text');
		assert.deepEqual(
			result.violations,
			[],
			'CSP never had to block anything: nothing was parsed as HTML',
		);
		assert.deepEqual(view.errors, [], 'no page errors');
	});

	it('keeps the payloads inert when they arrive through patches while streaming', async () => {
		const view = await WebviewPage.open(browser);
		const model = new TreeModel({
			runId: 'live',
			title: 'live',
			problem: 'p',
			figures: { policy: 'trimr', mode: 'watch', verifier: { kind: 'heuristic' } },
		});
		await view.send({ type: 'snapshot', seq: 1, state: { kind: 'chain', chain: model.resync() } });
		let seq = 1;
		let tokens = 0;
		for (const [i, payload] of PAYLOADS.entries()) {
			model.upsertThought({
				index: i,
				text: payload.slice(0, 7),
				tokenStart: tokens,
				tokenEnd: tokens + 1,
				complete: false,
			});
			model.appendToThought(i, payload.slice(7), (tokens += 5));
			model.label(i, { reason: payload, answer: payload, usefulness: 'redundant' });
			await view.send({ type: 'patch', seq: ++seq, runId: 'live', ops: model.drainPatch() });
		}
		await view.page.locator(`g.node[data-id="t${PAYLOADS.length - 1}"]`).dispatchEvent('click');
		assert.equal(await view.page.locator('.detail-text').textContent(), PAYLOADS.at(-1));
		const pwned = await view.page.evaluate(
			() => (window as unknown as { __pwned?: unknown }).__pwned ?? null,
		);
		assert.equal(pwned, null);
		assert.equal(
			await view.page.evaluate(
				() => document.querySelectorAll('#app img, #app script, #app iframe').length,
			),
			0,
		);
		assert.deepEqual(view.errors, []);
	});
});
