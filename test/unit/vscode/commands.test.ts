// Command ids live in one table (src/vscode/commands.ts) and in package.json. These tests hold the two
// together and keep ids out of the rest of the code, so renaming a command cannot miss a place.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { Commands, webviewCommandId } from '../../../src/vscode/commands';
import { WEBVIEW_COMMANDS } from '../../../src/shared/protocol';

const ROOT = resolve(__dirname, '..', '..', '..');
const manifestText = readFileSync(join(ROOT, 'package.json'), 'utf8');
const manifest = JSON.parse(manifestText) as {
	contributes: { commands: ReadonlyArray<{ command: string }> };
};
const contributed = manifest.contributes.commands.map((c) => c.command);
const inTable: readonly string[] = Object.values(Commands);

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
	});
}

describe('command ids', () => {
	it('the table in code and the commands package.json contributes are the same ids', () => {
		assert.deepEqual([...inTable].sort(), [...contributed].sort());
		assert.equal(new Set(contributed).size, contributed.length, 'a command is contributed twice');
	});

	it('every command package.json refers to (menus, keybindings, walkthrough links) is contributed', () => {
		const referred = [
			...manifestText.matchAll(/"command": "([^"]+)"|command:(thinktrim\.[\w.]+\w)/g),
		].map((m) => m[1] ?? m[2] ?? '');
		assert.ok(referred.length > contributed.length);
		assert.deepEqual(
			referred.filter((id) => !contributed.includes(id)),
			[],
		);
	});

	it('every webview button names a command of the table', () => {
		for (const command of WEBVIEW_COMMANDS) {
			assert.ok(inTable.includes(webviewCommandId(command)), command);
		}
	});

	it('no code outside the table spells a command id', () => {
		const spelled = sources(join(ROOT, 'src'))
			.filter((file) => !file.endsWith(join('vscode', 'commands.ts')))
			.flatMap((file) =>
				[...readFileSync(file, 'utf8').matchAll(/['"`](thinktrim\.[\w.]+)['"`]/g)]
					.map((m) => m[1] ?? '')
					.filter((id) => inTable.includes(id))
					.map((id) => `${file.slice(ROOT.length + 1)}: ${id}`),
			);
		assert.deepEqual(spelled, []);
	});

	it('commands are registered and run through the table, never by a literal id', () => {
		const literal = sources(join(ROOT, 'src')).filter((file) =>
			/(registerCommand|executeCommand)\(\s*['"`]thinktrim\./.test(readFileSync(file, 'utf8')),
		);
		assert.deepEqual(literal, []);
	});
});
