import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { TRIMMING_POLICIES } from '../../../src/core/dataset/policyVariants';
import { analyzeTrace } from '../../../src/core/engine/analyzeTrace';
import { ChainAnalyzer } from '../../../src/core/engine/chainAnalyzer';
import { referenceTimeline } from '../../../src/core/evaluation/answerTimeline';
import { evaluateTrace } from '../../../src/core/evaluation/evaluateTrace';
import {
	bestByFlipCount,
	bestSavedAt,
	policyFront,
	SweepAccumulator,
	sweepVariants,
	type SweepPoint,
} from '../../../src/core/evaluation/sweep';
import {
	inSplit,
	LENGTH_BUCKETS,
	lengthBucketOf,
	parseSplitSelection,
	splitOfProblem,
} from '../../../src/core/evaluation/traceSplit';
import { parseTraceJsonl } from '../../../src/core/traces/traceRecord';
import { handMadeChain } from '../policies/handMade';
import { runCli } from '../cli/runCli';
import { flipCountTable } from '../../../src/cli/sweepReport';

const samplesFile = join(__dirname, '../../../media/traces/samples.jsonl');
const samples = parseTraceJsonl(readFileSync(samplesFile, 'utf8'), samplesFile).records;
const dir = mkdtempSync(join(tmpdir(), 'thinktrim-sweep-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('sweeps', () => {
	it('`all` runs every policy over a documented grid of at least five settings, budget over 1024–8192', () => {
		const variants = sweepVariants('all');
		for (const policy of TRIMMING_POLICIES) {
			assert.ok(variants.filter((v) => v.policy === policy).length >= 5, policy);
		}
		const budgets = variants.filter((v) => v.policy === 'budget').map((v) => v.parameters.B);
		for (const tokens of [1024, 2048, 4096, 8192]) {
			assert.ok(budgets.includes(tokens), `budget ${tokens}`);
		}
		assert.equal(new Set(variants.map((v) => v.key)).size, variants.length, 'no setting twice');
		assert.ok(
			variants.some((v) => v.policy === 'trimr' && v.parameters.M === 1 && v.parameters.L === 2000),
			'the default setting is on the grid',
		);
	});

	it('replays the verdicts once analysed and gives each setting what a full analysis with it gives', async () => {
		const variants = sweepVariants(
			'trimr:M=1,2,3;trimr-paper:M=2;deer:W=2;dynasor:N=3;budget:B=1024,4096',
		);
		const sweep = new SweepAccumulator(variants);
		for (const trace of samples) {
			const analysis = await analyzeTrace(trace, { policy: 'none' });
			sweep.add({
				trace,
				thoughts: analysis.thoughts,
				steps: analysis.steps,
				timeline: referenceTimeline(analysis.thoughts, trace.problem),
			});
		}
		const points = sweep.points();
		for (const point of points) {
			let saved = 0;
			let flips = 0;
			for (const trace of samples) {
				const own = await analyzeTrace(trace, {
					policy: point.variant.policy,
					policyOptions: point.variant.options,
				});
				saved += own.evaluation.savedTokens;
				flips += own.evaluation.flipped ? 1 : 0;
			}
			assert.deepEqual([point.savedTokens, point.flips], [saved, flips], point.variant.key);
			assert.equal(point.traces, samples.length);
		}
		assert.ok(points.some((p) => p.savedTokens > 0));
	});

	it('keeps only non-dominated settings on a front, and finds the best saving at a flip rate', () => {
		const point = (key: string, savedTokens: number, flips: number): SweepPoint => ({
			variant: { key, policy: 'trimr', options: {}, parameters: {}, label: key, description: key },
			traces: 100,
			thinkingTokens: 1000,
			savedTokens,
			oracleSavedTokens: 300,
			flips,
			cuts: 10,
		});
		const points = [point('a', 100, 0), point('b', 90, 1), point('c', 300, 2), point('d', 250, 2)];
		assert.deepEqual(
			policyFront(points).map((p) => p.variant.key),
			['a', 'c'],
		);
		assert.equal(bestSavedAt(points, 0.01), 0.1);
		assert.equal(bestSavedAt(points, 0.02), 0.3);
	});
});

