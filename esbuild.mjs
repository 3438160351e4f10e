// Builds the three bundles: extension host (node/cjs, `vscode` external), webview (browser/iife),
// and the headless CLI (node/cjs with a shebang). `--watch` rebuilds on change, `--production` minifies.
import * as esbuild from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints esbuild problems in the format of VS Code's `$esbuild-watch` problem matcher. */
const problemMatcher = {
	name: 'problem-matcher',
	setup(build) {
		build.onStart(() => console.log('[watch] build started'));
		build.onEnd((result) => {
			for (const { text, location } of result.errors) {
				console.error(`✘ [ERROR] ${text}`);
				if (location) {
					console.error(`    ${location.file}:${location.line}:${location.column}:`);
				}
			}
			console.log('[watch] build finished');
		});
	},
};

const common = {
	bundle: true,
	minify: production,
	sourcemap: production ? false : 'linked',
	logLevel: 'warning',
	plugins: [problemMatcher],
};

const contexts = await Promise.all([
	esbuild.context({
		...common,
		entryPoints: { extension: 'src/vscode/extension.ts' },
		outdir: 'dist',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['vscode'],
	}),
	esbuild.context({
		...common,
		entryPoints: { cli: 'src/cli/main.ts' },
		outdir: 'dist',
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		banner: { js: '#!/usr/bin/env node' },
	}),
	esbuild.context({
		...common,
		entryPoints: { webview: 'webview/main.ts' },
		outdir: 'dist',
		platform: 'browser',
		format: 'iife',
		target: 'chrome120',
		loader: { '.css': 'css' },
	}),
]);

await mkdir('dist', { recursive: true });
await copyFile('node_modules/@vscode/codicons/dist/codicon.css', 'dist/codicon.css');
await copyFile('node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/codicon.ttf');

if (watch) {
	await Promise.all(contexts.map((ctx) => ctx.watch()));
} else {
	await Promise.all(contexts.map((ctx) => ctx.rebuild()));
	await Promise.all(contexts.map((ctx) => ctx.dispose()));
}
