// Gateway under load: 200 concurrent streams at 50 tokens/s each (one token per chunk), from the emulator
// (its own process, as a model server is: bench/benchEmulator.ts) through the gateway (its own process,
// as deployed) to 200 raw HTTP clients here.
// Scenarios: direct to the emulator (the baseline), through a bare relay that parses nothing (the floor
// of any Node relay here), through the gateway with every request opted out
// (pure relay), in watch mode (the policy runs on every chunk, nothing is cut) and in act mode (cuts
// and continuations). Figures: errors, and per reasoning chunk the delay from the moment the emulator
// handed it to its socket to the moment the client read it (wall-clock times with sub-millisecond
// resolution, so the two processes compare them), p50/p95/p99; the gateway's added latency is the through-gateway percentile minus the direct
// one, measured under the same load with the same emulator. Also the time to the first reasoning token,
// the gateway's own parse→write histogram, its event-loop lag and CPU (from its /metrics, read after each
// load), its resident memory (from /proc, outside it), and the CPU of the clients, the emulator and the relay. Every
// target first gets a short load right after it starts (printed as its "first load"), then the measured one.
// The bare relay's CPU covers both of its loads.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TraceRecord } from '../src/core/traces/traceRecord';
import type { EmulatorDialect } from '../src/emulator/dialects';
import { startBenchEmulator, wallMs, type BenchEmulator } from './benchEmulator';
import { TimeSeries } from './timeSeries';
import {
	helpersOffOwnCpu,
	onOwnCpu,
	pinLoadGenerator,
	pinningDescription,
	PIN_CPUS,
} from './cpuPinning';
import { gatewayBenchTraces } from './gatewayTraces';
import { GATEWAY_NODE_FLAGS } from '../src/cli/gatewayNodeFlags';

const root = resolve(__dirname, '..');
const STREAMS = Number(process.env.GATEWAY_BENCH_STREAMS ?? 200);
const RATE = 50;
const TTFT_MS = 100;
const MAX_TOKENS = 400;
/**
 * `GATEWAY_BENCH_DECODE_STEP_MS=20`: the emulator emits in lockstep, every stream's chunk of a decode step
 * together, as a server batching all running sequences does (vLLM, SGLang, MindIE); by default each
 * stream keeps its own time, so the streams' chunks arrive spread over the step.
 */
const DECODE_STEP_MS =
	process.env.GATEWAY_BENCH_DECODE_STEP_MS !== undefined
		? Number(process.env.GATEWAY_BENCH_DECODE_STEP_MS)
		: undefined;
/**
 * Tokens per stream of the first load each target gets right after it starts (its figures are printed,
 * as the "first load after start"): a freshly started process runs unoptimised code and opens its
 * connections then, which a gateway in service has long done. The measured load follows it.
 */
const FIRST_LOAD_TOKENS = Number(process.env.GATEWAY_BENCH_FIRST_LOAD_TOKENS ?? 100);
/**
 * `GATEWAY_BENCH_RUNS=N`: the whole benchmark N times over (baselines included, each gateway started
 * anew), then each scenario's p99 added per chunk in every run, its median and how many runs stayed under
 * the target. On a shared machine one run says as much about the hour as about the gateway.
 */
const RUNS = Number(process.env.GATEWAY_BENCH_RUNS ?? 1);
/** The load target: p99 added per reasoning chunk, in ms. */
const TARGET_P99_ADDED_MS = 5;

/** Short chains, plus chains TrimR cuts early (found at start with the offline analysis), so act mode cuts within the run. */
const traces: TraceRecord[] = [];

interface StreamStats {
	readonly ok: boolean;
	readonly error?: string;
	/** Per reasoning chunk: when the client read it (performance.now()). */
	readonly arrivals: TimeSeries;
	/** Request sent → first reasoning chunk read (ms). */
	readonly firstTokenMs: number | undefined;
	readonly cut: boolean;
	readonly tag: string;
}

let emulator: BenchEmulator;
/** The run under way (1-based), for the dump's file names when there are several. */
let currentRun = 1;

/** Whether `text` contains `what` starting inside [start, end). */
function within(text: string, what: string, start: number, end: number): number {
	const at = text.indexOf(what, start);
	return at >= 0 && at < end ? at : -1;
}

