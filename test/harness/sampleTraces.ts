import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitParagraphs } from '../../src/core/thoughts/paragraphSplit';
import type { Thought } from '../../src/core/thoughts/thought';
import { parseTraceJsonl, type TraceRecord } from '../../src/core/traces/traceRecord';
import { REPO_ROOT } from './repo';

/** The bundled sample traces, read from the same file the extension ships (media/traces/samples.jsonl). */
export function bundledSamples(): TraceRecord[] {
	const file = join(REPO_ROOT, 'media', 'traces', 'samples.jsonl');
	const { records, errors } = parseTraceJsonl(readFileSync(file, 'utf8'), file);
	if (errors.length > 0) {
		throw new Error(`bad bundled sample: ${errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('; ')}`);
	}
	return records;
}

/** One bundled sample and the thoughts the paragraph split makes of it (the expected tree). */
export function bundledSample(id: string): { readonly trace: TraceRecord; readonly thoughts: Thought[] } {
	const trace = bundledSamples().find((t) => t.id === id);
	if (trace === undefined) {
		throw new Error(`no bundled sample trace has the id ${id}`);
	}
	return { trace, thoughts: splitParagraphs(trace.thinking) };
}
