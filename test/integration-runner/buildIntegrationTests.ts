import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as esbuild from 'esbuild';
import { REPO_ROOT, runInRepo } from '../harness/repo';

/** Where the compiled mocha suites go; `index.js` there is the `extensionTestsPath`. */
export const INTEGRATION_OUT_DIR = join(REPO_ROOT, 'out', 'test', 'integration');

function tsFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) {
			return tsFiles(path);
		}
		return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
	});
}

/**
 * Builds what the extension host loads from source: the extension bundles (`node esbuild.mjs`) and the mocha
 * suites of test/integration, each bundled to out/test/integration/… (cjs for the host's Node; `vscode` comes
 * from the host and `mocha` from node_modules, so both stay external).
 */
export async function buildIntegrationTests(): Promise<void> {
	runInRepo(process.execPath, ['esbuild.mjs']);
	const sourceDir = join(REPO_ROOT, 'test', 'integration');
	const entryPoints = Object.fromEntries(
		tsFiles(sourceDir).map((file) => [relative(sourceDir, file).replace(/\.ts$/, ''), file]),
	);
	await esbuild.build({
		entryPoints,
		outdir: INTEGRATION_OUT_DIR,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		sourcemap: 'inline',
		external: ['vscode', 'mocha'],
		logLevel: 'warning',
	});
}
