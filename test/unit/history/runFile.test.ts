// Open Trace File reads runs and traces through src/core/history/runFile.ts and stores each as
// importedRecord (src/core/run/runRecords.ts) builds it: the same code the extension runs, without it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runsInFile } from '../../../src/core/history/runFile';
import { runToJson, type RunRecord } from '../../../src/core/history/runRecord';
import { importedRecord } from '../../../src/core/run/runRecords';
import { tokenCounterFor } from '../../../src/core/tokens/tokenCounter';

const NOW = '2026-12-05T00:00:00.000Z';
const saved: RunRecord = {
	id: 'run-1',
	name: 'Two plus two',
	kind: 'replay',
	status: 'partial',
	createdAt: '2026-01-01T00:00:00.000Z',
	problem: 'What is 2 + 2?',
	thinking: 'Two and two make four.',
	final: 'The answer is 4.',
	model: 'deepscaler',
	thinkingTokens: 7,
	answerTokens: 5,
};

describe('runs read from a file', () => {
	it('reads JSONL: saved runs keep their kind, plain traces are imported, bad lines are numbered', () => {
		const text = [
			JSON.stringify(runToJson(saved)),
			'',
			'{not json',
			JSON.stringify({ id: 't1', thinking: 'Hmm.', final: '4', problem: 'What is 2 + 2?' }),
			JSON.stringify({ nothing: true }),
		].join('\n');
		const { runs, errors } = runsInFile(text, 'mixed.jsonl', NOW);
		assert.deepEqual(
			runs.map((r) => [r.id, r.kind, r.status]),
			[
				['run-1', 'replay', 'partial'],
				['t1', 'imported', 'complete'],
			],
		);
		assert.equal(runs[1]?.createdAt, NOW);
		assert.deepEqual(
			errors.map((e) => [e.file, e.line]),
			[
				['mixed.jsonl', 3],
				['mixed.jsonl', 5],
			],
		);
		assert.match(errors[0]?.message ?? '', /^not valid JSON/);
	});

	it('reads one JSON document: an array numbers its items, a single run is line 1', () => {
		const array = runsInFile(JSON.stringify([runToJson(saved), { id: 'x' }]), 'runs.json', NOW);
		assert.deepEqual(
			array.runs.map((r) => r.id),
			['run-1'],
		);
		assert.deepEqual(
			array.errors.map((e) => e.line),
			[2],
		);
		const one = runsInFile(JSON.stringify(runToJson(saved), null, 2), 'run.json', NOW);
		assert.deepEqual(
			one.runs.map((r) => r.id),
			['run-1'],
		);
	});

	it('stores a run under its free id, keeping the counts the file gave and counting the missing ones', () => {
		const kept = importedRecord(saved, 'run-1-2');
		assert.equal(kept.id, 'run-1-2');
		assert.equal(kept.thinkingTokens, 7);
		assert.equal(kept.answerTokens, 5);
		assert.equal(kept.kind, 'replay');
		const counted = importedRecord({ ...saved, thinkingTokens: 0, answerTokens: 0 }, 'run-1');
		const counter = tokenCounterFor(saved.model);
		assert.equal(counted.thinkingTokens, counter.count(saved.thinking));
		assert.equal(counted.answerTokens, counter.count(saved.final));
		assert.ok(counted.thinkingTokens > 0 && counted.answerTokens > 0);
	});
});
