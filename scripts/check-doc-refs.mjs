// Fails when a comment in the code, or a page of the docs, cites a Markdown file (`docs/engine.md`,
// `docs/endpoints.md#dialects`) that is not in the repository, or a heading that file does not have: a
// citation a reader cannot follow is worse than none (issue 15).
// A reference resolves against the citing file's folder or the repository root; `#anchor` must be the
// GitHub slug of one of the file's headings.
// Usage: node scripts/check-doc-refs.mjs [--root DIR]
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, extname, join, relative, resolve } from 'node:path';

const CODE_FOLDERS = ['src', 'webview', 'test', 'scripts', 'bench', '.ci'];
const CODE_EXTENSIONS = new Set(['.ts', '.mjs', '.js', '.cjs', '.css', '.sh', '']);
const SKIP = new Set(['node_modules', 'dist', 'out', 'e2e', '.git']);
// A path-like word ending in .md, optionally with an anchor; `$var/x.md` and URLs are not references.
const REFERENCE = /(?<![\w$./:-])((?:\.{1,2}\/|[\w.-]+\/)*[\w.-]+\.md)(#[\w%-]+)?\b/g;

function rootOf(argv) {
	const at = argv.indexOf('--root');
	return at >= 0
		? resolve(argv[at + 1] ?? '.')
		: resolve(dirname(new URL(import.meta.url).pathname), '..');
}

function walk(dir, keep) {
	if (!existsSync(dir)) {
		return [];
	}
	const out = [];
	for (const name of readdirSync(dir).sort()) {
		const path = join(dir, name);
		if (SKIP.has(name)) {
			continue;
		}
		if (statSync(path).isDirectory()) {
			out.push(...walk(path, keep));
		} else if (keep(path)) {
			out.push(path);
		}
	}
	return out;
}

// The comment part of each line: whole-line comments (`//`, `/*`, ` *`, `#`) and trailing `// …`.
function commentLines(text, shell) {
	return text.split('\n').map((line) => {
		const trimmed = line.trimStart();
		if (shell) {
			return trimmed.startsWith('#') ? line : '';
		}
		if (/^(\/\/|\/\*|\*)/.test(trimmed)) {
			return line;
		}
		const trailing = line.indexOf(' // ');
		return trailing >= 0 ? line.slice(trailing) : '';
	});
}

// Markdown outside code: commands in fenced blocks name files on the user's machine, and code spans name
// files of other projects (llama.cpp's server README).
function proseLines(text, keepCode = false) {
	let fenced = false;
	return text.split('\n').map((line) => {
		if (/^\s*(```|~~~)/.test(line)) {
			fenced = !fenced;
			return '';
		}
		return fenced ? '' : keepCode ? line : line.replace(/`[^`]*`/g, '');
	});
}

function slug(heading) {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N} _-]/gu, '')
		.replace(/ /g, '-');
}

const anchorCache = new Map();
function anchorsOf(file) {
	if (!anchorCache.has(file)) {
		const seen = new Map();
		const anchors = new Set();
		for (const line of proseLines(readFileSync(file, 'utf8'), true)) {
			const heading = /^#{1,6}\s+(.*)$/.exec(line);
			if (heading) {
				const base = slug(heading[1]);
				const count = seen.get(base) ?? 0;
				seen.set(base, count + 1);
				anchors.add(count === 0 ? base : `${base}-${count}`);
			}
		}
		anchorCache.set(file, anchors);
	}
	return anchorCache.get(file);
}

function check(root, file, lines) {
	const problems = [];
	lines.forEach((line, index) => {
		for (const match of line.matchAll(REFERENCE)) {
			const [, path, anchor] = match;
			const target = [resolve(dirname(file), path), resolve(root, path)].find(
				(p) => p.startsWith(root) && existsSync(p),
			);
			const where = `${relative(root, file)}:${index + 1}`;
			if (target === undefined) {
				problems.push(`${where}: ${path} is not in the repository`);
			} else if (
				anchor !== undefined &&
				!anchorsOf(target).has(decodeURIComponent(anchor.slice(1)))
			) {
				problems.push(`${where}: ${path} has no heading ${anchor}`);
			}
		}
	});
	return problems;
}

const root = rootOf(process.argv.slice(2));
const code = CODE_FOLDERS.flatMap((f) =>
	walk(join(root, f), (p) => CODE_EXTENSIONS.has(extname(p)) && !p.endsWith('.d.ts')),
);
const topLevel = readdirSync(root)
	.filter((n) => /\.(mjs|js|ts)$/.test(n))
	.map((n) => join(root, n));
const docs = [
	...walk(join(root, 'docs'), (p) => p.endsWith('.md')),
	...['README.md'].map((n) => join(root, n)).filter(existsSync),
];
const problems = [
	...[...code, ...topLevel].flatMap((f) =>
		check(root, f, commentLines(readFileSync(f, 'utf8'), f.endsWith('.sh') || extname(f) === '')),
	),
	...docs.flatMap((f) => check(root, f, proseLines(readFileSync(f, 'utf8')))),
];
if (problems.length > 0) {
	console.error(`${problems.length} doc reference(s) that do not resolve:`);
	for (const p of problems) {
		console.error(`  ${p}`);
	}
	process.exit(1);
}
console.log(
	`every doc reference resolves (${code.length + topLevel.length} code files, ${docs.length} docs)`,
);
