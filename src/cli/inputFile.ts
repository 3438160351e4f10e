import { readFile } from 'node:fs/promises';
import { messageOf } from '../shared/userError';

/**
 * Reads a file the user named on the command line as UTF-8 text. When it cannot be read, the message
 * says which file it was meant to be, with the path and the system's reason: "cannot read the traces
 * file t.jsonl (ENOENT: no such file or directory, …)".
 */
export async function readInputFile(path: string, what: string): Promise<string> {
	try {
		return await readFile(path, 'utf8');
	} catch (err) {
		throw new Error(`cannot read the ${what} ${path} (${messageOf(err)})`);
	}
}
