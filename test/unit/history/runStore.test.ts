import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runFromJson, runToJson, type RunRecord } from '../../../src/core/history/runRecord';
import { RunStore, newRunId, runIdFrom } from '../../../src/core/history/runStore';
import { parseTraceLine } from '../../../src/core/traces/traceRecord';

function run(id: string, changes: Partial<RunRecord> = {}): RunRecord {
	return {
		id,
		name: `run ${id}`,
		kind: 'live',
		status: 'complete',
		createdAt: '2026-11-27T10:00:00.000Z',
		problem: 'What is 2+3?',
		thinking: 'Okay.\n\nSo 5.',
		final: '\\boxed{5}',
		thinkingTokens: 10,
		answerTokens: 3,
		...changes,
	};
}

describe('RunStore', () => {
	let dir = '';
	before(async () => {
		dir = await mkdtemp(join(tmpdir(), 'thinktrim-history-'));
	});
	after(async () => {
		await rm(dir, { recursive: true, force: true });
	});

	it('saves, lists newest first, loads, renames and deletes', async () => {
		const store = new RunStore(join(dir, 'a'));
		assert.deepEqual(await store.list(), { runs: [], problems: [] });
		await store.save(run('r1', { createdAt: '2026-11-27T10:00:00.000Z' }));
		await store.save(
			run('r2', {
				createdAt: '2026-11-27T11:00:00.000Z',
				cut: { thought: 1, tokenOffset: 4, trigger: 'overthinking', explanation: '2 of 2' },
			}),
		);
		const { runs } = await store.list();
		assert.deepEqual(
			runs.map((r) => r.id),
			['r2', 'r1'],
		);
		assert.equal(runs[0]?.savedShare, 0.6);
		assert.equal((await store.load('r1')).thinking, 'Okay.\n\nSo 5.');
		await store.rename('r1', 'renamed');
		assert.equal((await store.list()).runs.find((r) => r.id === 'r1')?.name, 'renamed');
		await store.delete('r1');
		assert.deepEqual(
			(await store.list()).runs.map((r) => r.id),
			['r2'],
		);
		await assert.rejects(store.load('r1'), /ENOENT/);
	});

	it('reports a corrupt entry and still lists the others', async () => {
		const store = new RunStore(join(dir, 'b'));
		await store.save(run('good'));
		await store.save(run('bad'));
		await writeFile(join(dir, 'b', 'bad', 'summary.json'), '{"id": "bad", trunc');
		const { runs, problems } = await store.list();
		assert.deepEqual(
			runs.map((r) => r.id),
			['good'],
		);
		assert.equal(problems.length, 1);
		assert.match(problems[0]?.path ?? '', /bad[/\\]summary\.json$/);
	});

	it('applies concurrent saves of one run in call order and leaves no temp files', async () => {
		const store = new RunStore(join(dir, 'c'));
		const saves = [];
		for (let i = 0; i < 20; i++) {
			saves.push(
				store.save(run('s', { thinking: `step ${i}`, status: i < 19 ? 'streaming' : 'complete' })),
			);
		}
		await Promise.all(saves);
		const loaded = await store.load('s');
		assert.equal(loaded.thinking, 'step 19');
		assert.equal(loaded.status, 'complete');
		assert.deepEqual((await readdir(join(dir, 'c', 's'))).sort(), ['run.json', 'summary.json']);
	});

	it('refuses ids that could escape the folder', async () => {
		const store = new RunStore(join(dir, 'd'));
		await assert.rejects(store.save(run('../evil')), /not a valid run id/);
		assert.equal(runIdFrom('../evil id/1'), 'evil-id-1');
		assert.match(newRunId(new Date('2026-11-27T10:00:00Z')), /^run-20261127T100000-[a-z0-9]+$/);
	});

	it('writes runs that read back as traces with the shared field names', async () => {
		const store = new RunStore(join(dir, 'e'));
		await store.save(run('t1', { predictedAnswer: '5', goldAnswer: '5' }));
		const text = await readFile(join(dir, 'e', 't1', 'run.json'), 'utf8');
		const trace = parseTraceLine(text, 'run.json', 1);
		assert.ok(trace.ok);
		assert.equal(trace.ok && trace.record.predictedAnswer, '5');
		assert.equal(trace.ok && trace.record.goldAnswer, '5');
	});
});

describe('runFromJson', () => {
	it('round-trips a run and imports a plain trace as complete', () => {
		const original = run('x', {
			cut: { thought: 2, tokenOffset: 7, trigger: 'overthinking', explanation: 'e' },
			endpoint: { baseUrl: 'http://h/v1', dialect: 'vllm' },
		});
		assert.deepEqual(runFromJson(JSON.parse(JSON.stringify(runToJson(original))), 'now'), {
			...original,
			predictedAnswer: undefined,
			goldAnswer: undefined,
			systemPrompt: undefined,
			model: undefined,
			wallMs: undefined,
			verifierMs: undefined,
			policy: undefined,
			parentRunId: undefined,
			error: undefined,
			source: undefined,
		});
		const imported = runFromJson(
			{ id: 'tr', thinking: 'a', problem: 'p\nmore' },
			'2026-01-01T00:00:00Z',
		);
		assert.ok(typeof imported !== 'string');
		assert.equal(typeof imported !== 'string' && imported.kind, 'imported');
		assert.equal(typeof imported !== 'string' && imported.name, 'p');
		assert.equal(runFromJson({ id: 'x' }, 'now'), 'trace "x" has no "thinking" text');
	});
});