describe('the front by flip count', () => {
	const point = (
		policy: SweepPoint['variant']['policy'],
		key: string,
		savedTokens: number,
		flips: number,
	): SweepPoint => ({
		variant: { key, policy, options: {}, parameters: {}, label: key, description: key },
		traces: 100,
		thinkingTokens: 1000,
		savedTokens,
		oracleSavedTokens: 300,
		flips,
		cuts: 10,
	});
	const points = [
		point('trimr', 'trimr:M=3', 40, 0),
		point('trimr', 'trimr:M=1', 200, 2),
		point('deer', 'deer:W=3', 50, 0),
		point('deer', 'deer:W=2', 90, 1),
		point('budget', 'budget:B=1024', 250, 9),
	];

	it("names, at each flip count, each policy's best setting with at most that many flips", () => {
		const rows = bestByFlipCount(points, 2);
		assert.deepEqual(
			rows.map((r) => [r.flips, r.best.get('trimr')?.variant.key, r.best.get('deer')?.variant.key]),
			[
				[0, 'trimr:M=3', 'deer:W=3'],
				[1, 'trimr:M=3', 'deer:W=2'],
				[2, 'trimr:M=1', 'deer:W=2'],
			],
		);
		assert.deepEqual(
			rows.map((r) => r.winners),
			[['deer'], ['deer'], ['trimr']],
		);
		assert.equal(rows[0]?.best.has('budget'), false);
	});

	it('prints the winner and its setting at each flip count up to 2 % of the traces', () => {
		const lines = flipCountTable(points);
		assert.equal(lines[1], 'best saving at each flip count, up to 2 % of 100 traces (2 flips)');
		assert.match(lines[2] ?? '', /^ +flips +TrimR +DEER +Budget +winner$/);
		assert.match(lines[3] ?? '', /^ +0 +4\.0 % +5\.0 % +– +deer:W=3 \(0 flips\)$/);
		assert.match(lines[4] ?? '', /^ +1 +4\.0 % +9\.0 % +– +deer:W=2 \(1 flip\)$/);
		assert.match(lines[5] ?? '', /^ +2 +20\.0 % +9\.0 % +– +trimr:M=1 \(2 flips\)$/);
		assert.equal(lines.length, 6);
	});

	it('calls an equal saving a tie, and no saving no winner', () => {
		const tied = [
			point('trimr', 'a', 50, 0),
			point('deer', 'b', 50, 0),
			point('budget', 'c', 0, 0),
		];
		assert.deepEqual(bestByFlipCount(tied, 0)[0]?.winners, ['trimr', 'deer']);
		assert.deepEqual(bestByFlipCount([point('budget', 'c', 0, 0)], 0)[0]?.winners, []);
	});
});

describe('a cut that removes nothing is no cut', () => {
	it('drops a closing-rule cut made when the last thought closes, in the analyzer and in the evaluation', async () => {
		// The second "7" (which confirms the first) is in the last thought: by then the stream has ended.
		const text =
			'Work: 3 + 4. So the answer is 7.\n\nWait, let me check: 3 + 4 = 7. So the answer is 7.';
		const analyzer = new ChainAnalyzer({ problem: 'What is 3 + 4?' });
		analyzer.push(text);
		const analysis = await analyzer.end();
		assert.equal(analysis.thoughts.length, 2);
		assert.equal(analysis.cut, undefined);
		const { thoughts, steps } = handMadeChain([{ answer: '7' }, { answer: '7' }]);
		const late = {
			policy: 'trimr' as const,
			thought: 1,
			tokenOffset: 190,
			trigger: 'overthinking' as const,
			explanation: '',
		};
		const e = evaluateTrace(
			{ trace: { id: 't', thinking: thoughts.map((t) => t.text).join('') }, thoughts, steps },
			late,
		);
		assert.deepEqual([e.cut, e.savedTokens, e.flipped], [undefined, 0, false]);
		// The same thought's cut from a token rule (a budget) does remove thinking.
		assert.equal(
			evaluateTrace(
				{ trace: { id: 't', thinking: '' }, thoughts, steps },
				{ ...late, trigger: 'budget' },
			).savedTokens,
			10,
		);
	});
});

describe('problem-level split and length buckets', () => {
	it('puts every recording of a problem in the same half, whatever its case and spacing', () => {
		assert.equal(splitOfProblem('  What is 2 + 2?'), splitOfProblem('what is 2 + 2?'));
		const halves = new Set(samples.map((t) => splitOfProblem(t.problem)));
		assert.deepEqual([...halves].sort(), ['dev', 'train']);
	});

	it('folds the train half for cross-validation: each train problem in one fold, dev in none', () => {
		const problems = Array.from({ length: 200 }, (_, i) => `What is ${i} times ${i * 7 + 3}?`);
		const train = problems.filter((p) => splitOfProblem(p) === 'train');
		const dev = problems.filter((p) => splitOfProblem(p) === 'dev');
		assert.ok(train.length > 50 && dev.length > 50);
		const folds = [1, 2, 3, 4, 5].map((k) => parseSplitSelection(`train-fold-${k}-of-5`));
		for (const p of train) {
			assert.equal(folds.filter((f) => inSplit(p, f)).length, 1);
		}
		for (const p of dev) {
			assert.equal(folds.filter((f) => inSplit(p, f)).length, 0);
			assert.equal(inSplit(p, parseSplitSelection('train-rest-1-of-5')), false);
		}
		const fold2 = parseSplitSelection('train-fold-2-of-5');
		const rest2 = parseSplitSelection('train-rest-2-of-5');
		for (const p of train) {
			assert.notEqual(inSplit(p, fold2), inSplit(p, rest2));
		}
		assert.ok(train.some((p) => inSplit(p, fold2)));
		assert.equal(inSplit(train[0], parseSplitSelection('train')), true);
		assert.equal(inSplit(dev[0], parseSplitSelection('dev')), true);
		for (const bad of ['train-fold-0-of-5', 'train-fold-6-of-5', 'train-fold-1-of-1', 'test']) {
			assert.throws(() => parseSplitSelection(bad), /--split must be/);
		}
	});

	it('buckets by thinking tokens at 2k and 8k', () => {
		assert.deepEqual([1999, 2000, 7999, 8000].map(lengthBucketOf), [
			'under-2k',
			'2k-8k',
			'2k-8k',
			'8k-plus',
		]);
		assert.deepEqual(LENGTH_BUCKETS, ['under-2k', '2k-8k', '8k-plus']);
	});
});

