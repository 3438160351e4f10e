// Dataset evaluation on the emulator: every problem run untrimmed (watch) and trimmed (act) with TrimR
// and Dynasor at their defaults, through the real stream client, engine and run controller, against an
// in-process emulator replaying real traces at a fixed token rate. Datasets: the 24 bundled samples, and
// when ../shared/data/traces is present (override with THINKTRIM_TRACES_DIR) the first problems of two
// shared files. Each problem is prefixed with its trace id so that problems shared by several traces
// replay their own trace. Settings: THINKTRIM_BENCH_RATE (tokens/s per stream, default 1000),
// THINKTRIM_BENCH_CONCURRENCY (default 4), THINKTRIM_BENCH_SWEEP (a sweep spec instead of the two
// defaults), THINKTRIM_BENCH_SHARED (problems per shared file, default 30). The JSON and HTML reports are
// written to $TMPDIR/thinktrim-dataset-bench/.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDatasetJsonl, type DatasetProblem } from '../src/core/dataset/datasetProblem';
import { evaluateDataset } from '../src/core/dataset/evaluateDataset';
import { evaluationToJson } from '../src/core/dataset/exportJson';
import { buildVariants } from '../src/core/dataset/policyVariants';
import { formatSeconds, formatShare } from '../src/core/dataset/reportFormat';
import { evaluationReportHtml } from '../src/core/dataset/reportHtml';
import { ReasoningClient } from '../src/core/stream/reasoningClient';
import { parseTraceJsonl, type TraceRecord } from '../src/core/traces/traceRecord';
import { startEmulator } from '../src/emulator/server';

const root = resolve(__dirname, '..');
const sharedDir = process.env.THINKTRIM_TRACES_DIR ?? join(root, '..', 'shared', 'data', 'traces');
const rate = Number(process.env.THINKTRIM_BENCH_RATE ?? 1000);
const concurrency = Number(process.env.THINKTRIM_BENCH_CONCURRENCY ?? 4);
const sharedCount = Number(process.env.THINKTRIM_BENCH_SHARED ?? 30);
const variants =
	process.env.THINKTRIM_BENCH_SWEEP !== undefined
		? buildVariants([], process.env.THINKTRIM_BENCH_SWEEP)
		: buildVariants(['trimr', 'dynasor']);
const outDir = join(tmpdir(), 'thinktrim-dataset-bench');

function tagged(traces: readonly TraceRecord[]): TraceRecord[] {
	return traces
		.filter((t) => t.problem !== undefined && t.problem.trim() !== '')
		.map((t) => ({ ...t, problem: `[${t.id}] ${t.problem ?? ''}` }));
}

/** The dataset as a user would write it (id, problem, gold answer), read through the real parser. */
function problemsOf(traces: readonly TraceRecord[]): DatasetProblem[] {
	const jsonl = traces
		.map((t) => JSON.stringify({ id: t.id, problem: t.problem, gold_answer: t.goldAnswer }))
		.join('\n');
	return parseDatasetJsonl(jsonl, 'bench.jsonl').problems;
}

async function bench(name: string, traces: TraceRecord[]): Promise<void> {
	const emulator = await startEmulator({
		traces,
		dialect: 'vllm',
		ttftMs: 150,
		tokensPerSecond: rate,
		tokensPerChunk: 4,
		jitter: 0.1,
	});
	const client = await ReasoningClient.create({ baseUrl: emulator.url });
	const problems = problemsOf(traces);
	const started = performance.now();
	try {
		const evaluation = await evaluateDataset({
			problems,
			variants,
			client,
			model: emulator.state.models[0] ?? '',
			concurrency,
			dataset: { file: name },
		});
		const u = evaluation.untrimmed;
		console.log(
			`\n${name}: ${problems.length} problems, ${rate} tok/s per stream, concurrency ${concurrency}, evaluation took ${formatSeconds(performance.now() - started)}`,
		);
		console.log(
			`  untrimmed: ${u.completed} complete, ${u.errors} errors, accuracy ${formatShare(u.accuracy)}, ${u.thinkingTokens} thinking tokens, ${formatSeconds(u.wallMs)} summed, oracle could save ${formatShare(u.oracleSavedShare)}`,
		);
		const head = [
			'variant',
			'compared',
			'errors',
			'cuts',
			'acc untrimmed→trimmed',
			'agreement',
			'flips',
			'tokens saved',
			'predicted',
			'time saved',
			'CR',
			'cut lag',
		];
		const rows = evaluation.aggregates.map((a) => [
			a.label,
			String(a.compared),
			String(a.errors),
			String(a.cuts),
			`${formatShare(a.accuracyUntrimmed)} → ${formatShare(a.accuracyTrimmed)}`,
			formatShare(a.agreement),
			`${a.flips} (${formatShare(a.flipRate)})`,
			formatShare(a.savedThinkingShare),
			formatShare(a.predictedSavedShare),
			formatShare(a.savedTimeShare),
			a.compressionRatio?.toFixed(2) ?? '–',
			a.meanCutLagMs !== undefined ? `${a.meanCutLagMs.toFixed(1)} ms` : '–',
		]);
		console.log(`  | ${head.join(' | ')} |\n  |${head.map(() => '---').join('|')}|`);
		for (const row of rows) {
			console.log(`  | ${row.join(' | ')} |`);
		}
		mkdirSync(outDir, { recursive: true });
		const base = join(outDir, name.replace(/[^a-z0-9]+/gi, '-'));
		writeFileSync(`${base}.json`, evaluationToJson(evaluation));
		writeFileSync(`${base}.html`, evaluationReportHtml(evaluation));
		console.log(`  reports: ${base}.json, ${base}.html`);
	} finally {
		await client.close();
		await emulator.close();
	}
}

async function run(): Promise<void> {
	const samples = parseTraceJsonl(
		readFileSync(join(root, 'media', 'traces', 'samples.jsonl'), 'utf8'),
		'samples.jsonl',
	).records;
	await bench('bundled samples', tagged(samples));
	const shared = [
		'thinking-llms-interp__QwQ-32B__gsm8k.jsonl',
		'thinking-llms-interp__DeepSeek-R1-Distill-Qwen-14B__math500.jsonl',
	];
	if (sharedCount <= 0) {
		return;
	}
	if (!existsSync(sharedDir)) {
		console.log(`\n(no ${sharedDir}: shared-trace subsets skipped)`);
		return;
	}
	for (const file of shared) {
		const path = join(sharedDir, file);
		if (!existsSync(path)) {
			console.log(`\n(${file} not found: skipped)`);
			continue;
		}
		const traces = tagged(parseTraceJsonl(readFileSync(path, 'utf8'), file).records).slice(
			0,
			sharedCount,
		);
		await bench(file.replace(/\.jsonl$/, ''), traces);
	}
}

run().catch((err: unknown) => {
	console.error(err);
	process.exitCode = 1;
});
