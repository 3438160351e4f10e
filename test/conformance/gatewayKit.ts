/**
 * Shared setup of the gateway tests: the emulator (a real server speaking one dialect) with the gateway
 * in front of it, both on 127.0.0.1, and an openai SDK client pointed at the gateway.
 */
import { createServer } from 'node:net';
import OpenAI from 'openai';
import { analyzeTrace } from '../../src/core/engine/analyzeTrace';
import { parseGatewayConfig, type GatewayFlags } from '../../src/core/gateway/gatewayConfig';
import {
	startGateway,
	type GatewayOptions,
	type RunningGateway,
} from '../../src/core/gateway/gatewayServer';
import type { StopCut } from '../../src/core/policies/stopPolicy';
import type { TraceRecord } from '../../src/core/traces/traceRecord';
import {
	startEmulator,
	type EmulatorOptions,
	type RunningEmulator,
} from '../../src/emulator/server';
import { bundledSamples } from '../harness/sampleTraces';

/** The first bundled trace where offline TrimR cuts without flipping a correct answer. */
export async function overthoughtTrace(): Promise<{ trace: TraceRecord; offlineCut: StopCut }> {
	for (const trace of bundledSamples()) {
		const analysis = await analyzeTrace(trace);
		// A quarter of the chain left after the cut, so upstream is still sending when the abort reaches it
		// (a cut 55 characters from the end could lose that race on a busy machine, and the test with it).
		const left = trace.thinking.length - (analysis.cut?.charOffset ?? trace.thinking.length);
		if (
			analysis.cut !== undefined &&
			!analysis.evaluation.flipped &&
			analysis.evaluation.correct === true &&
			left >= trace.thinking.length / 4
		) {
			return { trace, offlineCut: analysis.cut };
		}
	}
	throw new Error('no bundled trace where TrimR cuts without a flip');
}

/** A running emulator + gateway pair, with the gateway's log lines kept. */
export interface GatewayRig {
	readonly emulator: RunningEmulator;
	readonly gateway: RunningGateway;
	readonly logLines: string[];
	readonly model: string;
	sdk(apiKey?: string, headers?: Record<string, string>): OpenAI;
	close(): Promise<void>;
}

export async function startRig(
	emulatorOptions: Partial<EmulatorOptions> & { traces: readonly TraceRecord[] },
	config: unknown = {},
	flags: GatewayFlags = {},
	options: GatewayOptions = {},
): Promise<GatewayRig> {
	// Slow enough that the abort at the cut reaches the emulator before it has sent the whole chain, also under load.
	const emulator = await startEmulator({
		ttftMs: 5,
		tokensPerSecond: 3000,
		tokensPerChunk: 4,
		jitter: 0,
		...emulatorOptions,
	});
	const logLines: string[] = [];
	const gateway = await startGateway(
		parseGatewayConfig(config, { upstream: emulator.url, port: 0, ...flags }),
		{ processMetrics: false, log: (line) => logLines.push(line), ...options },
	);
	return {
		emulator,
		gateway,
		logLines,
		model: emulator.state.models[0] ?? '',
		sdk: (apiKey = 'EMPTY', headers = {}) =>
			new OpenAI({ baseURL: gateway.url, apiKey, maxRetries: 0, defaultHeaders: headers }),
		close: async () => {
			await gateway.close();
			await emulator.close();
		},
	};
}

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address !== null ? address.port : 0;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

/** What a client collected from one streamed completion. */
export interface Collected {
	reasoning: string;
	content: string;
	finishReason: string | null;
	thinktrim: Record<string, unknown> | undefined;
	usage: OpenAI.CompletionUsage | undefined;
	chunks: number;
}

/** Reads a streamed completion the way an application would (reasoning from either field). */
export async function collect(
	stream: AsyncIterable<OpenAI.ChatCompletionChunk>,
): Promise<Collected> {
	const out: Collected = {
		reasoning: '',
		content: '',
		finishReason: null,
		thinktrim: undefined,
		usage: undefined,
		chunks: 0,
	};
	for await (const chunk of stream) {
		out.chunks++;
		const delta:
			{ reasoning?: string; reasoning_content?: string; content?: string | null } | undefined =
			chunk.choices[0]?.delta;
		out.reasoning += delta?.reasoning ?? delta?.reasoning_content ?? '';
		out.content += delta?.content ?? '';
		out.finishReason = chunk.choices[0]?.finish_reason ?? out.finishReason;
		const extra = chunk as unknown as { thinktrim?: Record<string, unknown> };
		out.thinktrim = extra.thinktrim ?? out.thinktrim;
		out.usage = chunk.usage ?? out.usage;
	}
	return out;
}

/** The value of one sample in Prometheus text, or 0 when absent. */
export function metricValue(
	text: string,
	name: string,
	labels: Record<string, string> = {},
): number {
	let total = 0;
	for (const line of text.split('\n')) {
		if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) {
			continue;
		}
		if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) {
			total += Number(line.slice(line.lastIndexOf(' ') + 1));
		}
	}
	return total;
}