/** What the SSE event text[start, end) is, as far as the benchmark cares: no JSON parsing, no copies. */
function eventKind(
	text: string,
	start: number,
	end: number,
): 'done' | 'error' | 'cut' | 'reasoning' | 'other' {
	if (text.startsWith('data: [DONE]', start)) {
		return 'done';
	}
	if (within(text, '"error"', start, end) >= 0) {
		return 'error';
	}
	if (within(text, '"cut":true', start, end) >= 0) {
		return 'cut';
	}
	const key = within(text, '"reasoning', start, end);
	if (key < 0) {
		return 'other';
	}
	// "reasoning":"x… or "reasoning_content":"x… with a non-empty value.
	const after = key + 10 + (text.startsWith('_content', key + 10) ? 8 : 0);
	return text.startsWith('":"', after) && text.charCodeAt(after + 3) !== 34 ? 'reasoning' : 'other';
}

let streamCount = 0;
const loadAgent = new HttpAgent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

/**
 * One raw streamed request, tagged (`user`) so the emulator's write times can be matched to it; reasoning
 * chunks are spotted without parsing JSON, to keep the load side cheap.
 */
async function oneStream(
	baseUrl: string,
	problem: string,
	maxTokens: number | undefined,
	optOut = false,
): Promise<StreamStats> {
	const tag = `bench-${streamCount++}`;
	const started = performance.now();
	const body = JSON.stringify({
		model: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-32B',
		messages: [{ role: 'user', content: problem }],
		stream: true,
		user: tag,
		...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}),
	});
	const failed = (error: string): StreamStats => ({
		ok: false,
		error,
		arrivals: new TimeSeries(),
		firstTokenMs: undefined,
		cut: false,
		tag,
	});
	const arrivals = new TimeSeries();
	let rest = '';
	let done = false;
	let cut = false;
	let error: string | undefined;
	// node:http rather than fetch: reading through web streams cost the load side more CPU than the
	// gateway's own forwarding, and a busy load side delays the read times this benchmark measures.
	const status = await new Promise<string | undefined>((settle) => {
		const url = new URL(`${baseUrl}/chat/completions`);
		const req = httpRequest(
			{
				host: url.hostname,
				port: url.port,
				path: url.pathname,
				method: 'POST',
				agent: loadAgent,
				headers: {
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(body),
					...(optOut ? { 'x-thinktrim': 'off' } : {}),
				},
			},
			(res) => {
				res.setEncoding('utf8');
				if (res.statusCode !== 200) {
					let text = '';
					res.on('data', (t: string) => (text += t));
					res.on('end', () => settle(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
					return;
				}
				// Events are classified where they lie in the piece, without a string per event: the
				// clients' own allocations would add collection pauses to the delays measured.
				res.on('data', (piece: string) => {
					const now = performance.now();
					const text = rest === '' ? piece : rest + piece;
					let start = 0;
					for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n', start)) {
						const kind = eventKind(text, start, end);
						if (kind === 'done') {
							done = true;
						} else if (kind === 'error') {
							error = text.slice(start, Math.min(end, start + 200));
						} else if (kind === 'cut') {
							cut = true;
						} else if (kind === 'reasoning') {
							arrivals.push(now);
						}
						start = end + 2;
					}
					rest = start < text.length ? text.slice(start) : '';
				});
				res.on('end', () => settle(undefined));
				res.on('error', (err) => settle(err.message));
			},
		);
		req.on('error', (err) => settle(err.message));
		req.end(body);
	});
	if (status !== undefined) {
		return failed(status);
	}
	return {
		ok: done && error === undefined,
		error: error ?? (done ? undefined : 'no [DONE]'),
		arrivals,
		firstTokenMs: arrivals.length > 0 ? (arrivals.at(0) ?? 0) - started : undefined,
		cut,
		tag,
	};
}

/** Per reasoning chunk: client read time minus the emulator's write time (ms), matched in order. */
function chunkDelays(stats: StreamStats, written: ReadonlyMap<string, number[]>): number[] {
	const sent = written.get(stats.tag) ?? [];
	const n = Math.min(sent.length, stats.arrivals.length);
	const delays: number[] = [];
	for (let k = 0; k < n; k++) {
		delays.push(wallMs(stats.arrivals.at(k) ?? 0) - (sent[k] ?? 0));
	}
	return delays;
}

/** A process's resident memory now, from /proc (0 where there is none). */
function residentBytes(pid: number): number {
	try {
		const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
		return kib !== undefined ? Number(kib) * 1024 : 0;
	} catch {
		return 0;
	}
}

