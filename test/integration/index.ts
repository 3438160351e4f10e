// The `extensionTestsPath` module: VS Code's extension host calls `run()` and reports its outcome through
// `codeAutomationExit` (0 when the promise resolves). Mocha prints through console.log, which the workbench
// relays to the page's `codeAutomationLog` (see test/integration-runner).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import { START_MARKER, SUMMARY_PREFIX } from './support/summary';

export async function run(): Promise<void> {
	const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30_000 });
	const grep = process.env.THINKTRIM_INTEGRATION_GREP;
	if (grep !== undefined && grep !== '') {
		mocha.grep(grep);
	}
	const files = readdirSync(__dirname)
		.filter((name) => name.endsWith('.test.js'))
		.sort();
	for (const file of files) {
		mocha.addFile(join(__dirname, file));
	}
	console.log(`${START_MARKER} node ${process.version}, ${files.length} suite file(s)`);
	const stats = await new Promise<{ passes: number; failures: number; pending: number }>(
		(resolve, reject) => {
			try {
				const runner = mocha.run(() =>
					resolve({
						passes: runner.stats?.passes ?? 0,
						failures: runner.stats?.failures ?? 0,
						pending: runner.stats?.pending ?? 0,
					}),
				);
			} catch (err) {
				reject(err instanceof Error ? err : new Error(String(err)));
			}
		},
	);
	console.log(`${SUMMARY_PREFIX} ${JSON.stringify(stats)}`);
	if (stats.failures > 0) {
		throw new Error(`${stats.failures} integration test(s) failed`);
	}
	if (stats.passes === 0) {
		throw new Error('no integration test ran');
	}
}
