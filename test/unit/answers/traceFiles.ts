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

/** A graded record of the shared traces: the recorded answer, the gold answer and the source's verdict. */
export interface GradedRecord {
	readonly id: string;
	readonly predicted: string;
	readonly gold: string;
	readonly correct: boolean;
}

/** Every shared trace graded by its source (`correct` true or false), or undefined when the folder is absent. */
export function sharedGradedRecords(): GradedRecord[] | undefined {
	const dir = process.env.THINKTRIM_TRACES_DIR ?? join(root, '..', 'shared', 'data', 'traces');
	if (!existsSync(dir)) {
		return undefined;
	}
	const out: GradedRecord[] = [];
	for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
		for (const line of readFileSync(join(dir, name), 'utf8').split('\n')) {
			if (line.trim() === '') {
				continue;
			}
			const r = JSON.parse(line) as Record<string, unknown>;
			const { id, predicted_answer: predicted, gold_answer: gold, correct } = r;
			const text = (v: unknown): string | undefined =>
				typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
			const p = text(predicted);
			const g = text(gold);
			if (typeof correct === 'boolean' && p !== undefined && g !== undefined) {
				out.push({ id: text(id) ?? '?', predicted: p, gold: g, correct });
			}
		}
	}
	return out;
}