function percentile(sorted: readonly number[], p: number): number {
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/**
 * The gateway as deployed: the built CLI, built here first so it is the code of the working tree
 * (`GATEWAY_BENCH_FROM_SOURCE=1` runs the sources through tsx instead: the same code, a slower start).
 */
function gatewayEntry(): string[] {
	if (process.env.GATEWAY_BENCH_FROM_SOURCE === '1') {
		return ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts')];
	}
	builtOnce ??=
		spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root }).status === 0;
	if (!builtOnce) {
		throw new Error('npm run build failed; run it to see why');
	}
	return [join(root, 'dist', 'cli.js')];
}
let builtOnce: boolean | undefined;

/**
 * Node flags for the gateway and the bare relay: those the gateway is deployed with, unless
 * GATEWAY_BENCH_NODE_ARGS replaces them (set it empty to run with Node's defaults).
 */
function nodeArgs(): string[] {
	const given = process.env.GATEWAY_BENCH_NODE_ARGS;
	return given !== undefined ? given.split(' ').filter((a) => a !== '') : [...GATEWAY_NODE_FLAGS];
}

async function startGatewayProcess(
	upstream: string,
	mode: string,
): Promise<{ child: ChildProcess; url: string; origin: string }> {
	const child = spawn(
		...onOwnCpu(process.execPath, [
			...nodeArgs(),
			...gatewayEntry(),
			'gateway',
			'--upstream',
			upstream,
			'--port',
			'0',
			'--mode',
			mode,
			'--dialect',
			process.env.GATEWAY_BENCH_DIALECT ?? 'vllm',
		]),
		{
			stdio: [
				'ignore',
				process.env.GATEWAY_BENCH_GATEWAY_STDOUT === '1' ? 'inherit' : 'ignore',
				'pipe',
			],
		},
	);
	const url = await new Promise<string>((resolveUrl, reject) => {
		let text = '';
		child.stderr?.on('data', (b: Buffer) => {
			text += b.toString();
			const m = /gateway at (http:\/\/\S+\/v1)/.exec(text);
			if (m?.[1] !== undefined) {
				resolveUrl(m[1]);
			}
		});
		child.once('exit', (code) => reject(new Error(`the gateway exited (${code}): ${text}`)));
	});
	return { child, url, origin: url.replace(/\/v1$/, '') };
}

/** The gateway's CPU counters when last read, per gateway. */
const cpuSeen = new Map<string, { cpu: number; user: number }>();

async function metricsOf(origin: string): Promise<string> {
	return (await fetch(`${origin}/metrics`)).text();
}

function sample(text: string, name: string): number {
	const line = text.split('\n').find((l) => l.startsWith(`${name} `));
	return line !== undefined ? Number(line.slice(name.length + 1)) : Number.NaN;
}

/** The histogram's p-quantile as the upper bound of the bucket it falls in (seconds → ms). */
function histogramQuantile(
	text: string,
	name: string,
	q: number,
): { boundMs: number; count: number } {
	const buckets = text
		.split('\n')
		.filter((l) => l.startsWith(`${name}_bucket{`))
		.map((l) => ({
			le: l.includes('le="+Inf"') ? Number.POSITIVE_INFINITY : Number(/le="([^"]+)"/.exec(l)?.[1]),
			count: Number(l.slice(l.lastIndexOf(' ') + 1)),
		}));
	const total = buckets.at(-1)?.count ?? 0;
	const hit = buckets.find((b) => b.count >= q * total);
	return { boundMs: (hit?.le ?? Number.NaN) * 1000, count: total };
}

interface Percentiles {
	readonly p50: number;
	readonly p95: number;
	readonly p99: number;
	readonly max: number;
}

function percentiles(values: readonly number[]): Percentiles {
	const sorted = [...values].sort((a, b) => a - b);
	return {
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		p99: percentile(sorted, 99),
		max: sorted.at(-1) ?? Number.NaN,
	};
}

const ms = (p: Percentiles): string =>
	`p50 ${p.p50.toFixed(2)} / p95 ${p.p95.toFixed(2)} / p99 ${p.p99.toFixed(2)} ms (max ${p.max.toFixed(1)})`;
const added = (p: Percentiles, base: Percentiles): string =>
	`p50 ${(p.p50 - base.p50).toFixed(2)} / p95 ${(p.p95 - base.p95).toFixed(2)} / p99 ${(p.p99 - base.p99).toFixed(2)} ms`;

