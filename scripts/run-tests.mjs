// Runs every *.test.ts under the given folders with Node's built-in test runner (TypeScript through tsx).
// Node 20 does not expand globs for --test, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
	const out = [];
	for (const name of readdirSync(dir).sort()) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) {
			out.push(...findTests(path));
		} else if (name.endsWith('.test.ts')) {
			out.push(path);
		}
	}
	return out;
}

const dirs = process.argv.slice(2);
const files = dirs.flatMap(findTests);
if (files.length === 0) {
	console.error(`no *.test.ts files under ${dirs.join(', ')}`);
	process.exit(1);
}
const concurrency = process.env.TEST_CONCURRENCY ?? '1';
const result = spawnSync(
	process.execPath,
	[
		'--import',
		'tsx',
		'--test',
		`--test-concurrency=${concurrency}`,
		'--test-reporter=spec',
		...files,
	],
	{ stdio: 'inherit' },
);
process.exit(result.status ?? 1);
