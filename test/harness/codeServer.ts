import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnGroup, waitForLine, type GroupProcess } from './processGroup';
import { CODE_SERVER_BIN, NODE24_BIN, assertToolsInstalled } from './repo';

/** User settings that keep the workbench quiet and predictable for tests (docs/testing.md#why-the-harness-is-built-this-way). */
export const QUIET_SETTINGS: Readonly<Record<string, unknown>> = {
	'workbench.startupEditor': 'none',
	'workbench.tips.enabled': false,
	'workbench.secondarySideBar.defaultVisibility': 'hidden',
	'workbench.welcomePage.walkthroughs.openOnInstall': false,
	'security.workspace.trust.enabled': false,
	'telemetry.telemetryLevel': 'off',
	'update.mode': 'none',
	'extensions.autoCheckUpdates': false,
	'extensions.autoUpdate': false,
	'extensions.ignoreRecommendations': true,
	'chat.disableAIFeatures': true,
	'git.enabled': false,
};

/** Colour theme ids of VS Code 1.139 (code-server 4.139) for `workbench.colorTheme`. */
export const COLOR_THEMES = { light: 'Light Modern', dark: 'Dark Modern' } as const;

/**
 * Theme ids of older VS Code versions. VS Code migrates them when it starts, but not when settings.json
 * changes under a running workbench, so the harness writes the current ids itself.
 */
const RENAMED_THEMES: Readonly<Record<string, string>> = {
	'Default Light Modern': COLOR_THEMES.light,
	'Default Dark Modern': COLOR_THEMES.dark,
	'Default Light+': 'Light+',
	'Default Dark+': 'Dark+',
};

/** The folders of one throw-away code-server profile. Everything code-server writes stays inside `root`. */
export interface Profile {
	readonly root: string;
	readonly userData: string;
	readonly extensions: string;
	readonly xdg: string;
	readonly tmp: string;
	readonly workspace: string;
}

export interface CodeServerOptions {
	/** Added to QUIET_SETTINGS in the profile's user settings (e.g. the emulator's URL). */
	readonly settings?: Readonly<Record<string, unknown>>;
	/** A VSIX to install into the fresh profile before starting (`--install-extension`). */
	readonly vsix?: string;
	/** Files to create in the workspace folder, by relative path. */
	readonly workspaceFiles?: Readonly<Record<string, string>>;
	/** More code-server flags, e.g. `['--vscode-option', 'enable-smoke-test-driver']`. */
	readonly extraArgs?: readonly string[];
	/** Where code-server's log goes; the profile folder when omitted. */
	readonly logFile?: string;
	/** Keep the profile folder after `stop()` (also when THINKTRIM_KEEP_PROFILE=1). */
	readonly keepProfile?: boolean;
}

/** A running code-server on 127.0.0.1 with its own profile. */
export interface CodeServer {
	/** `http://127.0.0.1:PORT` (no trailing slash). */
	readonly url: string;
	readonly port: number;
	/** The workspace folder opened by `workbenchUrl()`. */
	readonly workspace: string;
	readonly profile: Profile;
	readonly logFile: string;
	/**
	 * Merges `settings` into the profile's user settings.json. The running workbench watches that file and
	 * applies changes live (a colour theme, the emulator's URL, …).
	 */
	updateSettings(settings: Readonly<Record<string, unknown>>): void;
	/** The workbench URL for the workspace, with extra query parameters (e.g. `payload`). */
	workbenchUrl(query?: Readonly<Record<string, string>>): string;
	/** Kills code-server's whole process group and removes the profile. Safe to call twice. */
	stop(): Promise<void>;
}

/** Makes a fresh profile folder under the system temp folder (or THINKTRIM_E2E_TMP). */
export function makeProfile(label: string): Profile {
	const base = process.env.THINKTRIM_E2E_TMP ?? tmpdir();
	mkdirSync(base, { recursive: true });
	const root = mkdtempSync(join(base, `thinktrim-${label}-`));
	const profile: Profile = {
		root,
		userData: join(root, 'user-data'),
		extensions: join(root, 'extensions'),
		xdg: join(root, 'xdg'),
		tmp: join(root, 'tmp'),
		workspace: join(root, 'workspace'),
	};
	for (const dir of [
		profile.userData,
		profile.extensions,
		profile.xdg,
		profile.tmp,
		profile.workspace,
	]) {
		mkdirSync(dir, { recursive: true });
	}
	return profile;
}

/**
 * The environment code-server runs in: Node 24 first on PATH (its launcher is `#!/usr/bin/env node`), all
 * state in the profile (XDG_* so no config.yaml lands in ~/.config, TMPDIR so no sockets are left in /tmp),
 * and nothing inherited that would make it attach to another VS Code (VSCODE_*) or preload code (NODE_OPTIONS).
 */
export function codeServerEnv(profile: Profile): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (
			!key.startsWith('VSCODE_') &&
			!key.startsWith('npm_') &&
			key !== 'NODE_OPTIONS' &&
			key !== 'ELECTRON_RUN_AS_NODE'
		) {
			env[key] = value;
		}
	}
	return {
		...env,
		PATH: `${NODE24_BIN}:${process.env.PATH ?? '/usr/bin:/bin'}`,
		XDG_CONFIG_HOME: profile.xdg,
		XDG_DATA_HOME: profile.xdg,
		XDG_CACHE_HOME: join(profile.xdg, 'cache'),
		XDG_STATE_HOME: join(profile.xdg, 'state'),
		TMPDIR: profile.tmp,
	};
}

