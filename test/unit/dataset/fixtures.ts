import type { DatasetProblem } from '../../../src/core/dataset/datasetProblem';
import { parseDatasetJsonl } from '../../../src/core/dataset/datasetProblem';
import type { TraceRecord } from '../../../src/core/traces/traceRecord';
import { bundledSamples } from '../../harness/sampleTraces';

/** The bundled sample traces (media/traces/samples.jsonl). */
export const SAMPLES: readonly TraceRecord[] = bundledSamples();

/**
 * Several samples share a problem (the same AIME question at two token budgets), and the emulator picks
 * the trace by problem text. Each problem is prefixed with its trace id so that every problem replays
 * its own trace; the emulator serves the same prefixed traces.
 */
export function taggedTrace(trace: TraceRecord): TraceRecord {
	return { ...trace, problem: `[${trace.id}] ${trace.problem ?? ''}` };
}

/** A dataset of the `n` samples with the shortest thinking (fast to replay), as JSONL text and as traces. */
export function sampleDataset(n: number): {
	readonly jsonl: string;
	readonly traces: TraceRecord[];
	readonly problems: DatasetProblem[];
} {
	const traces = [...SAMPLES]
		.sort((a, b) => a.thinking.length - b.thinking.length)
		.slice(0, n)
		.map(taggedTrace);
	const jsonl = traces
		.map((t) => JSON.stringify({ id: t.id, problem: t.problem, gold_answer: t.goldAnswer }))
		.join('\n');
	const parsed = parseDatasetJsonl(jsonl, 'samples-dataset.jsonl');
	if (parsed.errors.length > 0 || parsed.problems.length !== n) {
		throw new Error(`fixture dataset: ${parsed.errors.map((e) => e.message).join('; ')}`);
	}
	return { jsonl, traces, problems: parsed.problems };
}

/** Emulator pacing for tests: full speed, big chunks (the engine, not the pacing, is what is exercised). */
export const FAST = {
	dialect: 'vllm',
	ttftMs: 2,
	tokensPerSecond: Number.POSITIVE_INFINITY,
	tokensPerChunk: 16,
	jitter: 0,
} as const;

/** Parses RFC 4180 CSV (quoted fields with "" escapes and embedded newlines). */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				field += '"';
				i++;
			} else if (c === '"') {
				quoted = false;
			} else {
				field += c;
			}
		} else if (c === '"') {
			quoted = true;
		} else if (c === ',') {
			row.push(field);
			field = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			row.push(field);
			rows.push(row);
			row = [];
			field = '';
			i++;
		} else {
			field += c;
		}
	}
	if (field !== '' || row.length > 0) {
		row.push(field);
		rows.push(row);
	}
	return rows;
}
