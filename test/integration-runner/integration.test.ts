// Runs the mocha suites of test/integration inside code-server's real Node extension host
// (docs/testing.md#integration-tests-testintegration): the workbench `payload` names the repository as extensionDevelopmentPath and the
// compiled suites as extensionTestsPath; the page relays mocha's output and the exit code.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { format } from 'node:util';
import type { Browser } from 'playwright-core';
import { START_MARKER, SUMMARY_PREFIX } from '../integration/support/summary';
import { Artifacts } from '../harness/artifacts';
import { ConsoleCollector, VIEWPORT, launchChromium } from '../harness/browser';
import { startCodeServer, type CodeServer } from '../harness/codeServer';
import { REPO_ROOT } from '../harness/repo';
import { INTEGRATION_OUT_DIR, buildIntegrationTests } from './buildIntegrationTests';

/** The whole mocha run (activation, every sample, the view) must end well within this. */
const RUN_TIMEOUT_MS = 240_000;

interface Summary {
	readonly passes: number;
	readonly failures: number;
	readonly pending: number;
}

function parseSummary(lines: readonly string[]): Summary | undefined {
	const line = lines.find((l) => l.startsWith(`${SUMMARY_PREFIX} `));
	return line === undefined
		? undefined
		: (JSON.parse(line.slice(SUMMARY_PREFIX.length + 1)) as Summary);
}

describe('integration tests in the extension host of code-server', () => {
	it(
		'runs every suite of test/integration and they all pass',
		{ timeout: RUN_TIMEOUT_MS + 120_000 },
		async () => {
			const started = Date.now();
			await buildIntegrationTests();
			const artifacts = new Artifacts('integration');
			const output: string[] = [];
			let echoing = false;
			let server: CodeServer | undefined;
			let browser: Browser | undefined;
			let consoleLog: ConsoleCollector | undefined;
			try {
				// Without the smoke-test driver, code-server 4.139 ignores the payload's test options and the run hangs.
				server = await startCodeServer({
					extraArgs: ['--vscode-option', 'enable-smoke-test-driver'],
					logFile: artifacts.path('code-server.log'),
				});
				browser = await launchChromium();
				const page = await browser.newPage({ viewport: VIEWPORT });
				consoleLog = new ConsoleCollector(page);
				let onExit: (code: number) => void = () => undefined;
				const exited = new Promise<number>((resolve) => {
					onExit = resolve;
				});
				// Both hooks must exist before the workbench loads.
				await page.exposeFunction('codeAutomationLog', (_type: unknown, args: unknown) => {
					const line = format(...(Array.isArray(args) ? (args as unknown[]) : [args]));
					output.push(...line.split('\n'));
					// Everything goes to mocha.log; the terminal gets mocha's own output only.
					echoing ||= line.startsWith(START_MARKER);
					if (echoing) {
						console.log(line);
					}
				});
				await page.exposeFunction('codeAutomationExit', (code: unknown) => onExit(Number(code)));
				const remote = (path: string): string =>
					`vscode-remote://127.0.0.1:${server?.port ?? 0}${path}`;
				const payload = [
					['extensionDevelopmentPath', remote(REPO_ROOT)],
					['extensionTestsPath', remote(join(INTEGRATION_OUT_DIR, 'index.js'))],
				];
				await page.goto(server.workbenchUrl({ payload: JSON.stringify(payload) }));
				let timer: NodeJS.Timeout | undefined;
				const timedOut = new Promise<never>((_resolve, reject) => {
					timer = setTimeout(
						() =>
							reject(
								new Error(`the extension host did not finish the tests in ${RUN_TIMEOUT_MS} ms`),
							),
						RUN_TIMEOUT_MS,
					);
				});
				const code = await Promise.race([exited, timedOut]).finally(() => clearTimeout(timer));
				await artifacts.screenshot(page, 'final');

				const summary = parseSummary(output);
				assert.ok(summary !== undefined, 'the mocha run printed its summary');
				console.log(
					`# integration: ${summary.passes} passed, ${summary.failures} failed, ${summary.pending} pending`,
				);
				assert.equal(code, 0, 'the extension host reports success');
				assert.equal(summary.failures, 0);
				assert.ok(summary.passes > 0, 'at least one integration test passed');
			} finally {
				artifacts.write('mocha.log', output.join('\n'));
				if (consoleLog !== undefined) {
					artifacts.write('console.log', consoleLog.format());
				}
				await browser?.close();
				await server?.stop();
				console.log(
					`# integration wall time: ${((Date.now() - started) / 1000).toFixed(1)} s (artifacts in ${artifacts.dir})`,
				);
			}
		},
	);
});