function profileArgs(profile: Profile): string[] {
	return [
		'--auth',
		'none',
		'--user-data-dir',
		profile.userData,
		'--extensions-dir',
		profile.extensions,
	];
}

/** Installs `vsix` into the profile with code-server's own `--install-extension`. */
export function installExtension(profile: Profile, vsix: string): void {
	const result = spawnSync(
		CODE_SERVER_BIN,
		[...profileArgs(profile), '--install-extension', vsix],
		{
			env: codeServerEnv(profile),
			encoding: 'utf8',
			timeout: 120_000,
		},
	);
	const output = `${result.stdout}${result.stderr}`;
	if (result.status !== 0 || !/was successfully installed/.test(output)) {
		throw new Error(`installing ${vsix} failed (exit ${String(result.status)}):\n${output}`);
	}
}

function settingsFile(profile: Profile): string {
	return join(profile.userData, 'User', 'settings.json');
}

/** Writes the profile's user settings.json: QUIET_SETTINGS plus `settings`. */
export function writeUserSettings(
	profile: Profile,
	settings: Readonly<Record<string, unknown>>,
): void {
	const file = settingsFile(profile);
	mkdirSync(dirname(file), { recursive: true });
	const merged: Record<string, unknown> = { ...QUIET_SETTINGS, ...settings };
	const theme = merged['workbench.colorTheme'];
	if (typeof theme === 'string' && RENAMED_THEMES[theme] !== undefined) {
		merged['workbench.colorTheme'] = RENAMED_THEMES[theme];
	}
	writeFileSync(file, `${JSON.stringify(merged, null, 2)}\n`);
}

/** The profile's user settings as VS Code left them (it rewrites the file, e.g. to migrate values). */
export function readUserSettings(profile: Profile): Record<string, unknown> {
	try {
		const parsed: unknown = JSON.parse(readFileSync(settingsFile(profile), 'utf8'));
		return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
			? (parsed as Record<string, unknown>)
			: {};
	} catch {
		return {}; // missing, or JSON with comments: start from the harness's own settings
	}
}

/**
 * Starts code-server on 127.0.0.1 with an ephemeral port, in a fresh profile, as the leader of its own
 * process group. Resolves once `/healthz` answers; the workbench itself starts lazily on the first page
 * load, so callers still wait for the UI (see workbench.ts).
 */
export async function startCodeServer(options: CodeServerOptions = {}): Promise<CodeServer> {
	assertToolsInstalled();
	const profile = makeProfile('code-server');
	const keep = options.keepProfile === true || process.env.THINKTRIM_KEEP_PROFILE === '1';
	let proc: GroupProcess | undefined;
	const stop = async (): Promise<void> => {
		await proc?.stop();
		if (!keep) {
			rmSync(profile.root, { recursive: true, force: true });
		}
	};
	try {
		writeUserSettings(profile, options.settings ?? {});
		for (const [path, content] of Object.entries(options.workspaceFiles ?? {})) {
			const file = join(profile.workspace, path);
			mkdirSync(dirname(file), { recursive: true });
			writeFileSync(file, content);
		}
		if (options.vsix !== undefined) {
			installExtension(profile, options.vsix);
		}
		const logFile = options.logFile ?? join(profile.root, 'code-server.log');
		proc = spawnGroup(
			CODE_SERVER_BIN,
			[
				...profileArgs(profile),
				'--bind-addr',
				'127.0.0.1:0',
				'--disable-telemetry',
				'--disable-update-check',
				'--disable-workspace-trust',
				...(options.extraArgs ?? []),
				profile.workspace,
			],
			{ env: codeServerEnv(profile), cwd: profile.root, logFile },
		);
		const match = await waitForLine(
			proc,
			/HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/,
			60_000,
			'code-server to listen',
		);
		const port = Number(match[1]);
		const url = `http://127.0.0.1:${port}`;
		await waitForHealthz(url, proc, 30_000);
		return {
			url,
			port,
			workspace: profile.workspace,
			profile,
			logFile,
			updateSettings: (changes) => {
				writeUserSettings(profile, {
					...options.settings,
					...readUserSettings(profile),
					...changes,
				});
			},
			workbenchUrl: (query = {}) => {
				const params = new URLSearchParams({ folder: profile.workspace, ...query });
				return `${url}/?${params.toString()}`;
			},
			stop,
		};
	} catch (err) {
		await stop();
		throw err;
	}
}

async function waitForHealthz(url: string, proc: GroupProcess, timeoutMs: number): Promise<void> {
	let exited = false;
	void proc.exited.then(() => {
		exited = true;
	});
	const deadline = Date.now() + timeoutMs;
	let lastError = '';
	while (Date.now() < deadline && !exited) {
		try {
			const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
			if (response.ok) {
				return;
			}
			lastError = `HTTP ${response.status}`;
		} catch (err) {
			lastError = err instanceof Error ? err.message : String(err);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(
		exited
			? 'code-server exited before /healthz answered'
			: `code-server /healthz did not answer in ${timeoutMs} ms (${lastError})`,
	);
}
