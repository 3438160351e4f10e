import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseTraceJsonl, type TraceRecord } from '../../../src/core/traces/traceRecord';

/** Repository root, from this file's location (test/unit/answers). */
const root = resolve(__dirname, '..', '..', '..');

/** The bundled MIT/Apache-2.0 traces, always present. */
export function bundledTraces(): TraceRecord[] {
	const file = join(root, 'media', 'traces', 'samples.jsonl');
	return parseTraceJsonl(readFileSync(file, 'utf8'), file).records;
}

/**
 * The shared real traces (`../shared/data/traces`, overridable with THINKTRIM_TRACES_DIR), one entry
 * per file, or undefined when the folder is absent so that tests can skip.
 */
export function sharedTraceFiles(): { file: string; records: TraceRecord[] }[] | undefined {
	const dir = process.env.THINKTRIM_TRACES_DIR ?? join(root, '..', 'shared', 'data', 'traces');
	if (!existsSync(dir)) {
		return undefined;
	}
	return readdirSync(dir)
		.filter((name) => name.endsWith('.jsonl'))
		.sort()
		.map((name) => {
			const file = join(dir, name);
			return { file: name, records: parseTraceJsonl(readFileSync(file, 'utf8'), file).records };
		});
}
