import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';

/**
 * Writes `data` to `path` so that a reader sees either the old file or the new one, never half of it:
 * write a temp file beside it, flush it to disk, then rename over the target.
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
	const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
	const handle = await open(tmp, 'w');
	try {
		await handle.writeFile(data, 'utf8');
		await handle.sync();
	} finally {
		await handle.close();
	}
	try {
		await rename(tmp, path);
	} catch (err) {
		await rm(tmp, { force: true });
		throw err;
	}
}
