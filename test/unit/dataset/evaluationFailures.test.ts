import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateDataset } from '../../../src/core/dataset/evaluateDataset';
import type { EvaluationProgress } from '../../../src/core/dataset/evaluationTypes';
import { buildVariants } from '../../../src/core/dataset/policyVariants';
import { ReasoningClient } from '../../../src/core/stream/reasoningClient';
import { LlmVerifier } from '../../../src/core/verifier/llmVerifier';
import { startEmulator, type EmulatorOptions } from '../../../src/emulator/server';
import { FAST, sampleDataset } from './fixtures';

/** Runs `body` against an emulator serving `traces` and a client that never retries. */
async function withEmulator<T>(
	options: EmulatorOptions,
	body: (client: ReasoningClient, model: string) => Promise<T>,
): Promise<T> {
	const emulator = await startEmulator(options);
	const client = await ReasoningClient.create({ baseUrl: emulator.url, maxRetries: 0 });
	try {
		return await body(client, emulator.state.models[0] ?? '');
	} finally {
		await client.close();
		await emulator.close();
	}
}

describe('evaluateDataset: cancellation', () => {
	it('keeps the problems that finished and marks the run in flight cancelled', async () => {
		const { traces, problems } = sampleDataset(6);
		const variants = buildVariants(['trimr', 'dynasor']);
		const controller = new AbortController();
		const events: EvaluationProgress[] = [];
		// Slow enough that the trimmed run of the third problem (516 thinking tokens) is still streaming
		// 250 ms after it starts, and has streamed part of its thinking by then.
		const pacing = { ...FAST, tokensPerSecond: 1000, tokensPerChunk: 4 };
		const evaluation = await withEmulator({ traces, ...pacing }, (client, model) =>
			evaluateDataset({
				problems,
				variants,
				client,
				model,
				concurrency: 1,
				signal: controller.signal,
				onProgress: (event) => {
					events.push(event);
					if (event.type === 'run-start' && event.problem === 2 && event.phase === 'trimr') {
						setTimeout(() => controller.abort(), 250);
					}
				},
			}),
		);
		assert.equal(evaluation.cancelled, true);
		assert.deepEqual(
			evaluation.problems.map((p) => p.status),
			['done', 'done', 'cancelled', 'not-run', 'not-run', 'not-run'],
		);
		for (const p of evaluation.problems.slice(0, 2)) {
			assert.equal(p.untrimmed?.status, 'complete');
			assert.deepEqual(
				p.trimmed.map((t) => t.status),
				['complete', 'complete'],
			);
		}
		const third = evaluation.problems[2];
		assert.equal(third?.untrimmed?.status, 'complete');
		assert.deepEqual(
			third?.trimmed.map((t) => [t.variant, t.status]),
			[['trimr', 'cancelled']],
		);
		assert.ok(
			(third?.trimmed[0]?.generatedThinkingTokens ?? 0) > 0,
			'what streamed before the stop is kept',
		);
		for (const a of evaluation.aggregates) {
			assert.equal(a.compared, 2, a.variant);
			assert.equal(a.errors, 0);
			assert.equal(a.cancelled, a.variant === 'trimr' ? 1 : 0);
		}
		assert.equal(evaluation.untrimmed.completed, 3);
		assert.deepEqual(events.at(-1), { type: 'end', cancelled: true });
		assert.ok(
			!events.some((e) => e.type === 'run-start' && e.problem > 2),
			'no run starts after the stop',
		);
	});

	it('returns at once, with every problem not run, when the signal is already aborted', async () => {
		const { traces, problems } = sampleDataset(3);
		const evaluation = await withEmulator({ traces, ...FAST }, (client, model) =>
			evaluateDataset({
				problems,
				variants: buildVariants(),
				client,
				model,
				signal: AbortSignal.abort(),
			}),
		);
		assert.equal(evaluation.cancelled, true);
		assert.deepEqual(
			evaluation.problems.map((p) => p.status),
			['not-run', 'not-run', 'not-run'],
		);
		assert.equal(evaluation.aggregates[0]?.compared, 0);
	});
});

