// The engine on real traces, per half of the problem-level split (defaults tuned on `train`, figures
// reported on `dev`) and per length bucket: each policy's defaults against the oracle (share of
// thinking saved, share of the oracle's savings, flip rate), TrimR's front against the baselines' at
// every flip rate ≤ 2 % of `analyze --sweep all`, per source, what a sweep costs against one policy,
// and pipeline speed (a 32k-token chain end to end; 1×, 2×, 4× lengths must grow linearly).
// Traces: THINKTRIM_TRACES_DIR or `node --import tsx bench/engine.bench.ts DIR`, default
// ../shared/data/traces; when absent the bundled samples are used and the run says so.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
	makeVariant,
	TRIMMING_POLICIES,
	type PolicyVariant,
} from '../src/core/dataset/policyVariants';
import { analyzeTrace, type TraceAnalysis } from '../src/core/engine/analyzeTrace';
import { ChainAnalyzer } from '../src/core/engine/chainAnalyzer';
import { referenceTimeline, type TimelineAnswer } from '../src/core/evaluation/answerTimeline';
import {
	bestSavedAt,
	pointShares,
	SweepAccumulator,
	sweepVariants,
	type SweepPoint,
} from '../src/core/evaluation/sweep';
import {
	LENGTH_BUCKETS,
	lengthBucketOf,
	splitOfProblem,
	TRACE_SPLITS,
	type LengthBucket,
	type TraceSplit,
} from '../src/core/evaluation/traceSplit';
import { estimateTokens } from '../src/core/thoughts/thought';
import { loadTokenCounter, tokenCounterFor } from '../src/core/tokens/tokenCounter';
import { parseTraceJsonl, type TraceRecord } from '../src/core/traces/traceRecord';

const root = resolve(__dirname, '..');
const dir =
	process.argv[2] ??
	process.env.THINKTRIM_TRACES_DIR ??
	join(root, '..', 'shared', 'data', 'traces');

function loadTraces(): { traces: TraceRecord[]; source: string } {
	const files = existsSync(dir)
		? readdirSync(dir)
				.filter((f) => f.endsWith('.jsonl'))
				.sort()
				.map((f) => join(dir, f))
		: [];
	if (files.length === 0) {
		console.log(`skipped the shared traces: none in ${dir}; running on the bundled samples`);
		const file = join(root, 'media', 'traces', 'samples.jsonl');
		return {
			traces: parseTraceJsonl(readFileSync(file, 'utf8'), file).records,
			source: 'bundled samples',
		};
	}
	// The repository's own long traces (test/data) join the shared ones: the 8k-plus bucket needs them.
	const long = join(root, 'test', 'data', 'long-traces.jsonl');
	return {
		traces: [...files, long].flatMap(
			(file) => parseTraceJsonl(readFileSync(file, 'utf8'), file).records,
		),
		source: `${dir} and test/data/long-traces.jsonl`,
	};
}

interface Analysed {
	readonly analysis: TraceAnalysis;
	readonly timeline: TimelineAnswer[];
	readonly split: TraceSplit;
	readonly bucket: LengthBucket;
}

const pct = (x: number, digits = 1): string => `${(x * 100).toFixed(digits)} %`;

/** The defaults of every policy, as `thinktrim analyze --policy P` runs them. */
const DEFAULTS: readonly PolicyVariant[] = TRIMMING_POLICIES.map((p) => makeVariant(p));

function sweepOf(items: readonly Analysed[], variants: readonly PolicyVariant[]): SweepPoint[] {
	const sweep = new SweepAccumulator(variants);
	for (const { analysis, timeline } of items) {
		sweep.add({
			trace: analysis.trace,
			thoughts: analysis.thoughts,
			steps: analysis.steps,
			timeline,
		});
	}
	return sweep.points();
}

function row(label: string, p: SweepPoint): string {
	const s = pointShares(p);
	return `| ${label} | ${p.cuts} | ${pct(s.saved)} | ${pct(s.captured)} | ${pct(s.flipRate, 2)} (${p.flips}) |`;
}

/** Defaults per policy, the oracle and the first-statement share, for one split and bucket. */
function defaultsTable(title: string, items: readonly Analysed[]): void {
	const points = sweepOf(items, DEFAULTS);
	const first = points[0];
	if (first === undefined || first.traces === 0) {
		console.log(`\n${title}: no traces`);
		return;
	}
	const after = items.reduce((sum, { analysis }) => sum + analysis.evaluation.afterFirstFinal, 0);
	console.log(
		`\n${title}: ${first.traces} traces, ${first.thinkingTokens} thinking tokens; oracle ${pct(first.oracleSavedTokens / first.thinkingTokens)}, the first statement of the final answer leaves ${pct(after / first.thinkingTokens)} after it\n`,
	);
	console.log(
		'| policy (defaults) | cuts | thinking saved | of the oracle | flips |\n|---|---:|---:|---:|---:|',
	);
	for (const p of points) {
		console.log(row(p.variant.description, p));
	}
}

