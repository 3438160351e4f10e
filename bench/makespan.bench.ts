// Time under load: the makespan of a dataset evaluation at a concurrency, untrimmed vs trimmed, and the
// wall-clock saving against the thinking-token saving, for TrimR, DEER and Dynasor, all online (DEER's trial
// answers and Dynasor's probes go to the emulated model over /v1/completions). 20 QwQ-32B GSM8K problems
// from ../shared/data/traces (override with THINKTRIM_TRACES_DIR; the bundled samples when absent),
// replayed by an in-process emulator at THINKTRIM_BENCH_RATE tokens/s per stream (default 300), TTFT
// 200 ms, concurrency THINKTRIM_BENCH_CONCURRENCY (default 4). THINKTRIM_BENCH_PREFIX_CACHE=off makes
// continuations pay the whole TTFT again (a server without prefix caching); THINKTRIM_BENCH_VERIFIER=llm
// puts TrimR's verifier calls on the emulator too (its verifier route). Prints one row per policy; the JSON
// report goes to $TMPDIR/thinktrim-makespan-bench.json.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDatasetJsonl } from '../src/core/dataset/datasetProblem';
import { evaluateDataset } from '../src/core/dataset/evaluateDataset';
import { evaluationToJson } from '../src/core/dataset/exportJson';
import { buildVariants } from '../src/core/dataset/policyVariants';
import { formatSeconds, formatShare } from '../src/core/dataset/reportFormat';
import { CompletionsTrialAnswerer } from '../src/core/policies/completionsTrialAnswerer';
import { CompletionsProber } from '../src/core/policies/prober';
import { ReasoningClient } from '../src/core/stream/reasoningClient';
import { parseTraceJsonl, type TraceRecord } from '../src/core/traces/traceRecord';
import { LlmVerifier } from '../src/core/verifier/llmVerifier';
import { verifierCostLine } from '../src/core/dataset/verifierCost';
import { startEmulator } from '../src/emulator/server';

const root = resolve(__dirname, '..');
const sharedDir = process.env.THINKTRIM_TRACES_DIR ?? join(root, '..', 'shared', 'data', 'traces');
const file = 'thinking-llms-interp__QwQ-32B__gsm8k.jsonl';
const rate = Number(process.env.THINKTRIM_BENCH_RATE ?? 300);
const concurrency = Number(process.env.THINKTRIM_BENCH_CONCURRENCY ?? 4);
const count = Number(process.env.THINKTRIM_BENCH_PROBLEMS ?? 20);
const prefixCache = process.env.THINKTRIM_BENCH_PREFIX_CACHE !== 'off';
const llmVerifier = process.env.THINKTRIM_BENCH_VERIFIER === 'llm';

function traces(): { name: string; traces: TraceRecord[] } {
	const path = join(sharedDir, file);
	const [name, text] = existsSync(path)
		? [file, readFileSync(path, 'utf8')]
		: ['samples.jsonl', readFileSync(join(root, 'media', 'traces', 'samples.jsonl'), 'utf8')];
	const records = parseTraceJsonl(text, name).records.filter(
		(t) => t.problem !== undefined && t.problem.trim() !== '',
	);
	return {
		name,
		traces: records.slice(0, count).map((t) => ({ ...t, problem: `[${t.id}] ${t.problem ?? ''}` })),
	};
}

async function run(): Promise<void> {
	const { name, traces: selected } = traces();
	const emulator = await startEmulator({
		traces: selected,
		dialect: 'vllm',
		ttftMs: 200,
		tokensPerSecond: rate,
		tokensPerChunk: 4,
		jitter: 0.1,
		prefixCache,
	});
	const client = await ReasoningClient.create({ baseUrl: emulator.url });
	try {
		const model = emulator.state.models[0] ?? '';
		// The prompt the probes extend is the one the emulator's /tokenize renders, as a vLLM server's would.
		const render = async (problem: string | undefined): Promise<string> => {
			const response = await fetch(`${emulator.url.replace(/\/v1$/, '')}/tokenize`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					model,
					messages: [{ role: 'user', content: problem ?? '' }],
					add_generation_prompt: true,
				}),
			});
			const tokens = ((await response.json()) as { tokens: number[] }).tokens;
			const text = await fetch(`${emulator.url.replace(/\/v1$/, '')}/detokenize`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ model, tokens }),
			});
			return ((await text.json()) as { prompt: string }).prompt;
		};
		const online = {
			trialAnswerer: new CompletionsTrialAnswerer({
				baseURL: emulator.url,
				model,
				renderPrompt: render,
			}),
			prober: new CompletionsProber({ baseURL: emulator.url, model, renderPrompt: render }),
		};
		const problems = parseDatasetJsonl(
			selected
				.map((t) => JSON.stringify({ id: t.id, problem: t.problem, gold_answer: t.goldAnswer }))
				.join('\n'),
			'bench.jsonl',
		).problems;
		const verifier = llmVerifier ? new LlmVerifier({ baseURL: emulator.url, model }) : undefined;
		const evaluation = await evaluateDataset({
			problems,
			variants: buildVariants(['trimr', 'deer', 'dynasor']),
			client,
			model,
			concurrency,
			online,
			verifier,
		});
		console.log(
			`${name}: ${problems.length} problems, ${rate} tok/s per stream, TTFT 200 ms, prefix cache ${prefixCache ? 'on' : 'off'}, ${llmVerifier ? 'LLM' : 'heuristic'} verifier, concurrency ${concurrency}; untrimmed ${evaluation.untrimmed.thinkingTokens} thinking + ${evaluation.untrimmed.answerTokens} answer tokens`,
		);
		const head = [
			'policy',
			'cuts',
			'flips',
			'thinking saved',
			`makespan @${concurrency}`,
			'makespan saved',
			'time/token',
			'verifier/run',
		];
		console.log(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`);
		for (const a of evaluation.aggregates) {
			const m = a.makespan;
			console.log(
				`| ${[a.label, `${a.cuts}/${a.compared}`, String(a.flips), formatShare(a.savedThinkingShare), m !== undefined ? `${formatSeconds(m.untrimmedMs)} → ${formatSeconds(m.trimmedMs)}` : '–', formatShare(m?.savedShare), m?.timeToTokenRatio?.toFixed(2) ?? '–', formatSeconds(a.verifierMsPerRun)].join(' | ')} |`,
			);
		}
		for (const a of evaluation.aggregates) {
			if (llmVerifier && a.verifierCost !== undefined) {
				console.log(`Verifier, ${a.label}: ${verifierCostLine(a.verifierCost)}.`);
			}
		}
		writeFileSync(join(tmpdir(), 'thinktrim-makespan-bench.json'), evaluationToJson(evaluation));
	} finally {
		await client.close();
		await emulator.close();
	}
}

run().catch((err: unknown) => {
	console.error(err);
	process.exitCode = 1;
});
