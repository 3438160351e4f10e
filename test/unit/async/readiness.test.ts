import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Readiness } from '../../../src/core/async/readiness';

describe('Readiness', () => {
	it('resolves at once when the condition already holds', async () => {
		const readiness = new Readiness(() => true);
		await readiness.wait(10, () => new Error('late'));
		assert.equal(readiness.pending, 0);
	});

	it('resumes a waiter on the change that makes the condition hold, without polling', async () => {
		let ready = false;
		const readiness = new Readiness(() => ready);
		const started = performance.now();
		const waiting = readiness.wait(5_000, () => new Error('late'));
		readiness.changed();
		assert.equal(readiness.pending, 1, 'a change that leaves the condition false wakes nobody');
		setTimeout(() => {
			ready = true;
			readiness.changed();
		}, 5);
		await waiting;
		assert.ok(performance.now() - started < 1_000);
		assert.equal(readiness.pending, 0);
	});

	it('rejects with the timeout error and forgets the waiter', async () => {
		const readiness = new Readiness(() => false);
		await assert.rejects(
			readiness.wait(10, () => new Error('the view did not load')),
			/did not load/,
		);
		assert.equal(readiness.pending, 0);
	});

	it('rejects when the signal aborts first', async () => {
		let ready = false;
		const readiness = new Readiness(() => ready);
		const controller = new AbortController();
		const waiting = readiness.wait(5_000, () => new Error('late'));
		const aborted = readiness.wait(5_000, () => new Error('late'), controller.signal);
		controller.abort(new Error('stopped'));
		await assert.rejects(aborted, /stopped/);
		assert.equal(readiness.pending, 1, 'only the aborted waiter is dropped');
		await assert.rejects(
			readiness.wait(5_000, () => new Error('late'), controller.signal),
			/stopped/,
		);
		ready = true;
		readiness.changed();
		await waiting;
	});
});
