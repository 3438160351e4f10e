import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareAnswers } from '../../../src/core/answers/equivalence';
import { traceFinalAnswer } from '../../../src/core/answers/traceAnswer';
import type { TraceRecord } from '../../../src/core/traces/traceRecord';
import { bundledTraces, sharedTraceFiles } from './traceFiles';

interface Agreement {
	readonly graded: number;
	readonly agreeing: number;
	readonly misses: string[];
}

/** Extracted final answer vs the trace's recorded `predicted_answer`, over every trace that has one. */
function agreement(records: readonly TraceRecord[]): Agreement {
	let graded = 0;
	let agreeing = 0;
	const misses: string[] = [];
	for (const record of records) {
		if (record.predictedAnswer === undefined || record.predictedAnswer.trim() === '') {
			continue;
		}
		graded++;
		const answer = traceFinalAnswer(record);
		if (answer !== undefined && compareAnswers(answer.value, record.predictedAnswer).equivalent) {
			agreeing++;
		} else {
			misses.push(`${record.id}: got ${JSON.stringify(answer?.value)}, recorded ${JSON.stringify(record.predictedAnswer)}`);
		}
	}
	return { graded, agreeing, misses };
}

describe('final answers of real traces', () => {
	it('agree with the recorded predicted answer on every bundled sample', () => {
		const result = agreement(bundledTraces());
		assert.equal(result.graded, 24);
		// Measured: 24 / 24.
		assert.deepEqual(result.misses, []);
	});

	const shared = sharedTraceFiles();
	it('agree with the recorded predicted answer on at least 99 % of the shared traces', { skip: shared === undefined ? '../shared/data/traces is absent' : false }, () => {
		let graded = 0;
		let agreeing = 0;
		const misses: string[] = [];
		for (const { file, records } of shared ?? []) {
			const result = agreement(records);
			graded += result.graded;
			agreeing += result.agreeing;
			misses.push(...result.misses.map((m) => `${file} ${m}`));
		}
		// Measured: 1,365 of 1,373 graded traces (99.4 %); the misses are finals cut mid-derivation or
		// MMLU-Pro prose answers (see docs/benchmarks.md, "Answer extraction").
		assert.ok(graded > 1000, `only ${graded} traces with a predicted answer`);
		const rate = agreeing / graded;
		assert.ok(rate >= 0.99, `agreement ${(rate * 100).toFixed(2)} % (${agreeing}/${graded}); misses:\n${misses.join('\n')}`);
	});
});
