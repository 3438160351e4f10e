/**
 * Runs and traces read from a file the user opens (History's Open Trace File): a .json document (one
 * run or an array) or .jsonl, each value a saved run or a plain trace. Bad lines are reported with their
 * line numbers and skipped, never fatal. The stored record is built by `importedRecord`
 * (src/core/run/runRecords.ts).
 */
import { messageOf } from '../../shared/userError';
import type { TraceLineError } from '../traces/traceRecord';
import { runFromJson, type RunRecord } from './runRecord';

/** Splits a .json (one object or an array) or .jsonl file into values with their line numbers. */
export function parseRunFile(
	text: string,
	file: string,
): { values: { value: unknown; line: number }[]; errors: TraceLineError[] } {
	const trimmed = text.trimStart();
	if (trimmed.startsWith('[') || (trimmed.startsWith('{') && !trimmed.includes('\n{'))) {
		try {
			const parsed: unknown = JSON.parse(text);
			const list: unknown[] = Array.isArray(parsed) ? (parsed as unknown[]) : [parsed];
			return {
				values: list.map((value, i) => ({ value, line: Array.isArray(parsed) ? i + 1 : 1 })),
				errors: [],
			};
		} catch {
			// Not one JSON document: read it as JSONL below, line by line.
		}
	}
	const values: { value: unknown; line: number }[] = [];
	const errors: TraceLineError[] = [];
	text.split(/\r?\n/).forEach((line, i) => {
		if (line.trim() === '') {
			return;
		}
		try {
			const value: unknown = JSON.parse(line);
			values.push({ value, line: i + 1 });
		} catch (err) {
			errors.push({ file, line: i + 1, message: `not valid JSON (${messageOf(err)})` });
		}
	});
	return { values, errors };
}

/** The runs in a file (an `imported` run for a plain trace), and what was wrong with the rest. */
export function runsInFile(
	text: string,
	file: string,
	importedAt: string,
): { runs: RunRecord[]; errors: TraceLineError[] } {
	const { values, errors } = parseRunFile(text, file);
	const runs: RunRecord[] = [];
	for (const { value, line } of values) {
		const run = runFromJson(value, importedAt);
		if (typeof run === 'string') {
			errors.push({ file, line, message: run });
		} else {
			runs.push(run);
		}
	}
	return { runs, errors };
}
