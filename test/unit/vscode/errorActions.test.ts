// Issue 15: a failure's actions are carried out by one table, whether the user chose them in a notification
// or in the webview. These tests take the webview's message as the host receives it (untrusted JSON), and
// check the command it becomes and that every setting an action opens is one the extension contributes.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { isWebviewToHost } from '../../../src/shared/protocolGuards';
import { Commands, errorActionCommand } from '../../../src/vscode/commands';

const ROOT = resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	contributes: {
		commands: ReadonlyArray<{ command: string }>;
		configuration: { properties: Record<string, unknown> };
	};
};

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
	});
}

/** What the host runs for a message from the webview, or undefined when it rejects the message. */
function commandFor(raw: string): readonly unknown[] | undefined {
	const message: unknown = JSON.parse(raw);
	return isWebviewToHost(message) && message.type === 'errorAction'
		? errorActionCommand(message.action)
		: undefined;
}

describe("the host carries out a failure's actions", () => {
	it('Open Log from the webview shows the log, through a command the extension contributes', () => {
		const command = commandFor('{"type":"errorAction","action":{"kind":"open-log"}}');
		assert.deepEqual(command, [Commands.showLog]);
		assert.ok(manifest.contributes.commands.some((c) => c.command === command?.[0]));
	});

	it('Open Settings from the webview opens the settings at the one named', () => {
		assert.deepEqual(
			commandFor(
				'{"type":"errorAction","action":{"kind":"open-settings","setting":"thinktrim.endpoint.baseUrl"}}',
			),
			['workbench.action.openSettings', 'thinktrim.endpoint.baseUrl'],
		);
	});

	it("rejects an action outside ThinkTrim's settings", () => {
		assert.equal(
			commandFor(
				'{"type":"errorAction","action":{"kind":"open-settings","setting":"terminal.integrated.shell.linux"}}',
			),
			undefined,
		);
	});

	it('every setting an action opens is one package.json contributes', () => {
		const opened = sources(join(ROOT, 'src')).flatMap((file) =>
			[
				...readFileSync(file, 'utf8').matchAll(
					/(?:openSettings|settingsError)\([\s\S]*?'(thinktrim\.[A-Za-z.]+)'\s*[,)]/g,
				),
			].map((m) => m[1] ?? ''),
		);
		assert.ok(opened.length >= 5, `found ${opened.join(', ')}`);
		const settings = Object.keys(manifest.contributes.configuration.properties);
		for (const setting of opened) {
			assert.ok(settings.includes(setting), `${setting} is not a contributed setting`);
		}
	});
});
