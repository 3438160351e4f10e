import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnalyzerEvent } from '../../../src/core/engine/analyzerEvents';
import { analyzeTrace } from '../../../src/core/engine/analyzeTrace';
import { ChainAnalyzer } from '../../../src/core/engine/chainAnalyzer';
import { BudgetPolicy } from '../../../src/core/policies/budgetPolicy';
import { createPolicy } from '../../../src/core/policies/createPolicy';
import type { TraceRecord } from '../../../src/core/traces/traceRecord';
import { HeuristicVerifier } from '../../../src/core/verifier/heuristicVerifier';
import type {
	AnswerPresenceQuestion,
	EquivalenceQuestion,
	Verifier,
} from '../../../src/core/verifier/verdict';
import { bundledSamples } from '../../harness/sampleTraces';

const samples = bundledSamples();

/** A heuristic verifier that answers after a random delay, concurrently (as a remote one would). */
class SlowVerifier implements Verifier {
	readonly kind = 'llm';
	readonly concurrent = true;
	readonly description = 'slow test verifier';
	inFlight = 0;
	maxInFlight = 0;
	private readonly inner = new HeuristicVerifier();
	private delay(): Promise<void> {
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		return new Promise((resolve) =>
			setTimeout(() => {
				this.inFlight--;
				resolve();
			}, Math.random() * 15),
		);
	}
	async answerPresence(q: AnswerPresenceQuestion) {
		await this.delay();
		return this.inner.answerPresence(q);
	}
	async equivalence(q: EquivalenceQuestion) {
		await this.delay();
		return this.inner.equivalence(q);
	}
}

describe('ChainAnalyzer', () => {
	it('emits thought, verdict, step, label, policyState and cut events, steps in chain order', async () => {
		const events: AnalyzerEvent[] = [];
		const analyzer = new ChainAnalyzer({
			verifier: new SlowVerifier(),
			onEvent: (e) => events.push(e),
		});
		const trace = samples.find((t) => t.id === 'tegra-dsr1.5-aime24-b4096-89');
		assert.ok(trace !== undefined);
		analyzer.push(trace.thinking);
		const result = await analyzer.end();
		const steps = events
			.filter((e) => e.type === 'step')
			.map((e) => (e.type === 'step' ? e.step.thought.index : -1));
		assert.deepEqual(
			steps,
			result.thoughts.map((t) => t.index),
		);
		assert.equal(events.filter((e) => e.type === 'thought').length, result.thoughts.length);
		assert.equal(events.filter((e) => e.type === 'cut').length, result.cut === undefined ? 0 : 1);
		assert.equal(events.filter((e) => e.type === 'policyState').length, result.thoughts.length);
		assert.ok(
			events.filter((e) => e.type === 'label' && !e.revised).length === result.thoughts.length,
		);
		// Every step's p1 verdict was announced before the step itself.
		const firstVerdict = events.findIndex((e) => e.type === 'verdict');
		const firstStep = events.findIndex((e) => e.type === 'step');
		assert.ok(firstVerdict >= 0 && firstVerdict < firstStep);
	});

	it('overlaps verifier calls for a remote verifier without ever blocking push()', async () => {
		const verifier = new SlowVerifier();
		const analyzer = new ChainAnalyzer({ verifier });
		const trace = samples.find((t) => t.id === 'tegra-dsr1.5-aime24-b8192-62');
		assert.ok(trace !== undefined);
		for (let i = 0; i < trace.thinking.length; i += 50) {
			analyzer.push(trace.thinking.slice(i, i + 50));
		}
		// push() is synchronous: every thought has closed and its p1 question is in flight, none answered yet.
		assert.ok(verifier.inFlight > 1, `questions in flight after the feed (${verifier.inFlight})`);
		const result = await analyzer.end();
		assert.ok(verifier.maxInFlight > 1, `calls overlapped (${verifier.maxInFlight})`);
		assert.equal(result.steps.length, result.thoughts.length);
	});

	it('gives the same analysis whatever the chunking', async () => {
		for (const trace of samples.slice(0, 8)) {
			const whole = new ChainAnalyzer();
			whole.push(trace.thinking);
			const a = await whole.end();
			const small = new ChainAnalyzer();
			for (let i = 0; i < trace.thinking.length; i += 7) {
				small.push(trace.thinking.slice(i, i + 7));
			}
			const b = await small.end();
			assert.deepEqual(b.thoughts, a.thoughts, trace.id);
			assert.deepEqual(b.cut, a.cut, trace.id);
			assert.deepEqual(b.labels, a.labels, trace.id);
		}
	});

	it('uses the server token counts when given, and lets token rules fire mid-thought', async () => {
		const events: AnalyzerEvent[] = [];
		const analyzer = new ChainAnalyzer({
			policy: new BudgetPolicy(30),
			onEvent: (e) => events.push(e),
		});
		const words = 'one two three four five six seven eight nine ten '.repeat(6).split(' ');
		for (const w of words) {
			analyzer.push(`${w} `, 1);
		}
		const cutEvent = events.find((e) => e.type === 'cut');
		assert.ok(cutEvent !== undefined && cutEvent.type === 'cut');
		assert.equal(cutEvent.cut.tokenOffset, 30);
		assert.equal(
			events.filter((e) => e.type === 'thought').length,
			0,
			'cut before the thought closed',
		);
		const result = await analyzer.end();
		assert.equal(result.tokenSource, 'server');
		assert.equal(result.thinkingTokens, words.length);
	});

	it('rejects end() when the signal aborts, and refuses text after end()', async () => {
		const controller = new AbortController();
		const analyzer = new ChainAnalyzer({ signal: controller.signal });
		controller.abort();
		analyzer.push('The answer is 3.\n\nWait, the answer is 3.');
		await assert.rejects(analyzer.end());
		const done = new ChainAnalyzer();
		await done.end();
		assert.throws(() => done.push('late'), /has ended/);
	});
});