interface ScenarioFigures {
	readonly chunk: Percentiles;
	readonly firstToken: Percentiles;
	readonly errors: number;
	/** The gateway's CPU seconds over this load (its /metrics), when a gateway served it. */
	readonly gatewayCpuS?: number;
}

/** The baselines: direct to the emulator, for the first load and for the measured one. */
interface DirectFigures {
	readonly firstLoad: ScenarioFigures;
	readonly measured: ScenarioFigures;
	/** Whole chains (no max_tokens), the load act mode puts on the emulator and the clients. */
	readonly wholeChains?: ScenarioFigures;
}

async function scenario(
	name: string,
	baseUrl: string,
	maxTokens: number | undefined,
	base?: ScenarioFigures,
	gatewayOrigin?: string,
	optOut = false,
	gatewayPid?: number,
): Promise<ScenarioFigures> {
	let peakRss = 0;
	// Resident memory is read from /proc, outside the gateway: scraping its /metrics twice a second
	// would put work on the event loop being measured (a real Prometheus scrapes every 15–60 s).
	const poll =
		gatewayPid !== undefined
			? setInterval(() => {
					peakRss = Math.max(peakRss, residentBytes(gatewayPid));
				}, 250)
			: undefined;
	await emulator.take();
	const t0 = performance.now();
	const cpu0 = process.cpuUsage();
	// Start the streams over 1 s, as real traffic arrives, not in one burst.
	const results = await Promise.all(
		Array.from({ length: STREAMS }, async (_, i) => {
			await new Promise((r) => setTimeout(r, (i * 1000) / STREAMS));
			return oneStream(baseUrl, traces[i % traces.length]?.problem ?? '', maxTokens, optOut);
		}),
	);
	clearInterval(poll);
	const wallS = (performance.now() - t0) / 1000;
	const loadCpu = process.cpuUsage(cpu0);
	const emulated = await emulator.take();
	const errors = results.filter((r) => !r.ok);
	const delays = results.flatMap((r) => chunkDelays(r, emulated.written));
	if (process.env.GATEWAY_BENCH_DUMP !== undefined) {
		const rows = results.flatMap((r) => {
			const sent = emulated.written.get(r.tag) ?? [];
			return chunkDelays(r, emulated.written).map((d, k) => `${r.tag}\t${r.cut}\t${sent[k]}\t${d}`);
		});
		writeFileSync(
			`${process.env.GATEWAY_BENCH_DUMP}${RUNS > 1 ? `-run${currentRun}` : ''}-${name.replace(/\W+/g, '_')}.tsv`,
			rows.join('\n'),
		);
	}
	const timed = {
		chunk: percentiles(delays),
		firstToken: percentiles(
			results.flatMap((r) => (r.firstTokenMs !== undefined ? [r.firstTokenMs] : [])),
		),
	};
	let figures: ScenarioFigures = { ...timed, errors: errors.length };
	const cuts = results.filter((r) => r.cut).length;
	console.log(
		`  ${name.padEnd(40)} ${STREAMS} streams, ${delays.length} reasoning chunks timed in ${wallS.toFixed(1)} s (CPU: clients ${((loadCpu.user + loadCpu.system) / 1e6).toFixed(1)} s, emulator ${emulated.cpuS.toFixed(1)} s): errors ${errors.length}${gatewayOrigin !== undefined && maxTokens === undefined ? `, cuts ${cuts}` : ''}`,
	);
	if (errors.length > 0) {
		console.log(`    first error: ${errors[0]?.error ?? ''}`);
	}
	console.log(`    emulator write → client read, per chunk: ${ms(figures.chunk)}`);
	console.log(`    request → first reasoning token:         ${ms(figures.firstToken)}`);
	if (base !== undefined) {
		console.log(`    added by the gateway per chunk:          ${added(timed.chunk, base.chunk)}`);
		console.log(
			`    added by the gateway to the first token: ${added(timed.firstToken, base.firstToken)}`,
		);
	}
	if (gatewayOrigin !== undefined) {
		const text = await metricsOf(gatewayOrigin);
		const own = histogramQuantile(text, 'thinktrim_chunk_added_latency_seconds', 0.99);
		const rss = sample(text, 'thinktrim_process_resident_memory_bytes');
		const lag = sample(text, 'thinktrim_nodejs_eventloop_lag_p99_seconds') * 1000;
		// The process's counters run from its start: this load's share is the difference.
		const before = cpuSeen.get(gatewayOrigin) ?? { cpu: 0, user: 0 };
		const now = {
			cpu: sample(text, 'thinktrim_process_cpu_seconds_total'),
			user: sample(text, 'thinktrim_process_cpu_user_seconds_total'),
		};
		cpuSeen.set(gatewayOrigin, now);
		figures = { ...figures, gatewayCpuS: now.cpu - before.cpu };
		console.log(
			`    gateway: parse→write p99 ≤ ${own.boundMs} ms over ${own.count} chunks since start; event-loop lag p99 ${lag.toFixed(1)} ms; CPU ${(now.cpu - before.cpu).toFixed(1)} s (user ${(now.user - before.user).toFixed(1)} s); resident memory peak ${(peakRss / 2 ** 20).toFixed(0)} MiB, after ${(rss / 2 ** 20).toFixed(0)} MiB`,
		);
	}
	return figures;
}