describe('evaluateDataset: a failing server', () => {
	it('records a mid-stream failure per problem, keeps what arrived, and finishes the rest', async () => {
		const { traces, problems } = sampleDataset(4);
		// The first two generation requests fail after 3 chunks; the rest are served normally.
		const events: EvaluationProgress[] = [];
		const evaluation = await withEmulator(
			{ traces, ...FAST, fault: 'error-after=3,times=2' },
			(client, model) =>
				evaluateDataset({
					problems,
					variants: buildVariants(['trimr', 'dynasor']),
					client,
					model,
					concurrency: 1,
					onProgress: (e) => events.push(e),
				}),
		);
		// Progress still reaches the total: the skipped trimmed runs count as done.
		const last = events.filter((e) => e.type === 'problem-end').at(-1);
		assert.ok(last?.type === 'problem-end' && last.runsDone === 12 && last.runs === 12);
		assert.equal(evaluation.cancelled, false);
		const [first, second, third, fourth] = evaluation.problems;
		for (const failed of [first, second]) {
			assert.equal(failed?.status, 'done');
			assert.equal(failed?.untrimmed?.status, 'error');
			assert.match(failed?.untrimmed?.error ?? '', /Injected fault/);
			assert.ok(
				(failed?.untrimmed?.generatedThinkingTokens ?? 0) > 0,
				'the thinking that arrived is kept',
			);
			assert.deepEqual(failed?.trimmed, [], 'nothing to compare a trimmed run with');
		}
		for (const ok of [third, fourth]) {
			assert.equal(ok?.untrimmed?.status, 'complete');
			assert.deepEqual(
				ok?.trimmed.map((t) => t.status),
				['complete', 'complete'],
			);
		}
		assert.equal(evaluation.untrimmed.errors, 2);
		assert.equal(evaluation.untrimmed.completed, 2);
		for (const a of evaluation.aggregates) {
			assert.equal(a.errors, 2);
			assert.equal(a.compared, 2);
		}
	});

	it('records an error for every problem when every request fails, and still finishes', async () => {
		const { traces, problems } = sampleDataset(3);
		const ends: string[] = [];
		const evaluation = await withEmulator(
			{ traces, ...FAST, fault: 'status=503' },
			(client, model) =>
				evaluateDataset({
					problems,
					variants: buildVariants(['trimr', 'dynasor']),
					client,
					model,
					onProgress: (e) => e.type === 'problem-end' && ends.push(e.id),
				}),
		);
		assert.equal(evaluation.cancelled, false);
		assert.equal(ends.length, 3);
		for (const p of evaluation.problems) {
			assert.equal(p.untrimmed?.status, 'error');
			assert.match(p.untrimmed?.error ?? '', /503/);
		}
		assert.deepEqual(
			evaluation.aggregates.map((a) => [a.errors, a.compared]),
			[
				[3, 0],
				[3, 0],
			],
		);
		assert.equal(evaluation.untrimmed.accuracy, undefined);
	});
});

describe('evaluateDataset: with the LLM verifier', () => {
	it('measures the verifier per run, shows it separately, and sums it per policy', async () => {
		// Chains of several thoughts, so that some verdicts need a call (boxed answers and plain numbers do not).
		const { traces, problems: all } = sampleDataset(7);
		const problems = all.slice(3);
		const evaluation = await withEmulator({ traces, ...FAST }, (client, model) => {
			// The emulator also answers TrimR's yes/no questions from logprobs, like a verifier model.
			const verifier = new LlmVerifier({ baseURL: client.options.baseUrl, model });
			return evaluateDataset({
				problems,
				variants: buildVariants(['trimr']),
				client,
				model,
				verifier,
			});
		});
		assert.match(evaluation.settings.verifier, /^LLM verifier/);
		let calls = 0;
		for (const p of evaluation.problems) {
			for (const run of [p.untrimmed, ...p.trimmed]) {
				assert.equal(run?.status, 'complete', run?.error);
				calls += run?.verifierCalls ?? 0;
				// Time is counted for the calls made, and only for them.
				assert.equal((run?.verifierMs ?? 0) > 0, (run?.verifierCalls ?? 0) > 0, p.id);
			}
		}
		assert.ok(calls > 0, 'the verifier was asked');
		const trimr = evaluation.aggregates[0];
		const sum = evaluation.problems.reduce((n, p) => n + (p.trimmed[0]?.verifierMs ?? 0), 0);
		assert.ok(trimr !== undefined && Math.abs(trimr.verifierMs - sum) < 1e-6);
		assert.equal(
			trimr?.verifierCalls,
			evaluation.problems.reduce((n, p) => n + (p.trimmed[0]?.verifierCalls ?? 0), 0),
		);
	});
});
