// What the repository checks over TypeScript share: their command line and the files they read.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** `[--root DIR] [FOLDER…]`: the repository root (default: this script's parent) and the folders to read. */
export function parseArgs(argv, defaultFolders = ['src', 'webview']) {
	let root = resolve(dirname(new URL(import.meta.url).pathname), '..');
	const folders = [];
	for (let i = 0; i < argv.length; i++) {
		if (argv[i] === '--root') {
			root = resolve(argv[++i] ?? '.');
		} else {
			folders.push(argv[i]);
		}
	}
	return { root, folders: folders.length > 0 ? folders : defaultFolders };
}

/** Every `.ts` file (declarations excluded) under `dir`, sorted, node_modules skipped. */
export function listTs(dir) {
	const out = [];
	for (const name of readdirSync(dir).sort()) {
		const path = join(dir, name);
		if (name === 'node_modules') {
			continue;
		}
		if (statSync(path).isDirectory()) {
			out.push(...listTs(path));
		} else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) {
			out.push(path);
		}
	}
	return out;
}

/** The `.ts` files under the given folders of `root` that exist. */
export function tsFilesUnder(root, folders) {
	return folders
		.map((f) => join(root, f))
		.filter((f) => existsSync(f))
		.flatMap(listTs);
}
