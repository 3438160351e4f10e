// Issue 14, item 7: Stop reaches the server at once and the run ends at once, at a GPU-like 300 tokens/s,
// also while a slow remote verifier has calls in flight. The emulator records when the connection closed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPolicy } from '../../../src/core/policies/createPolicy';
import { runReasoning } from '../../../src/core/run/reasoningRun';
import { ReasoningClient } from '../../../src/core/stream/reasoningClient';
import { parseTraceJsonl, type TraceRecord } from '../../../src/core/traces/traceRecord';
import {
	heuristicAnswerPresence,
	heuristicEquivalence,
} from '../../../src/core/verifier/heuristicVerifier';
import type {
	AnswerPresenceVerdict,
	EquivalenceVerdict,
	Verifier,
} from '../../../src/core/verifier/verdict';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/server';

const samples = parseTraceJsonl(
	readFileSync(join(__dirname, '../../../media/traces/samples.jsonl'), 'utf8'),
	'samples.jsonl',
).records;
/** The longest bundled chain: at 300 tokens/s it streams for about half a minute. */
const trace: TraceRecord =
	[...samples].sort((a, b) => b.thinking.length - a.thinking.length)[0] ?? samples[0]!;

/** Resolves after `ms`, or rejects as soon as `signal` aborts (as the LLM verifier's HTTP call does). */
function slowly<T>(ms: number, value: () => T, signal: AbortSignal | undefined): Promise<T> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => resolve(value()), ms);
		signal?.addEventListener(
			'abort',
			() => {
				clearTimeout(timer);
				reject(Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }));
			},
			{ once: true },
		);
	});
}

/** A remote verifier that takes 5 s per call (an overloaded verifier endpoint under its timeout). */
const slowVerifier: Verifier = {
	kind: 'llm',
	concurrent: true,
	description: 'slow test verifier',
	answerPresence: (question, signal): Promise<AnswerPresenceVerdict> =>
		slowly(
			5000,
			() => ({ ...heuristicAnswerPresence(question), source: 'heuristic', latencyMs: 5000 }),
			signal,
		),
	equivalence: (question, signal): Promise<EquivalenceVerdict> =>
		slowly(
			5000,
			() => {
				const { comparison: _c, ...verdict } = heuristicEquivalence(question);
				return { ...verdict, source: 'heuristic', latencyMs: 5000 };
			},
			signal,
		),
};

describe('Stop at 300 tokens/s', () => {
	let emulator: RunningEmulator;
	let client: ReasoningClient;
	before(async () => {
		emulator = await startEmulator({
			traces: [trace],
			dialect: 'vllm',
			model: 'm',
			tokensPerSecond: 300,
			host: '127.0.0.1',
			port: 0,
		});
		client = await ReasoningClient.create({ baseUrl: emulator.url });
	});
	after(async () => {
		await client.close();
		await emulator.close();
	});

	for (const [name, verifier] of [
		['the heuristic verifier', undefined],
		['a remote verifier with 5 s calls in flight', slowVerifier],
	] as const) {
		it(`with ${name}: the server sees the client leave and the run ends within 1 s of Stop`, async () => {
			const since = emulator.log.total;
			const controller = new AbortController();
			let stoppedAt = 0;
			let tokens = 0;
			const outcome = await runReasoning({
				client,
				model: 'm',
				messages: [{ role: 'user', content: trace.problem ?? '' }],
				mode: 'watch',
				policy: createPolicy('trimr'),
				verifier,
				signal: controller.signal,
				onEvent: (e) => {
					// About 2 s of thinking, several thoughts closed (their verifier calls pending).
					if (e.type === 'stream' && e.event.type === 'reasoning' && ++tokens === 600) {
						stoppedAt = Date.now();
						controller.abort();
					}
				},
			});
			const ended = Date.now() - stoppedAt;
			const chat = await emulator.log.waitFor(
				(e) => e.kind === 'chat' && emulator.log.entriesSince(since).includes(e),
				5000,
			);
			const left = chat.receivedAtEpochMs + chat.durationMs - stoppedAt;
			assert.ok(stoppedAt > 0, 'stopped mid-stream');
			assert.equal(chat.outcome, 'client-disconnected');
			assert.ok(left <= 1000, `the server saw the client leave ${left} ms after Stop`);
			assert.ok(ended <= 1000, `runReasoning returned ${ended} ms after Stop`);
			assert.equal(outcome.status, 'partial');
			assert.equal(outcome.error, undefined, 'a stop is not an error');
			assert.ok(
				outcome.streamedThinking.length > 0 && trace.thinking.startsWith(outcome.streamedThinking),
				'what arrived is kept',
			);
		});
	}
});
