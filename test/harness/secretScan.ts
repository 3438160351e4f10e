import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every regular file under `dir`, recursively (sockets, vanished and unreadable entries skipped). */
export function filesUnder(dir: string): string[] {
	const out: string[] = [];
	const walk = (folder: string): void => {
		let names: string[];
		try {
			names = readdirSync(folder);
		} catch {
			return;
		}
		for (const name of names) {
			const path = join(folder, name);
			try {
				const stat = statSync(path);
				if (stat.isDirectory()) {
					walk(path);
				} else if (stat.isFile()) {
					out.push(path);
				}
			} catch {
				// Vanished while scanning (a rotated log, a lock file): nothing to read.
			}
		}
	};
	walk(dir);
	return out;
}

/**
 * The files among `files` whose bytes contain `needle` as UTF-8, or as UTF-16LE (how SQLite and some
 * Chromium stores keep text), or base64-encoded. Unreadable files are reported as such, not skipped silently.
 */
export function filesContaining(
	files: readonly string[],
	needle: string,
): { readonly hits: string[]; readonly unreadable: string[] } {
	const forms = [
		Buffer.from(needle, 'utf8'),
		Buffer.from(needle, 'utf16le'),
		Buffer.from(Buffer.from(needle, 'utf8').toString('base64'), 'utf8'),
	];
	const hits: string[] = [];
	const unreadable: string[] = [];
	for (const file of files) {
		let bytes: Buffer;
		try {
			bytes = readFileSync(file);
		} catch {
			unreadable.push(file);
			continue;
		}
		if (forms.some((form) => bytes.includes(form))) {
			hits.push(file);
		}
	}
	return { hits, unreadable };
}
