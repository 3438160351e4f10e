// Fails on a line longer than 140 characters in the TypeScript under src/ and webview/ (issue 15). Prettier
// wraps code at 100 but leaves long regexes, strings and template literals whole; such lines are read by
// scrolling sideways, so they are composed from named parts or split instead. A tab counts as one character.
// Usage: node scripts/check-line-length.mjs [--root DIR] [FOLDER…]   (default: src webview, from the repo root)
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs, tsFilesUnder } from './tsFiles.mjs';

const MAX = 140;

/** `file:line (N chars)` for each line over MAX; characters are code points, so `｜` counts once. */
function longLines(root, file) {
	const where = relative(root, file);
	return readFileSync(file, 'utf8')
		.split('\n')
		.map((line, index) => ({ index, length: [...line].length }))
		.filter((l) => l.length > MAX)
		.map((l) => `${where}:${l.index + 1} (${l.length} chars)`);
}

const { root, folders } = parseArgs(process.argv.slice(2));
const files = tsFilesUnder(root, folders);
const problems = files.flatMap((file) => longLines(root, file));
if (problems.length > 0) {
	console.error(`${problems.length} line(s) longer than ${MAX} characters:`);
	problems.forEach((p) => console.error(`  ${p}`));
	process.exit(1);
}
console.log(
	`no line longer than ${MAX} characters in ${files.length} files under ${folders.join(', ')}`,
);
