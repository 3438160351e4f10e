// The engine on real traces: each stop policy's cut against the oracle (share of thinking tokens
// saved, share of the oracle's savings captured, flip rate, accuracy change against gold), a sweep of
// each policy's main parameter to compare them at matched flip rates, and pipeline speed (a 32k-token
// chain end to end; 1×, 2×, 4× lengths must grow linearly).
// Traces: THINKTRIM_TRACES_DIR or `node --import tsx bench/engine.bench.ts DIR`, default
// ../shared/data/traces; when absent the bundled samples are used and the run says so.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { analyzeTrace, replayPolicy, type TraceAnalysis } from '../src/core/engine/analyzeTrace';
import { ChainAnalyzer } from '../src/core/engine/chainAnalyzer';
import { referenceTimeline, type TimelineAnswer } from '../src/core/evaluation/answerTimeline';
import { evaluateTrace } from '../src/core/evaluation/evaluateTrace';
import { summarize, summaryShares, type EvaluationSummary } from '../src/core/evaluation/summary';
import { BudgetPolicy } from '../src/core/policies/budgetPolicy';
import { DeerPolicy } from '../src/core/policies/deerPolicy';
import { DynasorPolicy } from '../src/core/policies/dynasorPolicy';
import type { StopPolicy } from '../src/core/policies/stopPolicy';
import { TrimrPolicy } from '../src/core/policies/trimrPolicy';
import { estimateTokens } from '../src/core/thoughts/thought';
import { loadTokenCounter, tokenCounterFor } from '../src/core/tokens/tokenCounter';
import { parseTraceJsonl, type TraceRecord } from '../src/core/traces/traceRecord';

const root = resolve(__dirname, '..');
const dir = process.argv[2] ?? process.env.THINKTRIM_TRACES_DIR ?? join(root, '..', 'shared', 'data', 'traces');

function loadTraces(): { traces: TraceRecord[]; source: string } {
	const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(dir, f)) : [];
	if (files.length === 0) {
		console.log(`skipped the shared traces: none in ${dir}; running on the bundled samples`);
		const file = join(root, 'media', 'traces', 'samples.jsonl');
		return { traces: parseTraceJsonl(readFileSync(file, 'utf8'), file).records, source: 'bundled samples' };
	}
	return { traces: files.flatMap((file) => parseTraceJsonl(readFileSync(file, 'utf8'), file).records), source: dir };
}

interface Analysed {
	readonly analysis: TraceAnalysis;
	readonly timeline: TimelineAnswer[];
}

/** Every policy configuration measured: the defaults first, then the sweep points. */
const CONFIGS: ReadonlyArray<{ family: string; label: string; isDefault: boolean; make: () => StopPolicy }> = [
	{ family: 'TrimR', label: 'TrimR (M = 2, defaults)', isDefault: true, make: () => new TrimrPolicy() },
	{ family: 'Dynasor', label: 'Dynasor-CoT style (T = 64, N = 3)', isDefault: true, make: () => new DynasorPolicy() },
	{ family: 'DEER', label: 'DEER style (λ = 0.95, window 2)', isDefault: true, make: () => new DeerPolicy() },
	{ family: 'budget', label: 'fixed budget 4096', isDefault: true, make: () => new BudgetPolicy(4096) },
	{ family: 'TrimR', label: 'TrimR M = 2, tolerant', isDefault: false, make: () => new TrimrPolicy({ tolerateOneDisagreement: true }) },
	{ family: 'TrimR', label: 'TrimR M = 1', isDefault: false, make: () => new TrimrPolicy({ consecutiveAnswers: 1 }) },
	{ family: 'TrimR', label: 'TrimR M = 3', isDefault: false, make: () => new TrimrPolicy({ consecutiveAnswers: 3 }) },
	{ family: 'Dynasor', label: 'Dynasor T = 64, N = 5', isDefault: false, make: () => new DynasorPolicy({ agreeing: 5 }) },
	{ family: 'Dynasor', label: 'Dynasor T = 64, N = 8', isDefault: false, make: () => new DynasorPolicy({ agreeing: 8 }) },
	{ family: 'Dynasor', label: 'Dynasor T = 128, N = 8', isDefault: false, make: () => new DynasorPolicy({ interval: 128, agreeing: 8 }) },
	{ family: 'Dynasor', label: 'Dynasor T = 256, N = 8', isDefault: false, make: () => new DynasorPolicy({ interval: 256, agreeing: 8 }) },
	{ family: 'DEER', label: 'DEER window 1', isDefault: false, make: () => new DeerPolicy({ window: 1 }) },
	{ family: 'DEER', label: 'DEER window 3', isDefault: false, make: () => new DeerPolicy({ window: 3 }) },
	{ family: 'budget', label: 'fixed budget 2048', isDefault: false, make: () => new BudgetPolicy(2048) },
	{ family: 'budget', label: 'fixed budget 1024', isDefault: false, make: () => new BudgetPolicy(1024) },
];

