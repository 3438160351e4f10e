// Stream client: (1) the client's own cost per chunk, without network (delta reading, inline splitting,
// accumulation); (2) a 32k-token chain replayed by the emulator at full speed over HTTP on 127.0.0.1,
// read raw (fetch + text) and through the full client (openai SDK SSE parsing + ours), per dialect;
// the difference is the client's overhead per streamed chunk. Bundled samples only (no data needed).
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { ReasoningClient } from '../src/core/stream/reasoningClient';
import { chatChunkParts } from '../src/core/stream/chatWire';
import { StreamAccumulator } from '../src/core/stream/streamAccumulator';
import { collectStream } from '../src/core/stream/streamEvents';
import { parseTraceJsonl, type TraceRecord } from '../src/core/traces/traceRecord';
import type { EmulatorDialect } from '../src/emulator/dialects';
import { startEmulator } from '../src/emulator/server';
import { tokenPieces } from '../src/emulator/tokenizer';

const root = resolve(__dirname, '..');
const samples = parseTraceJsonl(
	readFileSync(join(root, 'media', 'traces', 'samples.jsonl'), 'utf8'),
	'samples',
).records;

/** A ≥ 32k-token chain (emulator tokens) made of sample thinking texts, ending with a real answer. */
function longTrace(): TraceRecord {
	const parts: string[] = [];
	let tokens = 0;
	for (const t of [...samples].sort((a, b) => b.thinking.length - a.thinking.length)) {
		if (tokens >= 32_768) {
			break;
		}
		parts.push(t.thinking);
		tokens += tokenPieces(t.thinking).length;
	}
	return {
		id: 'bench-32k',
		problem: 'Benchmark: a 32k-token chain.',
		thinking: parts.join('\n\nWait, let me redo this.\n\n'),
		final: samples[0]?.final ?? 'The answer is 42.',
	};
}

function pureClientCost(trace: TraceRecord): void {
	const pieces = tokenPieces(trace.thinking);
	const parser = pieces.map((p) => ({
		id: 'c',
		object: 'chat.completion.chunk',
		created: 0,
		model: 'm',
		choices: [{ index: 0, delta: { reasoning: p }, finish_reason: null }],
	}));
	const inline = [...pieces, '</think>', '\n\n', 'Done.'].map((p) => ({
		id: 'c',
		object: 'chat.completion.chunk',
		created: 0,
		model: 'm',
		choices: [{ index: 0, delta: { content: p }, finish_reason: null }],
	}));
	// Calibration: JSON.parse of each chunk's text is the floor of any SSE client (the SDK does it too).
	const texts = parser.map((c) => JSON.stringify(c));
	const parseRuns: number[] = [];
	for (let r = 0; r < 7; r++) {
		const t0 = performance.now();
		for (const t of texts) {
			JSON.parse(t);
		}
		parseRuns.push(performance.now() - t0);
	}
	parseRuns.sort((a, b) => a - b);
	console.log(
		`  JSON.parse only  ${texts.length} chunks: median ${(parseRuns[3] ?? 0).toFixed(1)} ms, ${(((parseRuns[3] ?? 0) * 1000) / texts.length).toFixed(2)} µs/chunk (calibration)`,
	);
	for (const [name, chunks] of [
		['reasoning field', parser],
		['inline </think>', inline],
	] as const) {
		const runs: number[] = [];
		for (let r = 0; r < 7; r++) {
			const acc = new StreamAccumulator({
				contentMode: 'auto',
				startsInReasoning: true,
				dialect: undefined,
				startedAtEpochMs: 0,
			});
			const t0 = performance.now();
			for (let i = 0; i < chunks.length; i++) {
				// The chunk types are the SDK's; these literals have the fields the reader looks at.
				acc.accept(chatChunkParts(chunks[i] as unknown as Parameters<typeof chatChunkParts>[0]), i);
			}
			acc.finish(chunks.length, {});
			runs.push(performance.now() - t0);
		}
		runs.sort((a, b) => a - b);
		const median = runs[3] ?? 0;
		console.log(
			`  ${name.padEnd(16)} ${chunks.length} chunks: median ${median.toFixed(1)} ms, ${((median * 1e6) / chunks.length / 1000).toFixed(2)} µs/chunk`,
		);
	}
}

async function overHttp(trace: TraceRecord, dialect: EmulatorDialect): Promise<void> {
	const emulator = await startEmulator({
		traces: [trace],
		dialect,
		tokensPerSecond: Number.POSITIVE_INFINITY,
		ttftMs: 0,
		jitter: 0,
		maxModelLen: 65_536,
	});
	const client = await ReasoningClient.create({ baseUrl: emulator.url });
	const model = emulator.state.models[0] ?? '';
	const body = JSON.stringify({
		model,
		messages: [{ role: 'user', content: trace.problem }],
		stream: true,
		stream_options: { include_usage: true },
	});
	const raw: number[] = [];
	const full: number[] = [];
	let chunks = 0;
	let tokens = 0;
	try {
		for (let r = 0; r < 4; r++) {
			let t0 = performance.now();
			const response = await fetch(`${emulator.url}/chat/completions`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body,
			});
			await response.text();
			raw.push(performance.now() - t0);
			t0 = performance.now();
			const result = await collectStream(
				client.streamChat({ model, messages: [{ role: 'user', content: trace.problem ?? '' }] }),
			);
			full.push(performance.now() - t0);
			if (result.thinking !== trace.thinking) {
				throw new Error(`${dialect}: the thinking did not round-trip`);
			}
			chunks = result.timings.chunkArrivalMs.length;
			tokens = result.usage.completionTokens ?? 0;
		}
	} finally {
		await client.close();
		await emulator.close();
	}
	// First run warms the JIT; report the best of the rest.
	const best = (xs: number[]): number => Math.min(...xs.slice(1));
	const perChunk = ((best(full) - best(raw)) * 1000) / chunks;
	console.log(
		`  ${dialect.padEnd(16)} ${tokens} tokens / ${chunks} chunks: raw ${best(raw).toFixed(0)} ms, client ${best(full).toFixed(0)} ms ` +
			`(${Math.round((tokens * 1000) / best(full))} tok/s), client overhead ${perChunk.toFixed(1)} µs/chunk`,
	);
}

async function main(): Promise<void> {
	const trace = longTrace();
	console.log(
		`load average ${loadavg()
			.map((l) => l.toFixed(2))
			.join(
				' ',
			)}; chain of ${tokenPieces(trace.thinking).length} thinking tokens (${trace.thinking.length} chars)`,
	);
	console.log('client cost per chunk, no network (readDelta + splitter + accumulator):');
	pureClientCost(trace);
	console.log('32k-token chain at full speed over HTTP on 127.0.0.1 (best of 3 after a warm-up):');
	for (const dialect of ['vllm', 'vllm-transition', 'inline'] as const) {
		await overHttp(trace, dialect);
	}
}

main().catch((err: unknown) => {
	console.error(err);
	process.exitCode = 1;
});