/**
 * The same load through bench/bareRelay.ts, a relay that parses nothing: what any Node process forwarding
 * these chunks adds on this machine, to read the gateway's figures against.
 */
async function relayScenario(upstream: string, direct: DirectFigures): Promise<ScenarioFigures> {
	const child = spawn(
		...onOwnCpu(process.execPath, [
			...nodeArgs(),
			'--import',
			'tsx',
			join(root, 'bench', 'bareRelay.ts'),
			upstream.replace(/\/v1$/, ''),
		]),
		{ stdio: ['ignore', 'ignore', 'pipe'] },
	);
	let text = '';
	const url = await new Promise<string>((resolveUrl, reject) => {
		child.stderr?.on('data', (b: Buffer) => {
			text += b.toString();
			const m = /relay at (http:\/\/\S+\/v1)/.exec(text);
			if (m?.[1] !== undefined) {
				resolveUrl(m[1]);
			}
		});
		child.once('exit', (code) => reject(new Error(`the relay exited (${code}): ${text}`)));
	});
	try {
		helpersOffOwnCpu(child.pid);
		await oneStream(url, traces[0]?.problem ?? '', 8);
		await scenario('bare relay, first load', url, FIRST_LOAD_TOKENS, direct.firstLoad);
		helpersOffOwnCpu(child.pid);
		return await scenario('bare relay (no parsing)', url, MAX_TOKENS, direct.measured);
	} finally {
		const exited = new Promise((r) => child.once('exit', r));
		child.kill('SIGTERM');
		await exited;
		console.log(
			`    ${/relay CPU [\d.]+ s( \(user [\d.]+ s\))?/.exec(text)?.[0] ?? 'relay CPU unknown'}`,
		);
	}
}

/** One run's figures per scenario: p99 added per reasoning chunk (ms), errors, the gateway's CPU. */
type RunFigures = Map<
	string,
	{ readonly p99Added: number; readonly errors: number; readonly cpuS?: number }
>;

/** Every scenario once: the direct baselines, then the relay and each gateway mode against them. */
async function oneRun(): Promise<RunFigures> {
	const figures: RunFigures = new Map();
	const record = (name: string, through: ScenarioFigures, base: ScenarioFigures): void => {
		figures.set(name, {
			p99Added: through.chunk.p99 - base.chunk.p99,
			errors: through.errors,
			cpuS: through.gatewayCpuS,
		});
	};
	const modes = (process.env.GATEWAY_BENCH_MODES ?? 'relay,off,watch,act').split(',');
	const direct: DirectFigures = {
		firstLoad: await scenario('direct, first load', emulator.url, FIRST_LOAD_TOKENS),
		measured: await scenario('direct to emulator', emulator.url, MAX_TOKENS),
		// Act mode runs whole chains (a cut needs them): its added latency is read against the same.
		wholeChains: modes.includes('act')
			? await scenario('direct, whole chains', emulator.url, undefined)
			: undefined,
	};
	if (modes.includes('relay')) {
		record('bare relay', await relayScenario(emulator.url, direct), direct.measured);
	}
	for (const mode of modes.filter((m) => m !== 'relay')) {
		// `off`: every request opts out (x-thinktrim: off), so the gateway only relays bytes: its floor.
		const gateway = await startGatewayProcess(emulator.url, mode === 'off' ? 'act' : mode);
		try {
			helpersOffOwnCpu(gateway.child.pid);
			// One request first, so discovery is not part of the figures.
			await oneStream(gateway.url, traces[0]?.problem ?? '', 8);
			await scenario(
				`gateway (${mode}), first load after start`,
				gateway.url,
				FIRST_LOAD_TOKENS,
				direct.firstLoad,
				gateway.origin,
				mode === 'off',
				gateway.child.pid,
			);
			helpersOffOwnCpu(gateway.child.pid);
			const base = mode === 'act' ? (direct.wholeChains ?? direct.measured) : direct.measured;
			const through = await scenario(
				`through gateway (${mode})`,
				gateway.url,
				mode === 'act' ? undefined : MAX_TOKENS,
				base,
				gateway.origin,
				mode === 'off',
				gateway.child.pid,
			);
			record(`gateway (${mode})`, through, base);
		} finally {
			gateway.child.kill('SIGTERM');
			// A later run's gateway may be given the same port: its counters start from zero again.
			cpuSeen.delete(gateway.origin);
		}
	}
	return figures;
}