const pct = (x: number, digits = 1): string => `${(x * 100).toFixed(digits)} %`;

function row(label: string, s: EvaluationSummary): string {
	const sh = summaryShares(s);
	const acc = s.graded > 0 ? `${sh.accuracyDelta >= 0 ? '+' : ''}${(sh.accuracyDelta * 100).toFixed(2)}` : '–';
	return `| ${label} | ${s.cuts} | ${pct(sh.saved)} | ${pct(sh.oracleCaptured)} | ${pct(sh.flipRate, 2)} (${s.flips}) | ${acc} |`;
}

function policyTables(items: readonly Analysed[]): void {
	const results = CONFIGS.map((c) => ({
		config: c,
		summary: summarize(
			c.label,
			items.map(({ analysis, timeline }) => evaluateTrace({ trace: analysis.trace, thoughts: analysis.thoughts, steps: analysis.steps, timeline }, replayPolicy(c.make(), analysis.thoughts, analysis.steps))),
		),
	}));
	const total = results[0]?.summary;
	if (total === undefined) {
		return;
	}
	const oracleShare = total.thinkingTokens > 0 ? total.oracleSavedTokens / total.thinkingTokens : 0;
	console.log(`\n${total.traces} traces, ${total.thinkingTokens} thinking tokens; the oracle saves ${total.oracleSavedTokens} (${pct(oracleShare)}); gold answers on ${total.graded}, full-chain accuracy ${pct(total.graded > 0 ? total.correct / total.graded : 0)}`);
	const header = '| policy | cuts | thinking tokens saved | oracle savings captured | flip rate (flips) | accuracy change vs gold (points) |\n|---|---:|---:|---:|---:|---:|';
	console.log(`\nDefaults (heuristic verifier)\n\n${header}`);
	for (const r of results.filter((x) => x.config.isDefault)) {
		console.log(row(r.config.label, r.summary));
	}
	console.log(`\nParameter sweep\n\n${header}`);
	for (const r of results.filter((x) => !x.config.isDefault)) {
		console.log(row(r.config.label, r.summary));
	}
	// Matched flip rate: each family's best savings among its settings that flip no more than TrimR's default.
	const trimr = summaryShares(total);
	console.log(`\nAt a flip rate ≤ TrimR's default (${pct(trimr.flipRate, 2)}): best saved share per policy family`);
	for (const family of ['TrimR', 'Dynasor', 'DEER', 'budget']) {
		const eligible = results.filter((r) => r.config.family === family && summaryShares(r.summary).flipRate <= trimr.flipRate + 1e-12);
		const best = eligible.sort((a, b) => b.summary.savedTokens - a.summary.savedTokens)[0];
		console.log(`  ${family.padEnd(8)} ${best !== undefined ? `${pct(summaryShares(best.summary).saved)} (${best.config.label})` : 'no setting flips that little'}`);
	}
}

function bySource(items: readonly Analysed[]): void {
	console.log('\nTrimR defaults by source file\n\n| source | traces | thinking tokens | oracle saves | TrimR saves | captured | flips |\n|---|---:|---:|---:|---:|---:|---:|');
	const groups = new Map<string, Analysed[]>();
	for (const item of items) {
		const key = item.analysis.trace.id.replace(/-\d+(?:-.*)?$/, '');
		groups.set(key, [...(groups.get(key) ?? []), item]);
	}
	for (const [key, group] of groups) {
		const s = summarize(
			'trimr',
			group.map(({ analysis, timeline }) => evaluateTrace({ trace: analysis.trace, thoughts: analysis.thoughts, steps: analysis.steps, timeline }, replayPolicy(new TrimrPolicy(), analysis.thoughts, analysis.steps))),
		);
		const sh = summaryShares(s);
		console.log(`| ${key} | ${s.traces} | ${s.thinkingTokens} | ${pct(s.oracleSavedTokens / Math.max(1, s.thinkingTokens))} | ${pct(sh.saved)} | ${pct(sh.oracleCaptured)} | ${s.flips} |`);
	}
}

