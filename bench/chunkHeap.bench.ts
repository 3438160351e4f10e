// What the gateway's heap does per relayed chunk, from V8's own garbage-collection trace: the same load as
// the gateway benchmark (200 streams at 50 tokens/s, one token per chunk, from the emulator in this
// process), through the built gateway in its own process started with `--trace-gc-nvp`. Per reasoning
// chunk of the measured load: bytes allocated, bytes that survived a young-generation collection (copied
// within it or promoted out of it: what makes a collection long), and the collections with their pauses.
// Unlike the latency figures these barely depend on how busy the machine is.
// `CHUNK_HEAP_MODES=off,watch,act` (the default) picks the scenarios, `CHUNK_HEAP_STREAMS` the streams,
// `CHUNK_HEAP_NODE_ARGS` passes node flags to the gateway.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { TraceRecord } from '../src/core/traces/traceRecord';
import { startEmulator } from '../src/emulator/server';
import { gatewayBenchTraces } from './gatewayTraces';

const root = resolve(__dirname, '..');
const STREAMS = Number(process.env.CHUNK_HEAP_STREAMS ?? 200);
const MAX_TOKENS = 400;
const FIRST_LOAD_TOKENS = 100;

/** One collection as `--trace-gc-nvp` prints it. */
interface Collection {
	readonly young: boolean;
	readonly pauseMs: number;
	readonly allocated: number;
	/** Young objects a scavenge kept: copied within the young generation, or promoted out of it. */
	readonly copied: number;
	readonly promoted: number;
}

/** Parses a `--trace-gc-nvp` line (`… pause=1.2 … gc=s … allocated=N promoted=N new_space_survived=N …`). */
export function parseCollection(line: string): Collection | undefined {
	const field = (name: string): number | undefined => {
		const m = new RegExp(`\\b${name}=([\\d.]+)`).exec(line);
		return m?.[1] !== undefined ? Number(m[1]) : undefined;
	};
	const kind = /\bgc=(\w+)/.exec(line)?.[1];
	const pauseMs = field('pause');
	if (kind === undefined || pauseMs === undefined) {
		return undefined;
	}
	const young = kind === 's';
	return {
		young,
		pauseMs,
		allocated: field('allocated') ?? 0,
		copied: young ? (field('new_space_survived') ?? 0) : 0,
		promoted: young ? (field('promoted') ?? 0) : 0,
	};
}

const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });

/** One streamed request; resolves with the reasoning chunks the client read. */
function oneStream(
	baseUrl: string,
	problem: string,
	maxTokens: number | undefined,
	optOut: boolean,
): Promise<number> {
	const body = JSON.stringify({
		model: 'deepseek-ai/DeepSeek-R1-Distill-Qwen-32B',
		messages: [{ role: 'user', content: problem }],
		stream: true,
		...(maxTokens !== undefined ? { max_tokens: maxTokens } : {}),
	});
	const url = new URL(`${baseUrl}/chat/completions`);
	return new Promise((settle, fail) => {
		const req = request(
			{
				host: url.hostname,
				port: url.port,
				path: url.pathname,
				method: 'POST',
				agent,
				headers: {
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(body),
					...(optOut ? { 'x-thinktrim': 'off' } : {}),
				},
			},
			(res) => {
				res.setEncoding('utf8');
				let rest = '';
				let chunks = 0;
				res.on('data', (text: string) => {
					const events = (rest + text).split('\n\n');
					rest = events.pop() ?? '';
					chunks += events.filter((e) => /"reasoning(_content)?":"[^"]/.test(e)).length;
				});
				res.on('end', () =>
					res.statusCode === 200 ? settle(chunks) : fail(new Error(`HTTP ${res.statusCode}`)),
				);
				res.on('error', fail);
			},
		);
		req.on('error', fail);
		req.end(body);
	});
}

/** STREAMS requests started over one second, as real traffic arrives; the reasoning chunks read. */
async function load(
	baseUrl: string,
	traces: readonly TraceRecord[],
	maxTokens: number | undefined,
	optOut: boolean,
): Promise<number> {
	const counts = await Promise.all(
		Array.from({ length: STREAMS }, async (_, i) => {
			await new Promise((r) => setTimeout(r, (i * 1000) / STREAMS));
			return oneStream(baseUrl, traces[i % traces.length]?.problem ?? '', maxTokens, optOut);
		}),
	);
	return counts.reduce((a, b) => a + b, 0);
}

