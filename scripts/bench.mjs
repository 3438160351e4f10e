// `npm run bench`: runs every bench/*.bench.ts in turn (TypeScript through tsx) and stops at the first
// failure. Each benchmark prints its own table; docs/benchmarks.md records the figures and the command.
// `npm run bench -- NAME` runs only the benchmarks whose file name contains NAME.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const filter = process.argv[2];
const files = readdirSync('bench')
	.filter((f) => f.endsWith('.bench.ts') || f.endsWith('.bench.mjs'))
	.filter((f) => filter === undefined || f.includes(filter))
	.sort();
if (files.length === 0) {
	console.error(`no benchmarks in bench/${filter !== undefined ? ` matching "${filter}"` : ''}`);
	process.exit(1);
}
for (const file of files) {
	console.log(`\n=== bench/${file}`);
	const result = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', `bench/${file}`], {
		stdio: 'inherit',
	});
	if (result.status !== 0) {
		process.exit(result.status ?? 1);
	}
}
