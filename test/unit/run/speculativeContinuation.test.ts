import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPolicy } from '../../../src/core/policies/createPolicy';
import type { StopPolicy } from '../../../src/core/policies/stopPolicy';
import { runReasoning } from '../../../src/core/run/reasoningRun';
import { SpeculativeContinuation } from '../../../src/core/run/speculativeContinuation';
import { ReasoningClient } from '../../../src/core/stream/reasoningClient';
import type { StreamEvent, StreamResult } from '../../../src/core/stream/streamEvents';
import { parseTraceJsonl, type TraceRecord } from '../../../src/core/traces/traceRecord';
import { LlmVerifier } from '../../../src/core/verifier/llmVerifier';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/server';

const MODEL = 'deepscaler';
const samples = parseTraceJsonl(
	readFileSync(join(__dirname, '../../../media/traces/samples.jsonl'), 'utf8'),
	'samples.jsonl',
).records;
// A short chain that restates its answer several times, so TrimR cuts it.
const trace = samples.find((t) => t.id === 'tegra-dsr1.5-aime24-b8192-60') as TraceRecord;

const text = (value: string): StreamEvent => ({ type: 'answer', text: value }) as StreamEvent;

/** Two answer pieces, then the end, each after the gate opens. */
async function* twoPieces(gate: Promise<void>): AsyncGenerator<StreamEvent, StreamResult> {
	yield text('4');
	await gate;
	yield text('2');
	return { answer: '42' } as StreamResult;
}

describe('speculative continuation', () => {
	it('holds its events until adopted, then hands them over in order with the rest', async () => {
		let open = (): void => undefined;
		const gate = new Promise<void>((resolve) => (open = resolve));
		const abort = new AbortController();
		const early = new SpeculativeContinuation('kept', 3, twoPieces(gate), abort);
		await new Promise((resolve) => setImmediate(resolve));
		const seen: string[] = [];
		const result = early.adopt((e) => seen.push(e.type === 'answer' ? e.text : e.type));
		assert.deepEqual(seen, ['4']);
		open();
		assert.equal((await result).answer, '42');
		assert.deepEqual(seen, ['4', '2']);
		early.discard();
		assert.equal(abort.signal.aborted, false, 'an adopted continuation is not aborted afterwards');
	});

	it('is aborted when discarded, and a later discard changes nothing', async () => {
		const abort = new AbortController();
		let aborts = 0;
		abort.signal.addEventListener('abort', () => aborts++);
		const early = new SpeculativeContinuation('kept', 3, twoPieces(Promise.resolve()), abort);
		await new Promise((resolve) => setImmediate(resolve));
		early.discard();
		early.discard();
		assert.equal(abort.signal.aborted, true);
		assert.equal(aborts, 1);
		assert.equal(early.adopted, false);
		assert.equal(early.heldText(), '42', 'what it received is what was decoded for nothing');
	});
});

describe('runReasoning with a predicted cut (LLM verifier, act mode)', () => {
	let emulator: RunningEmulator;
	before(async () => {
		emulator = await startEmulator({
			traces: [trace],
			dialect: 'vllm',
			model: MODEL,
			ttftMs: 20,
			tokensPerSecond: 2000,
			tokensPerChunk: 1,
			jitter: 0,
		});
	});
	after(async () => {
		await emulator.close();
	});

	async function run(policy: StopPolicy, predictor?: () => StopPolicy) {
		const client = await ReasoningClient.create({ baseUrl: emulator.url });
		const start = emulator.log.total;
		let cutAt = 0;
		try {
			const outcome = await runReasoning({
				client,
				model: MODEL,
				messages: [{ role: 'user', content: trace.problem ?? '' }],
				mode: 'act',
				policy,
				predictor,
				// Without pre-checks every verdict takes a call, so every cut waits for one.
				verifier: new LlmVerifier({ baseURL: emulator.url, model: MODEL, precheck: false }),
				onEvent: (e) => {
					if (e.type === 'cutting') {
						cutAt = Date.now();
					}
				},
			});
			// Requests end (and are logged) after the run returns when they were aborted.
			await new Promise((resolve) => setTimeout(resolve, 50));
			const continuations = emulator.log
				.entriesSince(start)
				.filter((e) => e.continuation !== undefined);
			return { outcome, continuations, cutAt };
		} finally {
			await client.close();
		}
	}

	it('starts the answer before the deciding verdict and ends as the run without a prediction', async () => {
		const plain = await run(createPolicy('trimr'));
		const early = await run(createPolicy('trimr'), () => createPolicy('trimr'));
		assert.equal(plain.outcome.status, 'complete', plain.outcome.error);
		assert.equal(early.outcome.status, 'complete', early.outcome.error);
		assert.ok(plain.outcome.cut !== undefined);
		assert.deepEqual(early.outcome.cut, plain.outcome.cut);
		assert.equal(early.outcome.keptThinking, plain.outcome.keptThinking);
		assert.equal(early.outcome.answer, plain.outcome.answer);
		// One continuation each; the predicted one was asked before the deciding verdict made the cut.
		assert.equal(plain.continuations.length, 1);
		assert.equal(early.continuations.length, 1);
		assert.ok((plain.continuations[0]?.receivedAtEpochMs ?? 0) >= plain.cutAt);
		assert.ok((early.continuations[0]?.receivedAtEpochMs ?? Infinity) < early.cutAt);
		// Counted for the report: one early answer, adopted, nothing thrown away; none without prediction.
		assert.deepEqual(early.outcome.earlyAnswers, { started: 1, discarded: 0, discardedTokens: 0 });
		assert.equal(plain.outcome.earlyAnswers, undefined);
	});

	it('drops a wrong prediction and continues from the cut that was made', async () => {
		// The prediction cuts at the first confirmation; the run's policy wants two.
		const strict = () => createPolicy('trimr', { trimr: { consecutiveAnswers: 2 } });
		const plain = await run(strict());
		const early = await run(strict(), () => createPolicy('trimr'));
		assert.equal(early.outcome.status, 'complete', early.outcome.error);
		assert.deepEqual(early.outcome.cut, plain.outcome.cut);
		assert.equal(early.outcome.keptThinking, plain.outcome.keptThinking);
		assert.equal(early.outcome.answer, plain.outcome.answer);
		// The predicted continuation was asked and abandoned; the kept one is the cut's.
		assert.ok(early.continuations.length >= 2, `${early.continuations.length} continuations`);
		const kept = early.continuations.filter((e) => e.outcome === 'completed');
		assert.equal(kept.length, 1);
		assert.ok(
			early.continuations.some((e) => e.outcome === 'client-disconnected'),
			'the wrong prediction was aborted',
		);
		// The abandoned answers are counted with what they had decoded by the time they were aborted.
		const counted = early.outcome.earlyAnswers;
		// Every continuation but the cut's own was started early, and all of those were discarded.
		assert.equal(counted?.started, early.continuations.length - 1);
		assert.equal(counted?.discarded, counted?.started);
		assert.ok((counted?.discardedTokens ?? 0) > 0, JSON.stringify(counted));
	});
});