async function startGateway(
	upstream: string,
	mode: string,
): Promise<{
	child: ChildProcess;
	url: string;
	collections: Collection[];
	mark(): Promise<number>;
}> {
	if (spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root }).status !== 0) {
		throw new Error('npm run build failed; run it to see why');
	}
	const child = spawn(
		process.execPath,
		[
			'--trace-gc-nvp',
			// A full collection on SIGUSR2 marks the start and the end of the measured load exactly.
			'--expose-gc',
			'--import',
			'data:text/javascript,process.on("SIGUSR2",()=>globalThis.gc())',
			...(process.env.CHUNK_HEAP_NODE_ARGS?.split(' ').filter((a) => a !== '') ?? []),
			join(root, 'dist', 'cli.js'),
			'gateway',
			'--upstream',
			upstream,
			'--port',
			'0',
			'--mode',
			mode,
			'--dialect',
			'vllm',
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const collections: Collection[] = [];
	let marked: (() => void) | undefined;
	createInterface({ input: child.stdout }).on('line', (line) => {
		const c = parseCollection(line);
		if (c !== undefined) {
			collections.push(c);
			if (!c.young) {
				marked?.();
			}
		}
	});
	/** Forces a full collection; resolves with the number of collections up to and including it. */
	const mark = (): Promise<number> =>
		new Promise((resolveMark) => {
			marked = () => {
				marked = undefined;
				resolveMark(collections.length);
			};
			child.kill('SIGUSR2');
		});
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
	return { child, url, collections, mark };
}

function report(mode: string, chunks: number, counted: readonly Collection[]): void {
	const window = counted.slice(0, -1);
	const allocated = counted.reduce((a, c) => a + c.allocated, 0);
	const young = window.filter((c) => c.young);
	const pauses = young.map((c) => c.pauseMs).sort((a, b) => a - b);
	const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
	const perChunk = (bytes: number): string => `${((bytes / chunks) | 0).toLocaleString('en')} B`;
	console.log(
		`  ${mode.padEnd(6)} ${chunks} reasoning chunks: allocated ${perChunk(allocated)} per chunk; ` +
			`survived a scavenge ${perChunk(sum(young.map((c) => c.copied + c.promoted)))} per chunk ` +
			`(promoted ${perChunk(sum(young.map((c) => c.promoted)))}); ` +
			`${young.length} scavenges (${((young.length * 10000) / chunks).toFixed(1)} per 10,000 chunks), ` +
			`pause total ${sum(pauses).toFixed(0)} ms, median ${(pauses[pauses.length >> 1] ?? 0).toFixed(1)}, ` +
			`max ${(pauses.at(-1) ?? 0).toFixed(1)} ms; ${window.length - young.length} full collections ` +
			`(${sum(window.filter((c) => !c.young).map((c) => c.pauseMs)).toFixed(0)} ms)`,
	);
}

async function main(): Promise<void> {
	const traces = await gatewayBenchTraces();
	const emulator = await startEmulator({
		traces,
		dialect: 'vllm',
		ttftMs: 100,
		tokensPerSecond: 50,
		tokensPerChunk: 1,
		jitter: 0,
	});
	console.log(
		`  ${STREAMS} concurrent streams at 50 tokens/s, 1 token per chunk; per chunk of the measured load ` +
			`(between two forced full collections)`,
	);
	try {
		for (const mode of (process.env.CHUNK_HEAP_MODES ?? 'off,watch,act').split(',')) {
			// `off`: act mode with every request opted out (x-thinktrim: off): the gateway only relays bytes.
			const optOut = mode === 'off';
			const gateway = await startGateway(emulator.url, optOut ? 'act' : mode);
			try {
				await load(gateway.url, traces, FIRST_LOAD_TOKENS, optOut);
				const from = await gateway.mark();
				const tokens = mode === 'act' ? undefined : MAX_TOKENS;
				const chunks = await load(gateway.url, traces, tokens, optOut);
				// Everything allocated during the load is counted by the collections after the first mark
				// up to the second; the two forced ones are not counted as pauses.
				const to = await gateway.mark();
				report(mode, chunks, gateway.collections.slice(from, to));
			} finally {
				gateway.child.kill('SIGTERM');
			}
		}
	} finally {
		await emulator.close();
	}
}

main().catch((err: unknown) => {
	console.error(err);
	process.exitCode = 1;
});
