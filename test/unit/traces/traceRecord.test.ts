import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
	formatTraceLineError,
	parseTraceJsonl,
	parseTraceLine,
} from '../../../src/core/traces/traceRecord';

describe('parseTraceJsonl', () => {
	it('reads the shared traces format and keeps provenance', () => {
		const line = JSON.stringify({
			id: 'x1',
			problem: 'What is 2+3?',
			thinking: 'Okay.\n\nSo 5.',
			final: 'The answer is 5.',
			predicted_answer: '5',
			gold_answer: 5,
			source_repo: 'owner/repo',
			license: 'MIT',
			extra: 'ignored',
		});
		const { records, errors } = parseTraceJsonl(`${line}\n`, 'a.jsonl');
		assert.deepEqual(errors, []);
		assert.equal(records[0]?.goldAnswer, '5');
		assert.equal(records[0]?.source?.license, 'MIT');
	});

	it('reports a bad line with file and line number and keeps the rest', () => {
		const good = JSON.stringify({ id: 'ok', thinking: 't' });
		const text = [good, '{not json', '', JSON.stringify({ id: 'nothink' }), '[1,2]', good].join(
			'\n',
		);
		const { records, errors } = parseTraceJsonl(text, 'runs.jsonl');
		assert.equal(records.length, 2);
		assert.deepEqual(
			errors.map((e) => e.line),
			[2, 4, 5],
		);
		assert.match(formatTraceLineError(errors[0]!), /^runs\.jsonl:2: not valid JSON/);
		assert.equal(
			formatTraceLineError(errors[1]!),
			'runs.jsonl:4: trace "nothink" has no "thinking" text',
		);
		assert.equal(errors[2]?.message, 'not a JSON object');
	});

	it('requires an id', () => {
		const result = parseTraceLine('{"thinking":"x"}', 'f', 1);
		assert.equal(result.ok, false);
		assert.equal(result.ok ? '' : result.error.message, 'missing "id"');
	});
});
