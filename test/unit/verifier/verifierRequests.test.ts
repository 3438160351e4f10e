import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ChainAnalyzer } from '../../../src/core/engine/chainAnalyzer';
import { createPolicy } from '../../../src/core/policies/createPolicy';
import { runReasoning } from '../../../src/core/run/reasoningRun';
import { ReasoningClient } from '../../../src/core/stream/reasoningClient';
import { parseTraceJsonl, type TraceRecord } from '../../../src/core/traces/traceRecord';
import { LlmVerifier } from '../../../src/core/verifier/llmVerifier';
import type { VerifiedThought } from '../../../src/core/verifier/verifiedThought';
import type { RequestLogEntry } from '../../../src/emulator/requestLog';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/server';

const MODEL = 'deepscaler';
const samples = parseTraceJsonl(
	readFileSync(join(__dirname, '../../../media/traces/samples.jsonl'), 'utf8'),
	'samples.jsonl',
).records;
// A short chain that restates its answer several times: thoughts there need both questions.
const trace = samples.find((t) => t.id === 'tegra-dsr1.5-aime24-b8192-60') as TraceRecord;

/** Requests each thought made: p1's and p2's, as the verdicts record them. */
function requestsPerThought(steps: readonly VerifiedThought[]): number[] {
	const sent = (v: { llm?: { sent: boolean } } | undefined): number => (v?.llm?.sent ? 1 : 0);
	return steps.map((s) => sent(s.presence) + sent(s.equivalence));
}

/** The most verifier requests the emulator had in flight at once. */
function maxInFlight(entries: readonly RequestLogEntry[]): number {
	const edges = entries.flatMap((e) => [
		{ at: e.receivedAtEpochMs, d: 1 },
		{ at: e.receivedAtEpochMs + e.durationMs, d: -1 },
	]);
	edges.sort((a, b) => a.at - b.at || a.d - b.d);
	let now = 0;
	let most = 0;
	for (const edge of edges) {
		now += edge.d;
		most = Math.max(most, now);
	}
	return most;
}

