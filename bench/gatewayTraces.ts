// The traces both gateway benchmarks replay: the bundled samples' short chains, and for each problem the
// one TrimR cuts early if any, so act mode cuts within the run (the emulator serves a problem's first).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeTrace } from '../src/core/engine/analyzeTrace';
import { parseTraceJsonl, type TraceRecord } from '../src/core/traces/traceRecord';
import { tokenPieces } from '../src/emulator/tokenizer';

export async function gatewayBenchTraces(): Promise<TraceRecord[]> {
	const samples = parseTraceJsonl(
		readFileSync(join(resolve(__dirname, '..'), 'media', 'traces', 'samples.jsonl'), 'utf8'),
		'samples',
	).records;
	const byProblem = new Map<string, TraceRecord>();
	for (const t of samples) {
		const cutEarly = ((await analyzeTrace(t)).cut?.tokenOffset ?? Infinity) < 1000;
		if (t.problem !== undefined && (tokenPieces(t.thinking).length < 1200 || cutEarly)) {
			if (cutEarly || !byProblem.has(t.problem)) {
				byProblem.set(t.problem, t);
			}
		}
	}
	return [...byProblem.values()];
}
