import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { messageOf } from '../../shared/userError';

/** A failed write, naming the file; `code` is the system's (ENOSPC, EACCES, …). */
export class WriteError extends Error {
	override readonly name = 'WriteError';
	constructor(
		readonly path: string,
		readonly code: string | undefined,
		cause: unknown,
	) {
		const reason =
			code === 'ENOSPC' || code === 'EFBIG' || code === 'EDQUOT'
				? 'the disk is full'
				: messageOf(cause);
		super(`Cannot write ${path}: ${reason}${code !== undefined ? ` (${code})` : ''}`, { cause });
	}
}

function codeOf(err: unknown): string | undefined {
	const code =
		typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
	return typeof code === 'string' ? code : undefined;
}

/**
 * Writes `data` to `path` so that a reader sees either the old file or the new one, never half of it:
 * write a temp file beside it, flush it to disk, then rename over the target. On any failure (a full
 * disk most often) the temp file is removed and a {@link WriteError} names the target.
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
	const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
	try {
		const handle = await open(tmp, 'w');
		try {
			await handle.writeFile(data, 'utf8');
			await handle.sync();
		} finally {
			await handle.close();
		}
		await rename(tmp, path);
	} catch (err) {
		await rm(tmp, { force: true }).catch(() => undefined);
		throw new WriteError(path, codeOf(err), err);
	}
}
