import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/** A child started as the leader of its own process group, so the whole tree can be killed at once. */
export interface GroupProcess {
	readonly pid: number;
	/** Resolves with the leader's exit code (null when killed by a signal). */
	readonly exited: Promise<number | null>;
	/** Calls `onLine` for every line the process prints (stdout and stderr), including earlier ones. */
	onLine(onLine: (line: string) => void): void;
	/** Kills the whole group: SIGTERM, then SIGKILL after `graceMs`. Resolves when the group is gone. */
	stop(graceMs?: number): Promise<void>;
}

export interface SpawnGroupOptions {
	readonly env: NodeJS.ProcessEnv;
	readonly cwd?: string;
	/** Every line of output is also appended here. */
	readonly logFile: string;
}

/** Process groups still alive; killed by the exit and signal hooks if a test forgets or crashes. */
const liveGroups = new Set<number>();
let hooksInstalled = false;

function killGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
	try {
		process.kill(-pgid, signal);
		return true;
	} catch {
		return false; // ESRCH: the group is already gone.
	}
}

function groupAlive(pgid: number): boolean {
	return killGroup(pgid, 0);
}

function installHooks(): void {
	if (hooksInstalled) {
		return;
	}
	hooksInstalled = true;
	// 'exit' handlers must be synchronous: a SIGKILL to every group left is all that can be done there.
	process.on('exit', () => {
		for (const pgid of liveGroups) {
			killGroup(pgid, 'SIGKILL');
		}
	});
	// node:test kills a timed-out test file with SIGTERM; Ctrl-C sends SIGINT. Neither runs 'exit' hooks
	// by default, so turn them into an exit that does.
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.once(signal, () => {
			process.exit(signal === 'SIGINT' ? 130 : 143);
		});
	}
}

/**
 * Starts `command` detached (setsid: it leads a new process group), with output piped into `logFile`
 * and to line listeners.
 */
export function spawnGroup(
	command: string,
	args: readonly string[],
	options: SpawnGroupOptions,
): GroupProcess {
	installHooks();
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const pid = child.pid;
	if (pid === undefined) {
		throw new Error(`could not start ${command}`);
	}
	liveGroups.add(pid);
	const log = createWriteStream(options.logFile, { flags: 'a' });
	const lines: string[] = [];
	const listeners: ((line: string) => void)[] = [];
	const splitter = (): ((chunk: Buffer) => void) => {
		let rest = '';
		return (chunk) => {
			log.write(chunk);
			rest += chunk.toString('utf8');
			let newline = rest.indexOf('\n');
			while (newline !== -1) {
				const line = rest.slice(0, newline);
				rest = rest.slice(newline + 1);
				lines.push(line);
				for (const listener of listeners) {
					listener(line);
				}
				newline = rest.indexOf('\n');
			}
		};
	};
	child.stdout.on('data', splitter());
	child.stderr.on('data', splitter());
	const exited = new Promise<number | null>((resolve) => {
		child.once('exit', (code) => resolve(code));
		child.once('error', () => resolve(null));
	});
	// Do not let a still-running child keep the test process alive on its own.
	child.unref();

	const stop = async (graceMs = 5000): Promise<void> => {
		if (!liveGroups.has(pid)) {
			return;
		}
		killGroup(pid, 'SIGTERM');
		const deadline = Date.now() + graceMs;
		// The leader's exit does not mean its children are gone (VS Code's file watcher lingers), so wait
		// for the whole group.
		while (groupAlive(pid) && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		if (groupAlive(pid)) {
			killGroup(pid, 'SIGKILL');
			while (groupAlive(pid)) {
				await new Promise((resolve) => setTimeout(resolve, 20));
			}
		}
		liveGroups.delete(pid);
		await exited;
		await new Promise<void>((resolve) => log.end(resolve));
	};

	return {
		pid,
		exited,
		onLine: (listener) => {
			for (const line of lines) {
				listener(line);
			}
			listeners.push(listener);
		},
		stop,
	};
}

/** Resolves with the first line of `proc` that matches `pattern`; rejects on exit or after `timeoutMs`. */
export function waitForLine(
	proc: GroupProcess,
	pattern: RegExp,
	timeoutMs: number,
	what: string,
): Promise<RegExpMatchArray> {
	return new Promise((resolve, reject) => {
		let settled = false;
		const timer = setTimeout(
			() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
			timeoutMs,
		);
		const finish = (result: RegExpMatchArray | Error): void => {
			if (settled) {
				return;
			}
			settled = true;
			clearTimeout(timer);
			if (result instanceof Error) {
				reject(result);
			} else {
				resolve(result);
			}
		};
		proc.onLine((line) => {
			const match = pattern.exec(line);
			if (match !== null) {
				finish(match);
			}
		});
		void proc.exited.then((code) =>
			finish(new Error(`process exited (code ${String(code)}) before ${what}`)),
		);
	});
}