describe('verifier requests: at most one per thought, batched, overlapping the stream', () => {
	let emulator: RunningEmulator;
	const verifierEntriesSince = (count: number): RequestLogEntry[] =>
		emulator.log.entriesSince(count).filter((e) => e.kind === 'verifier');
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

	it('asks both questions of a thought in one request when its verdicts come in chain order', async () => {
		// No pre-checks: every answer-bearing thought after the first needs p1 and p2 from the model.
		const verifier = new LlmVerifier({ baseURL: emulator.url, model: MODEL, precheck: false });
		const start = emulator.log.total;
		const steps: VerifiedThought[] = [];
		let closed = 0;
		let wake: (() => void) | undefined;
		const analyzer = new ChainAnalyzer({
			problem: trace.problem,
			verifier,
			onEvent: (e) => {
				closed += e.type === 'thought' ? 1 : 0;
				if (e.type === 'step') {
					steps.push(e.step);
					wake?.();
				}
			},
		});
		// As live: each thought's verdicts are in before the next thought closes.
		for (let at = 0; at < trace.thinking.length; at += 200) {
			analyzer.push(trace.thinking.slice(at, at + 200));
			while (steps.length < closed) {
				await new Promise<void>((resolve) => (wake = resolve));
			}
		}
		const analysis = await analyzer.end();
		const both = analysis.steps.filter((s) => s.equivalence !== undefined);
		assert.ok(both.length >= 3, `thoughts needing p2: ${both.length}`);
		assert.deepEqual(
			requestsPerThought(analysis.steps).filter((n) => n > 1),
			[],
			'no thought made two requests',
		);
		// Every p2 came from the model, read from its thought's one request.
		for (const step of both) {
			assert.equal(step.equivalence?.source, 'llm', step.equivalence?.reason);
			assert.equal(step.equivalence?.llm?.sent, false);
			assert.match(step.equivalence?.reason ?? '', /asked with p1 in one request/);
		}
		const received = verifierEntriesSince(start);
		assert.equal(received.length, verifier.callCount);
		assert.ok(received.length <= analysis.thoughts.length);
		// A p2 prompt already answered (the same two answers) is reused: its p1 then goes alone.
		const joint = received.filter((e) => e.verdict?.question === 'joint').length;
		assert.ok(joint >= 1 && joint <= both.length, `${joint} joint requests`);

		// The one-request answers are the ones the two questions asked apart give.
		const apart = new LlmVerifier({ baseURL: emulator.url, model: MODEL, precheck: false });
		for (const step of both) {
			const previous = analysis.steps.findLast(
				(s) => s.answer !== undefined && s.thought.index < step.thought.index,
			);
			const p2 = await apart.equivalence({
				problem: trace.problem,
				earlier: { thoughtIndex: 0, text: step.equivalence?.answerA ?? '' },
				later: { thoughtIndex: 1, text: step.equivalence?.answerB ?? '' },
			});
			assert.equal(step.equivalence?.comparedTo, previous?.thought.index);
			assert.equal(p2.yes, step.equivalence?.yes, `thought ${step.thought.index}`);
		}
	});

	it('sends a burst of ready questions together, bounded, still one request per thought', async () => {
		const verifier = new LlmVerifier({
			baseURL: emulator.url,
			model: MODEL,
			precheck: false,
			maxConcurrency: 3,
		});
		const start = emulator.log.total;
		const analyzer = new ChainAnalyzer({ problem: trace.problem, verifier });
		// Offline: every thought closes at once, before any verdict.
		analyzer.push(trace.thinking);
		const analysis = await analyzer.end();
		const received = verifierEntriesSince(start);
		assert.deepEqual(
			requestsPerThought(analysis.steps).filter((n) => n > 1),
			[],
		);
		assert.ok(received.length <= analysis.thoughts.length);
		assert.equal(maxInFlight(received), 3, 'questions ready together are in flight together');
	});

	it('never pauses the stream: verdicts arrive while the thinking keeps streaming', async () => {
		const client = await ReasoningClient.create({ baseUrl: emulator.url });
		const start = emulator.log.total;
		const arrivals: number[] = [];
		try {
			const outcome = await runReasoning({
				client,
				model: MODEL,
				messages: [{ role: 'user', content: trace.problem ?? '' }],
				mode: 'watch',
				policy: createPolicy('trimr'),
				verifier: new LlmVerifier({ baseURL: emulator.url, model: MODEL, precheck: false }),
				onEvent: (e) => {
					if (e.type === 'stream' && e.event.type === 'reasoning') {
						arrivals.push(Date.now());
					}
				},
			});
			assert.equal(outcome.status, 'complete', outcome.error);
			const steps = outcome.analysis?.steps ?? [];
			assert.deepEqual(
				requestsPerThought(steps).filter((n) => n > 1),
				[],
			);
			assert.ok(outcome.verifierMs > 0);
			const received = verifierEntriesSince(start);
			// Thinking arrived while verifier requests were in flight, for most of them.
			const overlapped = received.filter((e) =>
				arrivals.some((t) => t > e.receivedAtEpochMs && t < e.receivedAtEpochMs + e.durationMs),
			);
			assert.ok(
				overlapped.length >= received.length / 2,
				`${overlapped.length} of ${received.length} requests overlapped the stream`,
			);
		} finally {
			await client.close();
		}
	});

	it('gives each run a cache of its own, sharing the connection and the counts', async () => {
		const verifier = new LlmVerifier({ baseURL: emulator.url, model: MODEL });
		const question = {
			problem: trace.problem,
			thought: {
				index: 0,
				text: 'So the total is 204 minutes.',
				charStart: 0,
				charEnd: 29,
				tokenStart: 0,
				tokenEnd: 8,
			},
		};
		const first = await verifier.answerPresence(question);
		assert.equal((await verifier.answerPresence(question)).llm?.cached, true);
		const run = verifier.forRun();
		const again = await run.answerPresence(question);
		assert.equal(again.llm?.sent, true, 'a run does not reuse another run’s answer');
		assert.equal(again.yes, first.yes);
		assert.equal(verifier.callCount, 2);
		assert.equal(run.description, verifier.description);
	});
});
