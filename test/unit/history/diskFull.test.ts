import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, open, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { writeFileAtomic } from '../../../src/core/history/atomicWrite';
import type { RunRecord } from '../../../src/core/history/runRecord';
import { RunStore } from '../../../src/core/history/runStore';

function run(id: string): RunRecord {
	return {
		id,
		name: 'disk full',
		kind: 'live',
		status: 'complete',
		createdAt: '2026-01-01T00:00:00.000Z',
		problem: 'What is 2+3?',
		thinking: 'five',
		final: '5',
		thinkingTokens: 1,
		answerTokens: 1,
	};
}

function enospc(path: string): Error {
	return Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), {
		code: 'ENOSPC',
	});
}

describe('a full disk', () => {
	it('/dev/full fails a plain write with ENOSPC (the failure the store must survive)', async () => {
		const handle = await open('/dev/full', 'w');
		try {
			await assert.rejects(handle.writeFile('x'.repeat(8192)), { code: 'ENOSPC' });
		} finally {
			await handle.close();
		}
	});

	it('an atomic write that runs out of space leaves no temp file and names the path', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'tt-full-'));
		// A real size limit on the child process (ulimit -f, in 512-byte blocks): the write fails with EFBIG.
		const script = `import { writeFileAtomic } from ${JSON.stringify(resolve('src/core/history/atomicWrite.ts'))};
writeFileAtomic(${JSON.stringify(join(dir, 'run.json'))}, 'x'.repeat(200000)).then(() => console.log('written'), (e) => console.log(e.message));`;
		await writeFile(join(dir, 'w.mts'), script);
		const child = spawnSync(
			'sh',
			['-c', `ulimit -f 8; exec "${process.execPath}" --import tsx "${join(dir, 'w.mts')}"`],
			{ encoding: 'utf8', timeout: 60_000 },
		);
		assert.match(
			child.stdout,
			/Cannot write .*run\.json: the disk is full \(EFBIG\)/,
			child.stderr,
		);
		assert.deepEqual(
			(await readdir(dir)).filter((f) => f.endsWith('.tmp')),
			[],
		);
	});

	it('keeps the run listed as unsaved, rejects once with the path, and writes it on the next save', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'tt-full-'));
		let full = true;
		const unhandled: unknown[] = [];
		const onUnhandled = (err: unknown): void => void unhandled.push(err);
		process.on('unhandledRejection', onUnhandled);
		try {
			const store = new RunStore(dir, async (path, data) => {
				if (full) {
					throw enospc(path);
				}
				await writeFileAtomic(path, data);
			});
			await assert.rejects(store.save(run('run-a')), /ENOSPC/);
			const listed = await store.list();
			assert.deepEqual(
				listed.runs.map((r) => [r.id, r.unsaved]),
				[['run-a', true]],
			);
			full = false;
			await store.save(run('run-a'));
			const after = await store.list();
			assert.deepEqual(
				after.runs.map((r) => [r.id, r.unsaved]),
				[['run-a', undefined]],
			);
			assert.equal((await store.load('run-a')).final, '5');
			await new Promise((r) => setTimeout(r, 10));
			assert.deepEqual(unhandled, []);
		} finally {
			process.off('unhandledRejection', onUnhandled);
		}
	});
});
