import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { answersEquivalent } from '../../../src/core/answers/equivalence';
import { evaluateDataset } from '../../../src/core/dataset/evaluateDataset';
import { makeVariant } from '../../../src/core/dataset/policyVariants';
import { ChainAnalyzer } from '../../../src/core/engine/chainAnalyzer';
import { CompletionsTrialAnswerer } from '../../../src/core/policies/completionsTrialAnswerer';
import { OnlineDeerPolicy } from '../../../src/core/policies/onlineDeerPolicy';
import type { StopCut } from '../../../src/core/policies/stopPolicy';
import { DEER_ANSWER_INDUCER, trialConfidence } from '../../../src/core/policies/trialAnswer';
import { ReasoningClient } from '../../../src/core/stream/reasoningClient';
import { finalAnswerValue, firstFinalStatementEnd } from '../../../src/emulator/continuationAnswer';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/server';
import { parseDatasetJsonl } from '../../../src/core/dataset/datasetProblem';
import { FAST, SAMPLES, taggedTrace } from '../dataset/fixtures';

const render = (problem: string | undefined): Promise<string> =>
	Promise.resolve(`<｜begin▁of▁sentence｜><｜User｜>${problem ?? ''}<｜Assistant｜><think>\n`);

describe('DEER online: trial answers with log-probabilities', () => {
	// Samples that restate their final answer before a later "Wait" (where DEER can exit), and one that does not.
	const traces = ['rasbt-r1-1', 'tegra-dsr1.5-aime24-b8192-67', 'rasbt-r1-3'].map((id) => {
		const trace = SAMPLES.find((t) => t.id === id);
		assert.ok(trace !== undefined, id);
		return taggedTrace(trace);
	});
	const { problems } = parseDatasetJsonl(
		traces
			.map((t) => JSON.stringify({ id: t.id, problem: t.problem, gold_answer: t.goldAnswer }))
			.join('\n'),
		'deer.jsonl',
	);
	let emulator: RunningEmulator;
	before(async () => {
		emulator = await startEmulator({ traces, ...FAST });
	});
	after(async () => {
		await emulator.close();
	});

	it('reads the trial answer after the opening brace and averages the max-token probabilities', () => {
		const tokens = [
			{ token: '{', logprob: Math.log(0.5) },
			{ token: '4', logprob: Math.log(0.9) },
			{ token: '2', logprob: Math.log(0.6), top: { '3': Math.log(0.7) } },
			{ token: '}', logprob: Math.log(0.2) },
			{ token: ' rest', logprob: Math.log(0.1) },
		];
		const arithmetic = trialConfidence(tokens);
		assert.equal(arithmetic.answer, '42');
		assert.ok(
			Math.abs(arithmetic.confidence - (0.9 + 0.7) / 2) < 1e-9,
			'the best alternative counts, braces and what follows do not',
		);
		assert.ok(
			Math.abs(trialConfidence(tokens, 'geometric').confidence - Math.sqrt(0.9 * 0.7)) < 1e-9,
		);
		assert.deepEqual(trialConfidence([{ token: 'no brace', logprob: 0 }]), {
			answer: undefined,
			confidence: 0,
		});
		assert.equal(
			trialConfidence([{ token: '{\\frac{1}{2}', logprob: Math.log(0.8) }]).answer,
			'\\frac{1}{2}',
			'nested braces, stopped before the closing one',
		);
	});

	it('asks the emulator through /v1/completions: confidence rises once the recorded answer has been stated', async () => {
		const trace = traces.find((t) => Number.isFinite(firstFinalStatementEnd(t)));
		assert.ok(trace !== undefined, 'a sample that states its final answer while thinking');
		const answerer = new CompletionsTrialAnswerer({
			baseURL: emulator.url,
			model: emulator.state.models[0] ?? '',
			renderPrompt: render,
		});
		const early = await answerer.trial({ problem: trace.problem, thinking: '', tokenOffset: 0 });
		const late = await answerer.trial({
			problem: trace.problem,
			thinking: trace.thinking,
			tokenOffset: 1000,
		});
		assert.equal(early.error, undefined);
		assert.equal(late.error, undefined);
		assert.ok(
			late.answer !== undefined && answersEquivalent(late.answer, finalAnswerValue(trace) ?? ''),
			`trial answer ${late.answer}`,
		);
		assert.ok(early.confidence < 0.5, `nothing stated yet: ${early.confidence}`);
		assert.ok(late.confidence > 0.9, `the whole chain: ${late.confidence}`);
		const request = emulator.log.entries.filter((e) => e.kind === 'completion').at(-1)
			?.body as Record<string, unknown>;
		assert.equal(request.logprobs, 1);
		assert.equal(request.temperature, 0);
		assert.equal(request.add_special_tokens, false);
		assert.ok(Array.isArray(request.stop) && request.stop.includes('}\n'));
		assert.ok(
			typeof request.prompt === 'string' &&
				request.prompt.endsWith(`${trace.thinking}${DEER_ANSWER_INDUCER}`),
		);
	});

	it('reports a server without logprobs as a failed trial, not a confident one', async () => {
		const answerer = new CompletionsTrialAnswerer({
			baseURL: emulator.url,
			model: emulator.state.models[0] ?? '',
			renderPrompt: render,
			inducer: '\nFinal answer: ',
		});
		const result = await answerer.trial({
			problem: traces[0]?.problem,
			thinking: 'so',
			tokenOffset: 1,
		});
		assert.equal(result.confidence, 0);
		assert.match(result.error ?? '', /no token log-probabilities/);
	});

	it('cuts at a Wait thought only after the answer has settled, through the analyzer', async () => {
		// Restates its answer (25) several times, with Waits in between.
		const trace = traces[1];
		assert.ok(trace !== undefined);
		const answerer = new CompletionsTrialAnswerer({
			baseURL: emulator.url,
			model: emulator.state.models[0] ?? '',
			renderPrompt: render,
		});
		const policy = new OnlineDeerPolicy({ answerer, problem: trace.problem });
		const cuts: StopCut[] = [];
		const analyzer = new ChainAnalyzer({
			policy,
			onEvent: (e) => e.type === 'cut' && cuts.push(e.cut),
		});
		for (const paragraph of trace.thinking.split(/(?<=\n\n)/)) {
			analyzer.push(paragraph);
			await policy.settled();
		}
		const analysis = await analyzer.end();
		await policy.settled();
		const cut = cuts[0];
		assert.ok(cut !== undefined, policy.stateAt(analysis.thoughts.length - 1));
		assert.equal(cut.trigger, 'confident-answer');
		const cutThought = analysis.thoughts[cut.thought + 1];
		assert.ok(cutThought !== undefined && cutThought.opener?.kind === 'marker');
		assert.ok(
			cutThought.charStart >= firstFinalStatementEnd(trace),
			'not before the final answer was first stated',
		);
		assert.match(cut.explanation, /trial answer .* confidence 0\.99/);
	});

	it('runs DEER online in a dataset evaluation next to the other policies', async () => {
		// Paced so that trials come back while the chain still streams, as against a real server.
		const paced = await startEmulator({
			traces,
			...FAST,
			tokensPerSecond: 4000,
			tokensPerChunk: 4,
		});
		const client = await ReasoningClient.create({ baseUrl: paced.url });
		try {
			const model = paced.state.models[0] ?? '';
			const trialAnswerer = new CompletionsTrialAnswerer({
				baseURL: paced.url,
				model,
				renderPrompt: render,
			});
			const before = paced.log.entries.length;
			const evaluation = await evaluateDataset({
				problems,
				variants: [makeVariant('deer'), makeVariant('trimr')],
				client,
				model,
				online: { trialAnswerer },
			});
			assert.equal(evaluation.settings.online, true);
			const trials = paced.log.entries
				.slice(before)
				.filter((e) => e.continuation?.source.startsWith('trial-') === true);
			assert.ok(trials.length > 0, 'DEER asked the model');
			const deerRuns = evaluation.problems.flatMap((p) =>
				p.trimmed.filter((t) => t.variant === 'deer'),
			);
			assert.equal(deerRuns.length, problems.length);
			assert.ok(deerRuns.every((r) => r.status === 'complete'));
			assert.ok(
				deerRuns.some((r) => r.cut?.explanation.includes("model's trial answer") === true),
				'at least one online DEER cut',
			);
		} finally {
			await client.close();
			await paced.close();
		}
	});
});