/** At every flip rate ≤ 2 % found on the grid: TrimR's best saving against the best of the baselines. */
function frontCheck(title: string, items: readonly Analysed[]): void {
	const points = sweepOf(items, sweepVariants('all'));
	const baselines = points.filter(
		(p) =>
			p.variant.policy === 'deer' ||
			p.variant.policy === 'dynasor' ||
			p.variant.policy === 'budget',
	);
	const trimr = points.filter((p) => p.variant.policy === 'trimr');
	const levels = [...new Set(points.map((p) => pointShares(p).flipRate))]
		.filter((f) => f <= 0.02)
		.sort((a, b) => a - b);
	console.log(
		`\n${title}: TrimR's front against the baselines' at every flip rate ≤ 2 % on the grid (best saved share within the rate)\n`,
	);
	console.log('| flip rate ≤ | TrimR | best baseline | TrimR ahead |\n|---:|---:|---:|:---:|');
	for (const f of levels) {
		const t = bestSavedAt(trimr, f);
		const b = bestSavedAt(baselines, f);
		console.log(`| ${pct(f, 2)} | ${pct(t)} | ${pct(b)} | ${t > b ? 'yes' : 'no'} |`);
	}
}

function bySource(items: readonly Analysed[]): void {
	console.log(
		'\nTrimR defaults by source (dev half)\n\n| source | traces | thinking tokens | oracle saves | TrimR saves | captured | flips |\n|---|---:|---:|---:|---:|---:|---:|',
	);
	const groups = new Map<string, Analysed[]>();
	for (const item of items.filter((i) => i.split === 'dev')) {
		const key = item.analysis.trace.id.replace(/-\d+(?:-.*)?$/, '');
		groups.set(key, [...(groups.get(key) ?? []), item]);
	}
	for (const [key, group] of groups) {
		const [p] = sweepOf(group, [makeVariant('trimr')]);
		if (p !== undefined) {
			const s = pointShares(p);
			console.log(
				`| ${key} | ${p.traces} | ${p.thinkingTokens} | ${pct(p.oracleSavedTokens / Math.max(1, p.thinkingTokens))} | ${pct(s.saved)} | ${pct(s.captured)} | ${p.flips} |`,
			);
		}
	}
}

/** What a sweep costs against one policy: the analysis is shared, every setting replays its verdicts. */
async function sweepCost(traces: readonly TraceRecord[]): Promise<void> {
	const variants = sweepVariants('all');
	const once = async (sweep: boolean): Promise<void> => {
		const acc = new SweepAccumulator(sweep ? variants : [makeVariant('trimr')]);
		for (const trace of traces) {
			const analysis = await analyzeTrace(trace, {
				policy: 'none',
				segmenter: { tokenCounter: tokenCounterFor(trace.model) },
			});
			acc.add({
				trace,
				thoughts: analysis.thoughts,
				steps: analysis.steps,
				timeline: referenceTimeline(analysis.thoughts, trace.problem),
			});
		}
	};
	const single = await measure(3, () => once(false));
	const all = await measure(3, () => once(true));
	console.log(
		`\nSweep cost on ${traces.length} traces: one policy ${single.cpu.toFixed(0)} ms CPU, all ${variants.length} settings ${all.cpu.toFixed(0)} ms CPU (${(all.cpu / single.cpu).toFixed(2)}×)`,
	);
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
async function measure(
	n: number,
	run: () => Promise<unknown>,
): Promise<{ wall: number; cpu: number }> {
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
	console.log(
		`\nPipeline speed (segmenter → heuristic verifier → labels → TrimR), 7 runs after a warm-up: wall median / CPU minimum`,
	);
	console.log(
		`\n| chain | characters | streamed: 4-char chunks, server counts | per 1k tokens (CPU) | offline: whole text, estimated counts | offline: whole text, ${tokenizer.description} |\n|---|---:|---:|---:|---:|---:|`,
	);
	for (const factor of [1, 2, 4]) {
		const text = longChain(traces, 32_000 * factor);
		const live = await measure(7, () => streamed(text));
		const off = await measure(7, () => offline(text, estimate));
		const tok = await measure(3, () => offline(text, tokenizer));
		const ms = (m: { wall: number; cpu: number }): string =>
			`${m.wall.toFixed(1)} / ${m.cpu.toFixed(1)} ms`;
		console.log(
			`| ${32 * factor}k tokens (${factor}×) | ${text.length} | ${ms(live)} | ${(live.cpu / (32 * factor)).toFixed(2)} ms | ${ms(off)} | ${ms(tok)} |`,
		);
	}
}

async function main(): Promise<void> {
	const { traces, source } = loadTraces();
	console.log(`engine benchmark on ${traces.length} traces from ${source}`);
	const started = performance.now();
	const items: Analysed[] = [];
	for (const trace of traces) {
		await loadTokenCounter(trace.model);
		const analysis = await analyzeTrace(trace, {
			policy: 'none',
			segmenter: { tokenCounter: tokenCounterFor(trace.model) },
		});
		items.push({
			analysis,
			timeline: referenceTimeline(analysis.thoughts, trace.problem),
			split: splitOfProblem(trace.problem),
			bucket: lengthBucketOf(analysis.thinkingTokens),
		});
	}
	console.log(
		`analysed in ${((performance.now() - started) / 1000).toFixed(1)} s (token counts: the model family's tokenizer where installed, else the estimate)`,
	);
	for (const split of TRACE_SPLITS) {
		defaultsTable(
			`${split} half, all lengths`,
			items.filter((i) => i.split === split),
		);
		for (const bucket of LENGTH_BUCKETS) {
			defaultsTable(
				`${split} half, ${bucket}`,
				items.filter((i) => i.split === split && i.bucket === bucket),
			);
		}
	}
	frontCheck(
		'dev half, all lengths',
		items.filter((i) => i.split === 'dev'),
	);
	frontCheck(
		'dev half, under-2k',
		items.filter((i) => i.split === 'dev' && i.bucket === 'under-2k'),
	);
	bySource(items);
	await sweepCost(traces);
	await speed(traces);
}

main().catch((err: unknown) => {
	console.error(err);
	process.exitCode = 1;
});
