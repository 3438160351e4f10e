import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseTraceJsonl, type TraceRecord } from '../../../src/core/traces/traceRecord';

/**
 * The shared real traces (`../shared/data/traces` from the repository root, or THINKTRIM_TRACES_DIR),
 * or undefined when the folder is absent so that tests can skip.
 */
export function loadSharedTraces(): TraceRecord[] | undefined {
	const dir =
		process.env.THINKTRIM_TRACES_DIR ?? resolve(__dirname, '../../../../shared/data/traces');
	if (!existsSync(dir)) {
		return undefined;
	}
	const records: TraceRecord[] = [];
	for (const name of readdirSync(dir)
		.filter((f) => f.endsWith('.jsonl'))
		.sort()) {
		records.push(...parseTraceJsonl(readFileSync(join(dir, name), 'utf8'), name).records);
	}
	return records;
}
