// One replay with truncation on the emulator, as a user would run it: the untrimmed chain (watch mode)
// and the same prompt with TrimR acting (abort at the cut, continuation from the kept thinking), at a
// GPU-like 300 tokens/s with 200 ms to first token. `npm run bench -- replay [TRACE_ID]`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPolicy } from '../src/core/policies/createPolicy';
import { compareRuns, finalAnswerOf, type RunFigures } from '../src/core/run/comparison';
import { runReasoning } from '../src/core/run/reasoningRun';
import type { RunOutcome } from '../src/core/run/runTypes';
import { ReasoningClient } from '../src/core/stream/reasoningClient';
import { parseTraceJsonl } from '../src/core/traces/traceRecord';
import { startEmulator } from '../src/emulator/server';

const traceId = process.argv[2] ?? 'rasbt-r1-8b-ollama-0';
const samples = parseTraceJsonl(
	readFileSync(join(__dirname, '..', 'media', 'traces', 'samples.jsonl'), 'utf8'),
	'samples.jsonl',
).records;
const trace = samples.find((t) => t.id === traceId);
if (trace === undefined) {
	throw new Error(`no bundled sample "${traceId}"`);
}

function figures(outcome: RunOutcome): RunFigures {
	return {
		thinkingTokens: outcome.keptThinkingTokens,
		answerTokens: outcome.answerTokens,
		wallMs: outcome.wallMs,
		verifierMs: outcome.verifierMs,
		answer: finalAnswerOf(outcome.answer),
	};
}

async function main(): Promise<void> {
	const emulator = await startEmulator({
		traces: [trace as NonNullable<typeof trace>],
		dialect: 'vllm',
		ttftMs: 200,
		tokensPerSecond: 300,
		model: 'bench',
	});
	const client = await ReasoningClient.create({ baseUrl: emulator.url });
	try {
		const messages = [{ role: 'user' as const, content: trace?.problem ?? '' }];
		const original = await runReasoning({
			client,
			model: 'bench',
			messages,
			mode: 'watch',
			policy: createPolicy('trimr'),
		});
		const trimmed = await runReasoning({
			client,
			model: 'bench',
			messages,
			mode: 'act',
			policy: createPolicy('trimr'),
		});
		const c = compareRuns(figures(original), figures(trimmed), trimmed.cut, trace?.goldAnswer);
		const row = (label: string, a: string, b: string): string => `| ${label} | ${a} | ${b} |`;
		console.log(
			`trace ${traceId}, emulator at 300 tok/s, TTFT 200 ms, heuristic verifier, TrimR M = 2\n`,
		);
		console.log('| | original | trimmed |\n|---|---:|---:|');
		console.log(
			row('thinking tokens', String(c.original.thinkingTokens), String(c.trimmed.thinkingTokens)),
		);
		console.log(
			row('answer tokens', String(c.original.answerTokens), String(c.trimmed.answerTokens)),
		);
		console.log(
			row(
				'time to final answer',
				`${((c.original.wallMs ?? 0) / 1000).toFixed(2)} s`,
				`${((c.trimmed.wallMs ?? 0) / 1000).toFixed(2)} s`,
			),
		);
		console.log(
			row(
				'verifier time',
				`${Math.round(c.original.verifierMs ?? 0)} ms`,
				`${Math.round(c.trimmed.verifierMs ?? 0)} ms`,
			),
		);
		console.log(row('answer', c.original.answer ?? '—', c.trimmed.answer ?? '—'));
		console.log(
			`\nsaved ${c.savedThinkingTokens} thinking tokens (${(c.savedShare * 100).toFixed(1)} %), ${((c.savedMs ?? 0) / 1000).toFixed(2)} s (${((c.savedTimeShare ?? 0) * 100).toFixed(1)} %); same answer: ${String(c.sameAnswer)}; correct: ${String(c.originalCorrect)} → ${String(c.trimmedCorrect)}; ${c.trigger ?? 'no cut'}: ${c.explanation ?? ''}`,
		);
	} finally {
		await client.close();
		await emulator.close();
	}
}

void main();