describe('thinktrim analyze --sweep / --param / --split', () => {
	it('prints one JSON line per setting with the documented keys', async () => {
		const { code, out, err } = await runCli([
			'analyze',
			samplesFile,
			'--sweep',
			'trimr:M=1,2;deer:threshold=0.9;budget:tokens=1024,2048',
			'--json',
		]);
		assert.equal(err, '');
		assert.equal(code, 0);
		const lines = out
			.trim()
			.split('\n')
			.map((l) => (JSON.parse(l) as { sweep: Record<string, unknown> }).sweep);
		assert.equal(lines.length, 5);
		assert.deepEqual(Object.keys(lines[0] ?? {}).slice(0, 8), [
			'policy',
			'params',
			'traces',
			'thinkingTokens',
			'savedTokens',
			'oracleSavedTokens',
			'flips',
			'cuts',
		]);
		assert.deepEqual(
			lines.map((l) => [l.policy, l.params]),
			[
				['trimr', { M: 1 }],
				['trimr', { M: 2 }],
				['deer', { λ: 0.9 }],
				['budget', { B: 1024 }],
				['budget', { B: 2048 }],
			],
		);
	});

	it('draws a table per policy and the saved-vs-flips front in text', async () => {
		const { code, out } = await runCli([
			'analyze',
			samplesFile,
			'--sweep',
			'trimr:M=1,2;budget:B=1024,2048',
		]);
		assert.equal(code, 0);
		assert.match(out, /^TrimR$/m);
		assert.match(out, /TrimR M=2 +\d+\.\d %/);
		// Each setting's flips with the upper end of their 95 % interval (wide on 24 chains).
		assert.match(out, / +flips +up to +cuts$/m);
		assert.match(out, /TrimR M=1 .* \d+ \([\d.]+ %\) +[1-9]\d\.\d % +\d+$/m);
		assert.match(out, /saved vs flips/);
		assert.match(out, /\|[ TBPEDR*]*[TB*]/);
		// The winner at each flip count, up to 2 % of the traces (24 samples: 0 flips only).
		assert.match(out, /best saving at each flip count, up to 2 % of 24 traces \(0 flips\)/);
		assert.match(out, /^ +flips +TrimR +Budget +winner$/m);
		// No setting keeps every answer on the samples: no winner.
		assert.match(out, /^ +0 +– +– +–$/m);
	});

	it('runs one setting with --param, the same as that setting in a sweep', async () => {
		const single = await runCli([
			'analyze',
			samplesFile,
			'--policy',
			'trimr',
			'--param',
			'M=3',
			'--json',
		]);
		const swept = await runCli(['analyze', samplesFile, '--sweep', 'trimr:M=3', '--json']);
		const summary = (
			JSON.parse(single.out.trim().split('\n').at(-1) ?? '{}') as {
				summary: { savedTokens: number; flips: number };
			}
		).summary;
		const point = (
			JSON.parse(swept.out.trim()) as { sweep: { savedTokens: number; flips: number } }
		).sweep;
		assert.deepEqual([summary.savedTokens, summary.flips], [point.savedTokens, point.flips]);
		const bad = await runCli(['analyze', samplesFile, '--param', 'K=3']);
		assert.equal(bad.code, 2);
		assert.match(bad.err, /unknown parameter "K" for trimr/);
	});

	it('analyses only the chosen half with --split, and the halves add up', async () => {
		const traces = async (extra: string[]): Promise<number> => {
			const { out } = await runCli(['analyze', samplesFile, '--json', ...extra]);
			return (JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as { summary: { traces: number } })
				.summary.traces;
		};
		const [all, train, dev] = [
			await traces([]),
			await traces(['--split', 'train']),
			await traces(['--split', 'dev']),
		];
		assert.equal(train + dev, all);
		assert.ok(train > 0 && dev > 0);
		const [fold, rest] = [
			await traces(['--split', 'train-fold-1-of-2']),
			await traces(['--split', 'train-rest-1-of-2']),
		];
		assert.equal(fold + rest, train);
		const wrong = await runCli(['analyze', samplesFile, '--split', 'test']);
		assert.equal(wrong.code, 2);
		assert.match(wrong.err, /--split must be train, dev, train-fold-K-of-N or train-rest-K-of-N/);
	});
});