/** Each scenario's p99 added per chunk over the runs, its median, and the runs under the target. */
function printSummary(runs: readonly RunFigures[]): void {
	console.log(`\n  ${runs.length} runs: p99 added per reasoning chunk (ms), run by run`);
	for (const name of runs[0]?.keys() ?? []) {
		const rows = runs.flatMap((r) => {
			const row = r.get(name);
			return row !== undefined ? [row] : [];
		});
		const p99s = rows.map((r) => r.p99Added);
		const under = p99s.filter((v) => v < TARGET_P99_ADDED_MS).length;
		const errors = rows.reduce((sum, r) => sum + r.errors, 0);
		console.log(
			`    ${name.padEnd(16)} ${p99s.map((v) => v.toFixed(2)).join(' / ')}; median ${median(p99s).toFixed(2)}; ` +
				`${under} of ${p99s.length} under ${TARGET_P99_ADDED_MS} ms; errors ${errors}`,
		);
	}
	const actCpu = runs.flatMap((r) => {
		const cpu = r.get('gateway (act)')?.cpuS;
		return cpu !== undefined ? [cpu] : [];
	});
	if (actCpu.length > 0) {
		// The same work in every run: its CPU says how fast the machine ran in each.
		console.log(
			`    gateway CPU over the act load (s): ${actCpu.map((v) => v.toFixed(1)).join(' / ')}; median ${median(actCpu).toFixed(1)}`,
		);
	}
}

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1
		? (sorted[mid] ?? Number.NaN)
		: ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
}

async function main(): Promise<void> {
	if (!Number.isInteger(RUNS) || RUNS < 1) {
		throw new Error(
			`GATEWAY_BENCH_RUNS must be a whole number of runs ≥ 1, got ${process.env.GATEWAY_BENCH_RUNS}`,
		);
	}
	pinLoadGenerator();
	traces.push(...(await gatewayBenchTraces()));
	if (PIN_CPUS) {
		console.log(`  ${pinningDescription()}`);
	}
	console.log(
		`  ${traces.length} bundled traces; ${STREAMS} concurrent streams at ${RATE} tokens/s, 1 token per chunk, first token ${TTFT_MS} ms`,
	);
	console.log(
		DECODE_STEP_MS !== undefined
			? `  lockstep: every stream's chunks leave together on decode steps of ${DECODE_STEP_MS} ms`
			: "  each stream keeps its own time: the streams' chunks arrive spread over the step",
	);
	emulator = await startBenchEmulator({
		traces,
		dialect: (process.env.GATEWAY_BENCH_DIALECT ?? 'vllm') as EmulatorDialect,
		ttftMs: TTFT_MS,
		tokensPerSecond: RATE,
		decodeStepMs: DECODE_STEP_MS,
	});
	console.log(`  the emulator runs in ${emulator.where}`);
	console.log(
		`  node flags of the gateway and the relay: ${nodeArgs().join(' ') || "node's defaults"}`,
	);
	try {
		// Warm the emulator and the clients first, so the baseline is not the coldest run.
		await oneStream(emulator.url, traces[0]?.problem ?? '', 8);
		const runs: RunFigures[] = [];
		for (let run = 1; run <= RUNS; run++) {
			currentRun = run;
			if (RUNS > 1) {
				console.log(`\n  run ${run} of ${RUNS}, ${new Date().toISOString().slice(11, 19)} UTC`);
			}
			runs.push(await oneRun());
		}
		if (RUNS > 1) {
			printSummary(runs);
		}
	} finally {
		await emulator.close();
	}
}

main().catch((err: unknown) => {
	console.error(err);
	process.exitCode = 1;
});
