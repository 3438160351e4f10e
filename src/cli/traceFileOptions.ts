import { readFile } from 'node:fs/promises';
import {
	formatTraceLineError,
	parseTraceJsonl,
	type TraceReadOptions,
	type TraceRecord,
} from '../core/traces/traceRecord';
import { messageOf } from '../shared/userError';
import type { CliIo } from './cliCommand';

/** `--max-record-bytes N`: the largest trace record read from a JSONL file (see traceRecord.ts). */
export function maxRecordBytesOption(
	options: ReadonlyMap<string, string | true>,
): number | undefined {
	const v = options.get('max-record-bytes');
	if (v === undefined) {
		return undefined;
	}
	const n = Number(v);
	if (typeof v !== 'string' || !Number.isInteger(n) || n <= 0) {
		throw new Error('--max-record-bytes needs a positive whole number of bytes');
	}
	return n;
}

/** A trace file as a command reads it: its traces, and whether anything in it went wrong. */
export interface TraceFile {
	readonly records: readonly TraceRecord[];
	readonly failed: boolean;
}

/**
 * Reads one JSONL trace file for a command. Whatever is wrong is said on stderr with its file (and line):
 * an unreadable file, each bad line (skipped; the rest is read), a file with no trace.
 */
export async function readTraceFile(
	file: string,
	io: CliIo,
	options: TraceReadOptions & { readonly maxRecordBytes?: number } = {},
): Promise<TraceFile> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (err) {
		io.stderr(`${file}: cannot read (${messageOf(err)})\n`);
		return { records: [], failed: true };
	}
	const { records, errors } = parseTraceJsonl(text, file, options);
	for (const error of errors) {
		io.stderr(`${formatTraceLineError(error)}; skipped\n`);
	}
	if (records.length === 0 && errors.length === 0) {
		io.stderr(`no traces in ${file}\n`);
		return { records, failed: true };
	}
	return { records, failed: errors.length > 0 };
}
