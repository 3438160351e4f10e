import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');

/**
 * Starts `thinktrim ARGS` as a real process, added to `started` at once; resolves with it and the URL it
 * reports, once listening.
 */
async function serving(
	args: string[],
	listening: RegExp,
	started: ChildProcess[],
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
	const child = spawn(
		process.execPath,
		['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), ...args],
		{ cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	started.push(child);
	let output = '';
	const url = await new Promise<string>((resolve, reject) => {
		const onText = (b: Buffer): void => {
			output += b.toString();
			const m = listening.exec(output);
			if (m?.[1] !== undefined) {
				resolve(m[1]);
			}
		};
		child.stdout?.on('data', onText);
		child.stderr?.on('data', onText);
		child.once('exit', (code) => reject(new Error(`exited (${code}) before listening: ${output}`)));
	});
	return { child, url, output: () => output };
}

/** Sends `signal` and resolves with the exit code (null: killed by the signal, not stopped by the command). */
function stopWith(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
	const exited = new Promise<number | null>((resolve) =>
		child.once('exit', (code) => resolve(code)),
	);
	child.kill(signal);
	return exited;
}

async function refused(url: string): Promise<boolean> {
	try {
		await fetch(url, { signal: AbortSignal.timeout(5000) });
		return false;
	} catch (err) {
		return /ECONNREFUSED/.test(String((err as { cause?: unknown }).cause ?? err));
	}
}

describe('serving commands stop on Ctrl-C and SIGTERM', () => {
	it(
		'the emulator and the gateway close their servers and exit 0',
		{ timeout: 120_000 },
		async () => {
			const started: ChildProcess[] = [];
			try {
				const emulator = await serving(
					['emulate', '--port', '0', '--quiet'],
					/base-url (http:\/\/\S+\/v1)/,
					started,
				);
				const gateway = await serving(
					['gateway', '--upstream', emulator.url, '--port', '0'],
					/gateway at (http:\/\/\S+\/v1)/,
					started,
				);
				const models = await fetch(`${gateway.url}/models`);
				assert.equal(models.status, 200, 'the gateway serves before it is stopped');
				// Started without the deployed Node flags, it says how to add them.
				assert.match(gateway.output(), /node --max-semi-space-size=2 /);
				// A container runtime stops the gateway with SIGTERM; a terminal stops the emulator with Ctrl-C.
				assert.equal(await stopWith(gateway.child, 'SIGTERM'), 0, gateway.output());
				assert.equal(await stopWith(emulator.child, 'SIGINT'), 0, emulator.output());
				assert.ok(await refused(`${gateway.url}/models`), 'the gateway port is closed');
				assert.ok(await refused(`${emulator.url}/models`), 'the emulator port is closed');
			} finally {
				// Whatever failed, no process outlives the test (a no-op for those already stopped).
				for (const child of started) {
					child.kill('SIGKILL');
				}
			}
		},
	);
});
