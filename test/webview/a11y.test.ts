// Every control shows its state and has a name, in the view (VS Code's light, dark and high-contrast
// palettes) and in the standalone HTML page (light, dark, more contrast): axe-core finds no serious or
// critical violation, the "Cut shown in the tree" dropdown shows its value legibly, and Tab goes header
// controls → legend → tree in reading order (Enter on a thought opens the detail pane).
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { renderCommand } from '../../src/cli/renderCommand';
import { analyzeTrace } from '../../src/core/engine/analyzeTrace';
import { modelFromAnalysis } from '../../src/core/tree/fromAnalysis';
import type { ThemeKind } from '../../src/core/tree/themePalettes';
import { bundledSample } from '../harness/sampleTraces';
import { axeViolations, dropdownLook, tabOrder, type AxeFinding } from './a11yCheck';
import { chromiumMissing, launchChromium, webviewBundle, WebviewPage } from './webviewPage';

const ROOT = join(__dirname, '..', '..');
const SAMPLE = 'tegra-dsr1.5-aime24-b8192-62';
const skip = chromiumMissing();

function serious(findings: readonly AxeFinding[]): AxeFinding[] {
	return findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
}

async function checkPage(page: Page, where: string): Promise<void> {
	await page.locator('vscode-dropdown').waitFor();
	await page.waitForTimeout(150);
	const look = await dropdownLook(page);
	console.log(
		`# ${where}: dropdown shows "${look.text}" at contrast ${look.contrast.toFixed(1)}:1, named "${look.name}"`,
	);
	assert.equal(look.text, 'TrimR', `${where}: the dropdown shows the shown policy`);
	assert.ok(
		look.contrast >= 4.5,
		`${where}: the dropdown's text is legible (${look.contrast.toFixed(2)}:1)`,
	);
	assert.equal(look.name, 'Cut shown in the tree');
	const findings = await axeViolations(page);
	console.log(
		`# ${where}: axe: ${findings.length} violations (${findings.map((f) => `${f.id}/${f.impact}`).join(', ') || 'none'})`,
	);
	assert.deepEqual(
		serious(findings).map((f) => `${f.id}: ${f.nodes.join(' / ')}`),
		[],
		`${where}: no serious or critical axe-core violation`,
	);
}

describe('controls: visible state, names, keyboard order, axe-core', { skip }, () => {
	let browser: Browser;
	let dir: string;
	before(async () => {
		browser = await launchChromium();
		dir = mkdtempSync(join(tmpdir(), 'thinktrim-a11y-'));
	});
	after(async () => {
		await browser.close();
		rmSync(dir, { recursive: true, force: true });
	});

	for (const theme of ['light', 'dark', 'highContrast'] as const satisfies readonly ThemeKind[]) {
		it(`the view, ${theme} theme`, async () => {
			const view = await WebviewPage.open(
				browser,
				undefined,
				{ width: 520, height: 900 },
				undefined,
				theme,
			);
			const chain = modelFromAnalysis(await analyzeTrace(bundledSample(SAMPLE).trace), {
				runId: 'a11y',
			}).snapshot();
			await view.send({ type: 'snapshot', seq: 1, state: { kind: 'chain', chain } });
			await checkPage(view.page, `view (${theme})`);
			if (theme === 'dark') {
				const order = await tabOrder(view.page, 10);
				console.log(`# tab order: ${order.join(' → ')}`);
				const at = (pattern: RegExp): number => order.findIndex((name) => pattern.test(name));
				assert.equal(at(/^vscode-dropdown\b/), 0, 'the first stop is the first header control');
				assert.ok(
					at(/^summary\b/) > at(/^vscode-button\b.*Fit/),
					'the legend after the header controls',
				);
				assert.ok(at(/^svg\b/) > at(/^summary\b/), 'the tree after the legend');
				assert.ok(
					order.slice(0, at(/^svg\b/)).every((name) => !/ $/.test(name)),
					'every stop before the tree has a name',
				);
			}
			assert.deepEqual(view.errors, []);
			await view.page.close();
		});
	}

	it('the standalone HTML page in light, dark and more-contrast modes', async () => {
		const assets = join(dir, 'dist');
		mkdirSync(assets);
		const { js, css } = await webviewBundle();
		writeFileSync(join(assets, 'webview.js'), js);
		writeFileSync(join(assets, 'webview.css'), css);
		copyFileSync(
			join(ROOT, 'node_modules/@vscode/codicons/dist/codicon.css'),
			join(assets, 'codicon.css'),
		);
		copyFileSync(
			join(ROOT, 'node_modules/@vscode/codicons/dist/codicon.ttf'),
			join(assets, 'codicon.ttf'),
		);
		const out = join(dir, 'tree.html');
		const code = await renderCommand.run(
			[join(ROOT, 'media/traces/samples.jsonl'), '--id', SAMPLE, '--out', out, '--assets', assets],
			{ stdout: () => undefined, stderr: () => undefined },
		);
		assert.equal(code, 0);
		for (const mode of [
			{ colorScheme: 'light' },
			{ colorScheme: 'dark' },
			{ colorScheme: 'dark', contrast: 'more' },
		] as const) {
			const context = await browser.newContext({
				offline: true,
				viewport: { width: 900, height: 900 },
				...mode,
			});
			const page = await context.newPage();
			await page.goto(pathToFileURL(out).href);
			await checkPage(page, `standalone (${Object.values(mode).join(', ')})`);
			await context.close();
		}
	});
});