/** A chain of about `tokens` tokens made of real traces back to back (paragraph breaks between them). */
function longChain(traces: readonly TraceRecord[], tokens: number): string {
	const sorted = [...traces].sort((a, b) => b.thinking.length - a.thinking.length);
	const parts: string[] = [];
	let count = 0;
	for (let i = 0; count < tokens; i = (i + 1) % sorted.length) {
		const text = sorted[i]?.thinking ?? '';
		parts.push(text);
		count += estimateTokens(text);
	}
	const joined = parts.join('\n\n');
	// Trim to the token target (the estimate is ~4 characters per token).
	return joined.slice(0, Math.round((joined.length * tokens) / count));
}

/** Wall-clock median and CPU-time minimum (user + system, robust to other processes) of `run`, in ms, over `n` runs after a warm-up. */
async function measure(n: number, run: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
	await run();
	const walls: number[] = [];
	let cpu = Number.POSITIVE_INFINITY;
	for (let i = 0; i < n; i++) {
		const start = performance.now();
		const usage = process.cpuUsage();
		await run();
		const used = process.cpuUsage(usage);
		walls.push(performance.now() - start);
		cpu = Math.min(cpu, (used.user + used.system) / 1000);
	}
	walls.sort((a, b) => a - b);
	return { wall: walls[Math.floor(walls.length / 2)] ?? 0, cpu };
}

/** Streams `text` as a server would: ~4-character chunks, one token each. */
async function streamed(text: string): Promise<void> {
	const analyzer = new ChainAnalyzer();
	for (let i = 0; i < text.length; i += 4) {
		analyzer.push(text.slice(i, i + 4), 1);
	}
	await analyzer.end();
}

/** The whole text at once, token counts from `counter`. */
async function offline(text: string, counter: { count(text: string): number }): Promise<void> {
	const analyzer = new ChainAnalyzer({ segmenter: { tokenCounter: counter } });
	analyzer.push(text);
	await analyzer.end();
}

async function speed(traces: readonly TraceRecord[]): Promise<void> {
	const model = 'Qwen/QwQ-32B';
	await loadTokenCounter(model);
	const tokenizer = tokenCounterFor(model);
	const estimate = { count: estimateTokens };
	console.log(`\nPipeline speed (segmenter → heuristic verifier → labels → TrimR), 7 runs after a warm-up: wall median / CPU minimum`);
	console.log(`\n| chain | characters | streamed: 4-char chunks, server counts | per 1k tokens (CPU) | offline: whole text, estimated counts | offline: whole text, ${tokenizer.description} |\n|---|---:|---:|---:|---:|---:|`);
	for (const factor of [1, 2, 4]) {
		const text = longChain(traces, 32_000 * factor);
		const live = await measure(7, () => streamed(text));
		const off = await measure(7, () => offline(text, estimate));
		const tok = await measure(3, () => offline(text, tokenizer));
		const ms = (m: { wall: number; cpu: number }): string => `${m.wall.toFixed(1)} / ${m.cpu.toFixed(1)} ms`;
		console.log(`| ${32 * factor}k tokens (${factor}×) | ${text.length} | ${ms(live)} | ${(live.cpu / (32 * factor)).toFixed(2)} ms | ${ms(off)} | ${ms(tok)} |`);
	}
}

async function main(): Promise<void> {
	const { traces, source } = loadTraces();
	console.log(`engine benchmark on ${traces.length} traces from ${source}`);
	const started = performance.now();
	const items: Analysed[] = [];
	for (const trace of traces) {
		await loadTokenCounter(trace.model);
		const analysis = await analyzeTrace(trace, { policy: 'none', segmenter: { tokenCounter: tokenCounterFor(trace.model) } });
		items.push({ analysis, timeline: referenceTimeline(analysis.thoughts) });
	}
	console.log(`analysed in ${((performance.now() - started) / 1000).toFixed(1)} s (token counts: the model family's tokenizer where installed, else the estimate)`);
	policyTables(items);
	bySource(items);
	await speed(traces);
}

main().catch((err: unknown) => {
	console.error(err);
	process.exitCode = 1;
});
