import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseDatasetJsonl } from '../../../src/core/dataset/datasetProblem';
import {
	buildVariants,
	parsePolicyList,
	parseSweepSpec,
} from '../../../src/core/dataset/policyVariants';
import { createPolicy } from '../../../src/core/policies/createPolicy';
import { SAMPLES } from './fixtures';

describe('parseDatasetJsonl', () => {
	it('reads problems with optional id, gold answer and system prompt, naming unnamed lines', () => {
		const text = [
			'{"id": "p1", "problem": "What is 2+3?", "gold_answer": "5", "system": "Be brief."}',
			'',
			'{"problem": "What is 7*6?", "gold_answer": 42}',
			'{"question": "Natalia sold 48 clips…", "answer": "She sold 48/2 = 24 in May.\\n#### 72"}',
		].join('\n');
		const { problems, errors } = parseDatasetJsonl(text, 'd.jsonl');
		assert.deepEqual(errors, []);
		assert.deepEqual(problems, [
			{ id: 'p1', problem: 'What is 2+3?', goldAnswer: '5', system: 'Be brief.', line: 1 },
			{ id: 'line-3', problem: 'What is 7*6?', goldAnswer: '42', system: undefined, line: 3 },
			{
				id: 'line-4',
				problem: 'Natalia sold 48 clips…',
				goldAnswer: '72',
				system: undefined,
				line: 4,
			},
		]);
	});

	it('reports bad lines with file:line and skips them, keeping the good ones', () => {
		const text = [
			'{"id": "a", "problem": "ok"}',
			'{not json',
			'{"id": "b"}',
			'[1, 2]',
			'{"id": "c", "problem": "  "}',
			'{"id": "a", "problem": "again"}',
			'{"id": "d", "problem": "x", "system": 3}',
			'{"id": "e", "problem": "fine"}',
		].join('\r\n');
		const { problems, errors } = parseDatasetJsonl(text, 'bad.jsonl');
		assert.deepEqual(
			problems.map((p) => p.id),
			['a', 'e'],
		);
		assert.deepEqual(
			errors.map((e) => [e.file, e.line]),
			[
				['bad.jsonl', 2],
				['bad.jsonl', 3],
				['bad.jsonl', 4],
				['bad.jsonl', 5],
				['bad.jsonl', 6],
				['bad.jsonl', 7],
			],
		);
		assert.match(errors[0]?.message ?? '', /not valid JSON/);
		assert.match(errors[1]?.message ?? '', /missing "problem"/);
		assert.match(errors[4]?.message ?? '', /duplicate id "a" \(first at line 1\)/);
		assert.match(errors[5]?.message ?? '', /"system" must be a string/);
	});

	it('accepts the shared trace format as it is (the bundled samples)', () => {
		const text = readFileSync(join(__dirname, '../../../media/traces/samples.jsonl'), 'utf8');
		const { problems, errors } = parseDatasetJsonl(text, 'samples.jsonl');
		assert.deepEqual(errors, []);
		assert.equal(problems.length, SAMPLES.length);
		problems.forEach((p, i) => {
			assert.equal(p.id, SAMPLES[i]?.id);
			assert.equal(p.problem, SAMPLES[i]?.problem);
			assert.equal(p.goldAnswer, SAMPLES[i]?.goldAnswer);
		});
	});

	it('ignores a byte-order mark', () => {
		const { problems, errors } = parseDatasetJsonl('\uFEFF{"problem": "p"}\n', 'bom.jsonl');
		assert.deepEqual(errors, []);
		assert.equal(problems[0]?.problem, 'p');
	});
});

describe('policy variants and sweep specs', () => {
	it('expands a sweep into one variant per value, with the option set', () => {
		const variants = parseSweepSpec('trimr:M=1,2,3');
		assert.deepEqual(
			variants.map((v) => v.key),
			['trimr:M=1', 'trimr:M=2', 'trimr:M=3'],
		);
		assert.deepEqual(
			variants.map((v) => v.options.trimr?.consecutiveAnswers),
			[1, 2, 3],
		);
		assert.equal(variants[0]?.label, 'TrimR M=1');
		assert.match(variants[0]?.description ?? '', /M = 1/);
	});

	it('builds the grid of several parameters and several policies', () => {
		const variants = parseSweepSpec('dynasor:N=2,3:T=32,64; deer:lambda=0.9 ; budget:B=1024');
		assert.deepEqual(
			variants.map((v) => v.key),
			[
				'dynasor:N=2:T=32',
				'dynasor:N=2:T=64',
				'dynasor:N=3:T=32',
				'dynasor:N=3:T=64',
				'deer:λ=0.9',
				'budget:B=1024',
			],
		);
		assert.deepEqual(variants[1]?.options.dynasor, { agreeing: 2, interval: 64 });
		assert.equal(variants[4]?.options.deer?.threshold, 0.9);
		assert.equal(variants[5]?.options.budget, 1024);
		// The options build working policies with those settings.
		assert.match(createPolicy('budget', variants[5]?.options).description, /1024/);
	});

	it('rejects bad specs with a message naming the bad part', () => {
		assert.throws(() => parseSweepSpec('trimr:K=1'), /unknown parameter "K" for trimr; expected M/);
		assert.throws(
			() => parseSweepSpec('trimr:M=0'),
			/trimr M must be an integer at least 1, got "0"/,
		);
		assert.throws(() => parseSweepSpec('trimr:M=1.5'), /integer/);
		assert.throws(() => parseSweepSpec('deer:λ=1.5'), /between 0 and 1/);
		assert.throws(() => parseSweepSpec('deer:λ=0'), /above 0/);
		assert.throws(() => parseSweepSpec('trimr:M'), /NAME=v1,v2/);
		assert.throws(() => parseSweepSpec('trimr:M=1:M=2'), /given twice/);
		assert.throws(
			() => parseSweepSpec('foo:M=1'),
			/unknown policy "foo"; expected trimr, trimr-paper, dynasor, deer, budget/,
		);
		assert.throws(() => parseSweepSpec(' ; '), /names no policy/);
	});

	it('gives listed policies their defaults unless the sweep covers them, without duplicates', () => {
		assert.deepEqual(
			buildVariants().map((v) => v.key),
			['trimr'],
		);
		assert.deepEqual(
			buildVariants(parsePolicyList('trimr, dynasor')).map((v) => v.key),
			['trimr', 'dynasor'],
		);
		assert.deepEqual(
			buildVariants(['trimr', 'dynasor'], 'trimr:M=1,2;trimr:M=2').map((v) => v.key),
			['dynasor', 'trimr:M=1', 'trimr:M=2'],
		);
		assert.throws(() => parsePolicyList('trimr,none'), /unknown policy "none"/);
	});
});
