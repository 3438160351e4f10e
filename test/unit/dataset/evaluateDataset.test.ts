import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { compareAnswers } from '../../../src/core/answers/equivalence';
import { analyzeTrace } from '../../../src/core/engine/analyzeTrace';
import { evaluateDataset } from '../../../src/core/dataset/evaluateDataset';
import type {
	DatasetEvaluation,
	EvaluationProgress,
	TrimmedRun,
} from '../../../src/core/dataset/evaluationTypes';
import { buildVariants } from '../../../src/core/dataset/policyVariants';
import { finalAnswerOf } from '../../../src/core/run/comparison';
import { ReasoningClient } from '../../../src/core/stream/reasoningClient';
import type { TraceRecord } from '../../../src/core/traces/traceRecord';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/server';
import { FAST, sampleDataset } from './fixtures';

const close = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;

describe('evaluateDataset: 20 sample problems, TrimR and Dynasor, against the emulator', () => {
	const { traces, problems } = sampleDataset(20);
	const byId = new Map(traces.map((t) => [t.id, t]));
	const variants = buildVariants(['trimr', 'dynasor']);
	let emulator: RunningEmulator;
	let client: ReasoningClient;
	let evaluation: DatasetEvaluation;
	const events: EvaluationProgress[] = [];
	let maxInFlight = 0;

	before(async () => {
		emulator = await startEmulator({ traces, ...FAST });
		client = await ReasoningClient.create({ baseUrl: emulator.url });
		const inFlight = new Set<number>();
		evaluation = await evaluateDataset({
			problems,
			variants,
			client,
			model: emulator.state.models[0] ?? '',
			concurrency: 2,
			dataset: { file: 'samples-dataset.jsonl' },
			onProgress: (event) => {
				events.push(event);
				if (event.type === 'run-start') {
					inFlight.add(event.problem);
					maxInFlight = Math.max(maxInFlight, inFlight.size);
				} else if (event.type === 'problem-end') {
					inFlight.delete(event.problem);
				}
			},
		});
	});
	after(async () => {
		await client.close();
		await emulator.close();
	});

	it('runs every problem untrimmed and with each policy, all complete', () => {
		assert.equal(evaluation.cancelled, false);
		assert.equal(evaluation.problems.length, 20);
		for (const p of evaluation.problems) {
			assert.equal(p.status, 'done', p.id);
			assert.equal(p.untrimmed?.status, 'complete', `${p.id}: ${p.untrimmed?.error ?? ''}`);
			assert.deepEqual(
				p.trimmed.map((t) => [t.variant, t.status]),
				[
					['trimr', 'complete'],
					['dynasor', 'complete'],
				],
				p.id,
			);
		}
		assert.equal(evaluation.settings.dialect, 'vllm');
		assert.ok(!evaluation.settings.baseUrl.includes('@'));
	});

	it('records the untrimmed chain as the server sent it, graded against the gold answer', () => {
		let graded = 0;
		for (const p of evaluation.problems) {
			const trace = byId.get(p.id) as TraceRecord;
			const u = p.untrimmed;
			assert.ok(u !== undefined);
			assert.equal(u.keptThinkingTokens, u.generatedThinkingTokens);
			assert.ok(u.generatedThinkingTokens > 0);
			assert.equal(u.cut, undefined, 'the untrimmed run is never cut');
			assert.ok(u.answerTokens > 0);
			assert.ok(u.thoughts > 0);
			// The emulator answers with the trace's final response, and that answer is what gets graded.
			assert.equal(u.answerText.trim(), (trace.final ?? '').trim(), p.id);
			assert.equal(u.answer, finalAnswerOf(trace.final ?? ''), p.id);
			assert.equal(
				u.correct,
				u.answer !== undefined && compareAnswers(u.answer, trace.goldAnswer ?? '').equivalent,
				p.id,
			);
			if (
				u.answer !== undefined &&
				compareAnswers(u.answer, trace.predictedAnswer ?? '').equivalent
			) {
				// Where the response states the source's answer, the grade agrees with the source's.
				assert.equal(
					u.correct,
					compareAnswers(trace.predictedAnswer ?? '', trace.goldAnswer ?? '').equivalent,
					p.id,
				);
				graded++;
			}
			assert.ok(
				u.neededThinkingTokens !== undefined && u.neededThinkingTokens <= u.generatedThinkingTokens,
			);
		}
		assert.ok(graded >= 15, `only ${graded} responses state the source's answer`);
	});

	it('cuts where each policy marks the untrimmed chain, and where the offline analysis cuts', async () => {
		let cuts = 0;
		for (const p of evaluation.problems) {
			const trace = byId.get(p.id) as TraceRecord;
			for (const t of p.trimmed) {
				const mark = p.untrimmed?.marks[t.variant];
				// The live chain was generated (and counted) as the served model's, so analyse it as that model's.
				const offline = await analyzeTrace(
					{ ...trace, model: emulator.state.models[0] },
					{ policy: t.variant === 'trimr' ? 'trimr' : 'dynasor' },
				);
				if (t.cut !== undefined) {
					cuts++;
					assert.equal(
						t.cut.tokenOffset,
						mark?.tokenOffset,
						`${p.id} ${t.variant}: act cut vs watch mark`,
					);
					assert.equal(
						t.cut.tokenOffset,
						offline.cut?.tokenOffset,
						`${p.id} ${t.variant}: live vs offline`,
					);
					assert.equal(t.cut.trigger, offline.cut?.trigger);
				}
			}
		}
		assert.ok(cuts >= 5, `only ${cuts} cuts over 40 trimmed runs`);
	});

	it('keeps the figures of each pair consistent', () => {
		for (const p of evaluation.problems) {
			const u = p.untrimmed;
			assert.ok(u !== undefined);
			for (const t of p.trimmed as TrimmedRun[]) {
				const where = `${p.id} ${t.variant}`;
				assert.ok(t.keptThinkingTokens <= t.generatedThinkingTokens, where);
				assert.ok(t.keptThinkingTokens <= u.generatedThinkingTokens, where);
				assert.equal(
					t.savedThinkingTokens,
					u.generatedThinkingTokens - t.keptThinkingTokens,
					where,
				);
				assert.ok(
					t.savedShare !== undefined &&
						close(t.savedShare, 1 - t.keptThinkingTokens / u.generatedThinkingTokens),
					where,
				);
				assert.ok(
					t.savedTimeShare !== undefined && close(t.savedTimeShare, 1 - t.wallMs / u.wallMs),
					where,
				);
				if (t.cut === undefined) {
					// Nothing cut: the same chain and the same answer as untrimmed.
					assert.equal(t.keptThinkingTokens, u.generatedThinkingTokens, where);
					assert.equal(t.sameAsUntrimmed, true, where);
				} else {
					assert.ok(t.keptThinkingTokens < u.generatedThinkingTokens, where);
					assert.equal(t.keptThinkingTokens, t.cut.tokenOffset, where);
					assert.ok(t.cutLagMs !== undefined && t.cutLagMs >= 0, where);
				}
				assert.equal(
					t.sameAsUntrimmed,
					t.answer !== undefined &&
						u.answer !== undefined &&
						compareAnswers(t.answer, u.answer).equivalent,
					where,
				);
				assert.equal(
					t.correct,
					t.answer !== undefined && compareAnswers(t.answer, p.goldAnswer ?? '').equivalent,
					where,
				);
			}
		}
	});

	it('aggregates match the per-run records', () => {
		const u = evaluation.untrimmed;
		const runs = evaluation.problems.map((p) => p.untrimmed);
		assert.equal(u.completed, 20);
		assert.equal(u.graded, 20);
		assert.equal(u.correct, runs.filter((r) => r?.correct === true).length);
		assert.ok(u.accuracy !== undefined && close(u.accuracy, u.correct / 20));
		for (const a of evaluation.aggregates) {
			const pairs = evaluation.problems.map((p) => ({
				u: p.untrimmed,
				t: p.trimmed.find((t) => t.variant === a.variant),
			}));
			const correct = pairs.filter((x) => x.t?.correct === true).length;
			const kept = pairs.reduce((n, x) => n + (x.t?.keptThinkingTokens ?? 0), 0);
			const generated = pairs.reduce((n, x) => n + (x.u?.generatedThinkingTokens ?? 0), 0);
			const flips = pairs.filter((x) => x.t?.sameAsUntrimmed === false).length;
			assert.equal(a.compared, 20);
			assert.equal(a.errors, 0);
			assert.equal(a.graded, 20);
			assert.equal(a.correctTrimmed, correct);
			assert.ok(a.accuracyTrimmed !== undefined && close(a.accuracyTrimmed, correct / 20));
			assert.ok(a.accuracyUntrimmed !== undefined && close(a.accuracyUntrimmed, u.correct / 20));
			assert.equal(a.keptThinkingTokens, kept);
			assert.equal(a.untrimmedThinkingTokens, generated);
			assert.ok(
				a.savedThinkingShare !== undefined && close(a.savedThinkingShare, 1 - kept / generated),
			);
			assert.ok(a.savedThinkingShare > 0, `${a.variant} saved nothing`);
			assert.equal(a.flips, flips);
			assert.ok(a.flipRate !== undefined && close(a.flipRate, flips / 20));
			assert.equal(a.cuts, pairs.filter((x) => x.t?.cut !== undefined).length);
			assert.equal(
				Object.values(a.triggers).reduce((n, c) => n + c, 0),
				a.cuts,
			);
			// The emulator replays deterministically, so the untrimmed marks predict the saving exactly.
			assert.ok(
				a.predictedSavedShare !== undefined && close(a.predictedSavedShare, a.savedThinkingShare),
			);
			assert.equal(a.brokeCorrect - a.fixedWrong, a.correctUntrimmed - a.correctTrimmed);
		}
	});

	it('reports progress run by run, with bounded concurrency', () => {
		assert.equal(events[0]?.type, 'start');
		assert.deepEqual(events.at(-1), { type: 'end', cancelled: false });
		const ends = events.filter((e) => e.type === 'run-end');
		assert.equal(ends.length, 60);
		assert.deepEqual(
			ends.map((e) => e.runsDone),
			Array.from({ length: 60 }, (_, i) => i + 1),
		);
		assert.ok(ends.every((e) => e.runs === 60 && e.problems === 20));
		const problemEnds = events.filter((e) => e.type === 'problem-end');
		assert.deepEqual(
			problemEnds.map((e) => e.problem).sort((a, b) => a - b),
			Array.from({ length: 20 }, (_, i) => i),
		);
		for (let i = 0; i < 20; i++) {
			const phases = events
				.filter((e) => e.type === 'run-start' && e.problem === i)
				.map((e) => (e.type === 'run-start' ? e.phase : ''));
			assert.deepEqual(phases, ['untrimmed', 'trimr', 'dynasor']);
		}
		assert.equal(maxInFlight, 2, 'two problems in flight at once, never more');
	});
});