describe('ChainAnalyzer marks answers given in the problem', () => {
	const trace: TraceRecord = {
		id: 'given',
		problem: 'Which is the smallest multiple of 30 whose digits are all 0 or 2?',
		thinking:
			'We need a multiple of 30, so the answer is 30.\n\nWait, the digits must be 0 or 2, and the answer is 30 only if it has those digits.\n\nWait, 30 has a 3. Try 2220: 2220 / 30 = 74. So the answer is 2220.\n\nWait, let me check: 2220 = 30 * 74. So the answer is 2220.\n\nWait, smaller ones like 220 and 20 are not multiples of 30. So the answer is 2220.\n\nDone.',
		final: 'The answer is 2220.',
	};

	it('so that TrimR waits past a restated given instead of flipping the answer', async () => {
		const analysis = await analyzeTrace(trace, { policy: 'trimr' });
		assert.deepEqual(
			analysis.steps.map((s) => [s.answer?.text, s.answer?.givenInProblem === true]),
			[
				['30', true],
				['30', true],
				['2220', false],
				['2220', false],
				['2220', false],
			],
		);
		assert.equal(analysis.cut?.thought, 3);
		assert.equal(analysis.evaluation.flipped, false);
		// Without the guard the second "30" is taken as the confirmed answer.
		const unguarded = await analyzeTrace(trace, {
			policy: 'trimr',
			policyOptions: { trimr: { givenNumbers: false } },
		});
		assert.equal(unguarded.cut?.thought, 1);
		assert.equal(unguarded.evaluation.flipped, true);
	});
});

describe('ChainAnalyzer predicts the cut (predictor)', () => {
	const problem = 'What is 20 - 8?';
	const waitFor = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
	/** An analyzer with a slow verifier and a TrimR predictor, and the events it reports. */
	const predicting = (): { events: AnalyzerEvent[]; analyzer: ChainAnalyzer } => {
		const events: AnalyzerEvent[] = [];
		const analyzer = new ChainAnalyzer({
			problem,
			verifier: new SlowVerifier(),
			predictor: () => createPolicy('trimr'),
			onEvent: (e) => events.push(e),
		});
		return { events, analyzer };
	};

	it('reports it at the confirming statement, before its thought closes, where the cut is then made', async () => {
		const { events, analyzer } = predicting();
		analyzer.push('Start: 20 - 8. So the answer is 12.\n\nWait, let me recount. ');
		await waitFor(40);
		analyzer.push('Counting down from 20 by 8 gives 12, so the answer is 12. ');
		const predicted = events.find((e) => e.type === 'predictedCut');
		// The statement is known; its thought is still open (no third thought, no cut yet).
		assert.ok(predicted?.type === 'predictedCut');
		assert.equal(predicted.cut.thought, 1);
		assert.equal(events.filter((e) => e.type === 'thought').length, 1);
		analyzer.push('Let me double-check with addition: 12 + 8 = 20.\n\nWait, done.');
		const result = await analyzer.end();
		assert.equal(result.cut?.thought, 1);
		assert.equal(result.cut?.charOffset, predicted.cut.charOffset);
	});

	it('is only a prediction: a thought that goes on to another answer makes no cut there', async () => {
		const { events, analyzer } = predicting();
		analyzer.push('Start: 20 - 8. So the answer is 12.\n\nWait, let me recount. ');
		await waitFor(40);
		analyzer.push('So the answer is 12. ');
		assert.ok(events.some((e) => e.type === 'predictedCut' && e.cut.thought === 1));
		analyzer.push('Hmm, no: I dropped a ten, the answer is 14.\n\nWait, done.');
		const result = await analyzer.end();
		assert.equal(result.cut, undefined);
	});
});
