/**
 * Shared setup of the conformance suite: the real client against the real emulator over HTTP on
 * 127.0.0.1, with traces from the bundled samples (plus ../shared/data/traces when present).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
	ReasoningClient,
	type ReasoningClientOptions,
} from '../../src/core/stream/reasoningClient';
import type { DialectName } from '../../src/core/stream/streamEvents';
import { parseTraceJsonl, type TraceRecord } from '../../src/core/traces/traceRecord';
import type { EmulatorDialect } from '../../src/emulator/dialects';
import { bundledSamples } from '../harness/sampleTraces';
import {
	startEmulator,
	type EmulatorOptions,
	type RunningEmulator,
} from '../../src/emulator/server';

const repoRoot = resolve(__dirname, '..', '..');

/** The shared third-party traces folder (THINKTRIM_SHARED_TRACES overrides); `undefined` when absent. */
export function sharedTracesDir(): string | undefined {
	const dir =
		process.env.THINKTRIM_SHARED_TRACES ?? join(repoRoot, '..', 'shared', 'data', 'traces');
	return existsSync(dir) ? dir : undefined;
}

/**
 * One trace per shared file, preferring one with non-ASCII text (read only, never copied). Problems are
 * kept distinct, since the emulator picks the trace by its problem and several files share MATH problems.
 */
export function sharedTracePicks(dir: string): TraceRecord[] {
	const picks: TraceRecord[] = [];
	const seen = new Set<string>();
	for (const name of readdirSync(dir)
		.filter((f) => f.endsWith('.jsonl'))
		.sort()) {
		const { records } = parseTraceJsonl(readFileSync(join(dir, name), 'utf8'), name);
		const usable = records.filter(
			(r) =>
				r.thinking.length < 4000 &&
				r.problem !== undefined &&
				!seen.has(r.problem.replace(/\s+/g, ' ').trim()),
		);
		const pick = usable.find((r) => /[^ -~\s]/u.test(r.thinking + (r.final ?? ''))) ?? usable[0];
		if (pick !== undefined) {
			picks.push(pick);
			seen.add((pick.problem ?? '').replace(/\s+/g, ' ').trim());
		}
	}
	return picks;
}

/** A synthetic trace with CJK, emoji (4-byte UTF-8) and the characters vLLM issue reports show. */
export const MULTIBYTE_TRACE: TraceRecord = {
	id: 'synthetic-multibyte',
	problem: '计算 ⌈3(6−½)⌉ 的值。',
	thinking: '好的，我们来算一下。6 − ½ = 5.5，乘以 3 得 16.5 😀。\n\nWait — ⌈16.5⌉ = 17，没错 ✓。',
	final: '答案是 $\\boxed{17}$ 🎉',
	predictedAnswer: '17',
};

/** Traces every dialect replays: short R1 traces (distinct problems; ⌈⌉, π, √), plus the synthetic multi-byte one. */
export function conformanceTraces(): TraceRecord[] {
	const samples = bundledSamples();
	const ids = ['rasbt-r1-3', 'rasbt-r1-2'];
	return [
		...ids.map((id) => {
			const t = samples.find((s) => s.id === id);
			if (t === undefined) {
				throw new Error(`sample trace ${id} is missing`);
			}
			return t;
		}),
		MULTIBYTE_TRACE,
	];
}

/** What the client should detect for each emulated dialect. */
export const EXPECTED_DIALECT: Record<EmulatorDialect, DialectName> = {
	'vllm-legacy': 'vllm-legacy',
	'vllm-transition': 'vllm-transition',
	vllm: 'vllm',
	inline: 'inline',
	'qwen3-inline': 'qwen3-inline',
	mindie: 'mindie',
	sglang: 'sglang',
	llamacpp: 'llamacpp',
};

/** How the client renders the continuation prompt on each dialect. */
export const EXPECTED_STRATEGY: Record<EmulatorDialect, string> = {
	'vllm-legacy': 'tokenize',
	'vllm-transition': 'tokenize',
	vllm: 'tokenize',
	inline: 'tokenize',
	'qwen3-inline': 'tokenize',
	mindie: 'chat-template',
	sglang: 'tokenize',
	llamacpp: 'apply-template',
};

/** Where the reasoning-token count comes from on each dialect. */
export const EXPECTED_REASONING_SOURCE: Record<EmulatorDialect, string> = {
	'vllm-legacy': 'usage-at-answer',
	'vllm-transition': 'usage-at-answer',
	vllm: 'server',
	inline: 'usage-at-answer',
	'qwen3-inline': 'usage-at-answer',
	mindie: 'server',
	sglang: 'server',
	llamacpp: 'estimate',
};

/** Fast settings: full speed, no first-token wait (conformance is about bytes, not timing). */
export const FAST: Partial<EmulatorOptions> = {
	tokensPerSecond: Number.POSITIVE_INFINITY,
	ttftMs: 0,
	jitter: 0,
};

/** Runs `fn` with a started emulator and a client pointed at it; closes both. */
export async function withEmulator<T>(
	options: Partial<EmulatorOptions> & { traces?: readonly TraceRecord[] },
	fn: (emulator: RunningEmulator, client: ReasoningClient, model: string) => Promise<T>,
	clientOptions: Partial<ReasoningClientOptions> = {},
): Promise<T> {
	const emulator = await startEmulator({
		...FAST,
		...options,
		traces: options.traces ?? conformanceTraces(),
	});
	const client = await ReasoningClient.create({
		baseUrl: emulator.url,
		retryBaseDelayMs: 10,
		...clientOptions,
	});
	try {
		return await fn(emulator, client, emulator.state.models[0] ?? '');
	} finally {
		await client.close();
		await emulator.close();
	}
}
