import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace } from '../../src/core/engine/analyzeTrace';
import type { Thought } from '../../src/core/thoughts/thought';
import {
	formatTraceLineError,
	parseTraceJsonl,
	type TraceRecord,
} from '../../src/core/traces/traceRecord';
import { REPO_ROOT } from './repo';

/** The bundled sample traces, read from the same file the extension ships (media/traces/samples.jsonl). */
export function bundledSamples(): TraceRecord[] {
	const file = join(REPO_ROOT, 'media', 'traces', 'samples.jsonl');
	const { records, errors } = parseTraceJsonl(readFileSync(file, 'utf8'), file);
	if (errors.length > 0) {
		throw new Error(`bad bundled sample: ${errors.map(formatTraceLineError).join('; ')}`);
	}
	return records;
}

/** One bundled sample by id. */
export function bundledSample(id: string): { readonly trace: TraceRecord } {
	const trace = bundledSamples().find((t) => t.id === id);
	if (trace === undefined) {
		throw new Error(`no bundled sample trace has the id ${id}`);
	}
	return { trace };
}

/**
 * The thoughts the core engine makes of `trace` (its default segmenter, as Open Sample Trace uses): what
 * the tree must show, one node each under the problem.
 */
export async function engineThoughts(trace: TraceRecord): Promise<readonly Thought[]> {
	return (await analyzeTrace(trace)).thoughts;
}
