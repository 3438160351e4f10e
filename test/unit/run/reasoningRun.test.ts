import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { answersEquivalent } from '../../../src/core/answers/equivalence';
import { analyzeTrace } from '../../../src/core/engine/analyzeTrace';
import type { StopCut } from '../../../src/core/policies/stopPolicy';
import type { ChatMessage } from '../../../src/core/stream/reasoningClient';
import { createPolicy } from '../../../src/core/policies/createPolicy';
import { compareRuns, finalAnswerOf } from '../../../src/core/run/comparison';
import { runReasoning } from '../../../src/core/run/reasoningRun';
import type { RunEvent } from '../../../src/core/run/runTypes';
import { ReasoningClient } from '../../../src/core/stream/reasoningClient';
import { parseTraceJsonl, type TraceRecord } from '../../../src/core/traces/traceRecord';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/server';

const samples = parseTraceJsonl(
	readFileSync(join(__dirname, '../../../media/traces/samples.jsonl'), 'utf8'),
	'samples.jsonl',
).records;

/** The first bundled trace on which offline TrimR cuts without flipping a correct answer. */
async function overthoughtTrace(): Promise<{ trace: TraceRecord; offlineCut: StopCut }> {
	for (const trace of samples) {
		const analysis = await analyzeTrace(trace);
		if (
			analysis.cut !== undefined &&
			!analysis.evaluation.flipped &&
			analysis.evaluation.correct === true
		) {
			return { trace, offlineCut: analysis.cut };
		}
	}
	throw new Error('no bundled trace where TrimR cuts without a flip');
}

describe('runReasoning against the emulator', () => {
	let emulator: RunningEmulator;
	let client: ReasoningClient;
	let trace: TraceRecord;
	let offlineCut: StopCut;
	let messages: ChatMessage[];
	before(async () => {
		({ trace, offlineCut } = await overthoughtTrace());
		messages = [{ role: 'user', content: trace.problem ?? '' }];
		emulator = await startEmulator({
			traces: [trace],
			dialect: 'vllm',
			ttftMs: 5,
			tokensPerSecond: 3000,
			tokensPerChunk: 4,
			jitter: 0,
			model: 'deepscaler',
		});
		client = await ReasoningClient.create({ baseUrl: emulator.url });
	});
	after(async () => {
		await client.close();
		await emulator.close();
	});

	it('watch mode streams the whole chain and marks where TrimR would cut', async () => {
		const events: RunEvent[] = [];
		const outcome = await runReasoning({
			client,
			model: 'deepscaler',
			messages,
			mode: 'watch',
			policy: createPolicy('trimr'),
			onEvent: (e) => events.push(e),
		});
		assert.equal(outcome.status, 'complete', outcome.error);
		assert.equal(outcome.streamedThinking, trace.thinking);
		assert.equal(outcome.keptThinking, trace.thinking);
		assert.deepEqual(outcome.cut, offlineCut, 'the live run cuts where the offline analysis does');
		assert.equal(outcome.continuation, undefined);
		assert.ok(answersEquivalent(finalAnswerOf(outcome.answer) ?? '', trace.goldAnswer ?? ''));
		assert.ok(events.some((e) => e.type === 'analyzer' && e.event.type === 'cut'));
		assert.ok(!events.some((e) => e.type === 'cutting'));
	});

	it('act mode aborts at the cut, continues from the kept thinking and keeps the answer', async () => {
		const watch = await runReasoning({
			client,
			model: 'deepscaler',
			messages,
			mode: 'watch',
			policy: createPolicy('trimr'),
		});
		const before = emulator.log.entries.length;
		const act = await runReasoning({
			client,
			model: 'deepscaler',
			messages,
			mode: 'act',
			policy: createPolicy('trimr'),
		});
		assert.equal(act.status, 'complete', act.error);
		assert.ok(act.cut !== undefined);
		assert.ok(act.continuation !== undefined);
		assert.ok(trace.thinking.startsWith(act.keptThinking));
		assert.ok(act.keptThinking.length < trace.thinking.length);
		assert.ok(act.keptThinkingTokens < watch.generatedThinkingTokens);
		const entries = await emulator.log.waitFor((e) => e.kind === 'completion' && e.seq > before);
		const chat = await emulator.log.waitFor(
			(e) => e.kind === 'chat' && e.outcome === 'client-disconnected',
		);
		assert.equal(chat.traceId, trace.id, 'the emulator saw the abort');
		assert.ok(entries.continuation !== undefined);
		assert.equal(entries.continuation.cutChars, act.keptThinking.length);
		const comparison = compareRuns(
			{
				thinkingTokens: watch.keptThinkingTokens,
				answerTokens: watch.answerTokens,
				wallMs: watch.wallMs,
				verifierMs: watch.verifierMs,
				answer: finalAnswerOf(watch.answer),
			},
			{
				thinkingTokens: act.keptThinkingTokens,
				answerTokens: act.answerTokens,
				wallMs: act.wallMs,
				verifierMs: act.verifierMs,
				answer: finalAnswerOf(act.answer),
			},
			act.cut,
			trace.goldAnswer,
		);
		assert.equal(
			comparison.sameAnswer,
			true,
			`${comparison.original.answer} vs ${comparison.trimmed.answer}`,
		);
		assert.equal(comparison.trimmedCorrect, true);
		assert.deepEqual(act.cut, offlineCut);
		assert.equal(
			comparison.savedThinkingTokens,
			watch.generatedThinkingTokens - offlineCut.tokenOffset,
		);
		assert.ok(comparison.savedThinkingTokens > 0);
	});

	it('act mode has the server render the prompt shape when the stream starts, before any cut; watch mode does not', async () => {
		const renders = (from: number): string[] =>
			emulator.log.entries
				.slice(from)
				.map((e) => e.kind)
				.filter((k) => k === 'tokenize' || k === 'detokenize');
		for (const mode of ['watch', 'act'] as const) {
			// A client of its own: no shape learned before.
			const fresh = await ReasoningClient.create({ baseUrl: emulator.url });
			try {
				const before = emulator.log.entries.length;
				const outcome = await runReasoning({
					client: fresh,
					model: 'deepscaler',
					messages,
					mode,
					policy: createPolicy('none'),
				});
				assert.equal(outcome.status, 'complete', outcome.error);
				assert.equal(outcome.cut, undefined);
				if (mode === 'watch') {
					assert.deepEqual(renders(before), []);
				} else {
					// No cut came, yet the shape was learned: /tokenize, /detokenize, /tokenize.
					await emulator.log.waitFor(() => renders(before).length === 3);
				}
			} finally {
				await fresh.close();
			}
		}
	});

	it('a user stop keeps what arrived and marks the run partial', async () => {
		const controller = new AbortController();
		let seen = 0;
		const outcome = await runReasoning({
			client,
			model: 'deepscaler',
			messages,
			mode: 'act',
			policy: createPolicy('none'),
			signal: controller.signal,
			onEvent: (e) => {
				if (e.type === 'stream' && e.event.type === 'reasoning' && ++seen === 50) {
					controller.abort();
				}
			},
		});
		assert.equal(outcome.status, 'partial');
		assert.ok(outcome.streamedThinking.length > 0);
		assert.ok(trace.thinking.startsWith(outcome.streamedThinking));
		assert.equal(outcome.continuation, undefined);
	});
});
