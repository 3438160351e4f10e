/**
 * Output paths are checked before any work starts, so a long run never ends by failing to save: the
 * path must not be a directory, and its folder must exist (or be creatable) and accept a new file —
 * proven by creating and removing a probe file there. Kernel file systems (/proc, /sys) are refused
 * outright: writes there fail late or block.
 */
import { mkdir, open, stat, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { messageOf } from '../shared/userError';

function reason(err: unknown): string {
	return messageOf(err);
}

/** Throws a message naming the option and the path when `path` cannot take the output. */
export async function checkOutputPath(path: string, option: string): Promise<void> {
	const full = resolve(path);
	if (/^\/(proc|sys)(\/|$)/.test(full)) {
		throw new Error(
			`--${option} ${path}: cannot write under /proc or /sys; choose a path on a normal disk`,
		);
	}
	const existing = await stat(full).catch(() => undefined);
	if (existing?.isDirectory() === true) {
		throw new Error(`--${option} ${path} is a directory; give a file name`);
	}
	const folder = dirname(full);
	try {
		await mkdir(folder, { recursive: true });
	} catch (err) {
		throw new Error(`--${option} ${path}: cannot create the folder ${folder} (${reason(err)})`);
	}
	const probe = `${folder}/.thinktrim-probe-${process.pid}-${Date.now()}`;
	try {
		const handle = await open(probe, 'wx');
		await handle.close();
		await unlink(probe);
	} catch (err) {
		throw new Error(
			`--${option} ${path}: the folder ${folder} does not accept new files (${reason(err)})`,
		);
	}
}
