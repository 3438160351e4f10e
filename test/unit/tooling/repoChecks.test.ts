// The repository checks that `npm run lint` runs besides ESLint: each must pass on a clean tree and fail,
// naming the files, on a tiny tree that breaks its rule.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';

const SCRIPTS = resolve(__dirname, '..', '..', '..', 'scripts');
const made: string[] = [];

function tree(files: Readonly<Record<string, string>>): string {
	const root = mkdtempSync(join(tmpdir(), 'thinktrim-repo-check-'));
	made.push(root);
	for (const [path, text] of Object.entries(files)) {
		mkdirSync(dirname(join(root, path)), { recursive: true });
		writeFileSync(join(root, path), text);
	}
	return root;
}

function run(script: string, root: string): { status: number | null; output: string } {
	const result = spawnSync(process.execPath, [join(SCRIPTS, script), '--root', root], {
		encoding: 'utf8',
	});
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

after(() => made.forEach((root) => rmSync(root, { recursive: true, force: true })));

describe('check-cycles', () => {
	it('passes an import graph without cycles', () => {
		const root = tree({
			'src/a.ts': "import { b } from './b';\nexport const a = b;\n",
			'src/b.ts': 'export const b = 1;\n',
		});
		assert.equal(run('check-cycles.mjs', root).status, 0);
	});

	it('fails on a cycle, type-only imports included, and names its files', () => {
		const root = tree({
			'src/x/a.ts': "import type { B } from '../y/b';\nexport interface A { b?: B }\n",
			'src/y/b.ts': "import { c } from './c';\nexport interface B { c: typeof c }\n",
			'src/y/c.ts':
				"import type { A } from '../x/a';\nexport const c: A | undefined = undefined;\n",
			'webview/ok.ts': 'export const ok = true;\n',
		});
		const { status, output } = run('check-cycles.mjs', root);
		assert.equal(status, 1);
		assert.match(output, /import cycle among 3 files/);
		assert.match(output, /src\/x\/a\.ts → src\/y\/b\.ts/);
		assert.doesNotMatch(output, /webview\/ok\.ts/);
	});
});

describe('check-doc-refs', () => {
	// Spelled apart so that this file's own lines hold no trailing comment citing the fixture's documents.
	const COMMENT = '/' + '/';
	const docs = {
		'docs/guide.md': '# Guide\n\n## Continuation after a cut (`src/x.ts`)\n\nText.\n',
	};

	it('passes references to files and headings that exist', () => {
		const root = tree({
			...docs,
			'src/a.ts': '// See docs/guide.md#continuation-after-a-cut-srcxts.\nexport const a = 1;\n',
		});
		assert.equal(run('check-doc-refs.mjs', root).status, 0);
	});

	it('fails on a missing document and on a missing heading, with file and line', () => {
		const root = tree({
			...docs,
			'src/a.ts': `export const a = 1;\n/** As protocols.md §3 says. */\nexport const b = 'docs/guide.md#nowhere'; ${COMMENT} docs/guide.md#nowhere\n`,
		});
		const { status, output } = run('check-doc-refs.mjs', root);
		assert.equal(status, 1);
		assert.match(output, /src\/a\.ts:2: protocols\.md is not in the repository/);
		assert.match(output, /src\/a\.ts:3: docs\/guide\.md has no heading #nowhere/);
		assert.match(output, /2 doc reference/);
	});
});

describe('check-line-length', () => {
	it('passes lines of 140 characters, a tab counting as one', () => {
		const root = tree({ 'src/a.ts': `\t${'x'.repeat(139)}\nexport const a = 1;\n` });
		assert.equal(run('check-line-length.mjs', root).status, 0);
	});

	it('fails on a longer line under src/ or webview/, naming file and line', () => {
		const root = tree({
			'src/core/a.ts': `export const a = 1;\nexport const b = '${'y'.repeat(130)}';\n`,
			'webview/c.ts': `// ${'z'.repeat(139)}\n`,
			'test/long.ts': `// ${'z'.repeat(200)}\n`,
		});
		const { status, output } = run('check-line-length.mjs', root);
		assert.equal(status, 1);
		assert.match(output, /src\/core\/a\.ts:2 \(150 chars\)/);
		assert.match(output, /webview\/c\.ts:1 \(142 chars\)/);
		assert.doesNotMatch(output, /test\/long\.ts/);
		assert.match(output, /2 line\(s\) longer than 140/);
	});
});
