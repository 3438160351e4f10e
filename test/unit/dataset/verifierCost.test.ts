import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateDataset } from '../../../src/core/dataset/evaluateDataset';
import { evaluationToJson } from '../../../src/core/dataset/exportJson';
import { buildVariants } from '../../../src/core/dataset/policyVariants';
import { evaluationReportHtml } from '../../../src/core/dataset/reportHtml';
import { evaluationSummaryText } from '../../../src/core/dataset/summaryText';
import {
	percentile,
	verifierCostLine,
	verifierCostOf,
} from '../../../src/core/dataset/verifierCost';
import { ReasoningClient } from '../../../src/core/stream/reasoningClient';
import { LlmVerifier } from '../../../src/core/verifier/llmVerifier';
import { startEmulator } from '../../../src/emulator/server';
import { FAST, sampleDataset } from './fixtures';

describe('verifier cost in the evaluation report', () => {
	it('nearest-rank p95 and requests per thought', () => {
		assert.equal(percentile([], 0.95), undefined);
		assert.equal(percentile([5], 0.95), 5);
		const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
		assert.equal(percentile(hundred, 0.95), 95);
		const cost = verifierCostOf([
			{ verifierMs: 10, verifierCalls: 3, thoughts: 4, verifierMaxPerThought: 1 },
			{ verifierMs: 30, verifierCalls: 1, thoughts: 4 },
		]);
		assert.deepEqual(cost, {
			runs: 2,
			meanMs: 20,
			p95Ms: 30,
			requestsPerThought: 0.5,
			maxRequestsPerThought: 1,
		});
	});

	it('adds up the early answers and says how many tokens the discarded ones cost', () => {
		const cost = verifierCostOf([
			{
				verifierMs: 10,
				verifierCalls: 3,
				thoughts: 4,
				earlyAnswers: { started: 2, discarded: 1, discardedTokens: 17 },
			},
			{ verifierMs: 30, verifierCalls: 1, thoughts: 4 },
			{
				verifierMs: 20,
				verifierCalls: 2,
				thoughts: 3,
				earlyAnswers: { started: 1, discarded: 1, discardedTokens: 5 },
			},
		]);
		assert.deepEqual(cost?.earlyAnswers, { started: 3, discarded: 2, discardedTokens: 22 });
		assert.match(
			verifierCostLine(cost ?? assert.fail('no cost')),
			/; 3 answer\(s\) started early on a predicted cut, 2 of them discarded \(22 tokens decoded for nothing\)$/,
		);
		const none = verifierCostOf([{ verifierMs: 10, verifierCalls: 3, thoughts: 4 }]);
		assert.equal(none?.earlyAnswers, undefined);
		assert.doesNotMatch(verifierCostLine(none ?? assert.fail('no cost')), /early/);
	});

	it('measures time per trimmed request and requests per thought against the emulator', async () => {
		const { traces, problems: all } = sampleDataset(7);
		const problems = all.slice(3);
		const emulator = await startEmulator({ traces, ...FAST });
		const client = await ReasoningClient.create({ baseUrl: emulator.url, maxRetries: 0 });
		const model = emulator.state.models[0] ?? '';
		try {
			const start = emulator.log.total;
			// No pre-checks: thoughts that restate an answer need both questions of the model.
			const verifier = new LlmVerifier({ baseURL: emulator.url, model, precheck: false });
			const evaluation = await evaluateDataset({
				problems,
				variants: buildVariants(['trimr']),
				client,
				model,
				verifier,
			});
			const received = emulator.log.entriesSince(start).filter((e) => e.kind === 'verifier').length;
			const runs = evaluation.problems.flatMap((p) => [p.untrimmed, ...p.trimmed]);
			assert.equal(
				received,
				runs.reduce((n, r) => n + (r?.verifierCalls ?? 0), 0),
				'every request the emulator received is counted in a run',
			);
			const trimmed = evaluation.problems.map((p) => p.trimmed[0]);
			const cost = evaluation.aggregates[0]?.verifierCost;
			assert.ok(cost !== undefined);
			assert.equal(cost.runs, problems.length);
			assert.equal(cost.maxRequestsPerThought, 1, 'never two requests for one thought');
			const thoughts = trimmed.reduce((n, r) => n + (r?.thoughts ?? 0), 0);
			const calls = trimmed.reduce((n, r) => n + (r?.verifierCalls ?? 0), 0);
			assert.equal(cost.requestsPerThought, calls / thoughts);
			assert.ok(calls > 0 && calls <= thoughts);
			assert.equal(cost.p95Ms, Math.max(...trimmed.map((r) => r?.verifierMs ?? 0)));
			assert.ok(cost.meanMs > 0 && cost.meanMs <= cost.p95Ms);

			const text = evaluationSummaryText(evaluation);
			assert.match(
				text,
				/Verifier, TrimR[^:]*: mean \d+ ms, p95 \d+ ms per trimmed request; \d\.\d\d \(at most 1 per thought\) requests per thought\./,
			);
			const json = JSON.parse(evaluationToJson(evaluation)) as {
				aggregates: Array<{ verifierCost?: unknown }>;
			};
			assert.deepEqual(json.aggregates[0]?.verifierCost, cost);
			const html = evaluationReportHtml(evaluation);
			assert.match(html, /Verifier per trimmed request \(mean · p95\)/);
			assert.ok(html.includes(`${Math.round(cost.p95Ms)} ms`));
			assert.ok(html.includes(`${cost.requestsPerThought?.toFixed(2)} (at most 1 per thought)`));
		} finally {
			await client.close();
			await emulator.close();
		}
	});
});
