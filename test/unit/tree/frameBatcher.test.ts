import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrameBatcher, type BatchTimer } from '../../../src/core/tree/frameBatcher';
import { TreeModel } from '../../../src/core/tree/treeModel';

/** A manual clock: timers fire only when the test advances time. */
class FakeTimer implements BatchTimer {
	private now = 0;
	private timers: Array<{ at: number; callback: () => void; id: number }> = [];
	private nextId = 1;

	set(callback: () => void, delayMs: number): unknown {
		const id = this.nextId++;
		this.timers.push({ at: this.now + delayMs, callback, id });
		return id;
	}

	clear(handle: unknown): void {
		this.timers = this.timers.filter((t) => t.id !== handle);
	}

	advance(ms: number): void {
		this.now += ms;
		const due = this.timers.filter((t) => t.at <= this.now);
		this.timers = this.timers.filter((t) => t.at > this.now);
		for (const t of due) {
			t.callback();
		}
	}
}

describe('FrameBatcher', () => {
	it('turns a burst of streamed tokens into one patch per frame', () => {
		const timer = new FakeTimer();
		const model = new TreeModel({
			runId: 'r',
			title: 't',
			problem: 'p',
			figures: { policy: 'trimr', mode: 'watch', verifier: { kind: 'heuristic' } },
		});
		const patches: number[] = [];
		const batcher = new FrameBatcher(() => patches.push(model.drainPatch().length), timer, 16);
		model.onDidChange(() => batcher.schedule());
		let text = '';
		for (let token = 0; token < 100; token++) {
			text += ` w${token}`;
			model.upsertThought({ index: 0, text, tokenStart: 0, tokenEnd: token + 1, complete: false });
			if (token % 10 === 9) {
				timer.advance(4); // ten tokens every 4 ms: four bursts per frame
			}
		}
		timer.advance(16);
		assert.equal(patches.length, 3, '40 ms of tokens → 3 flushes');
		assert.deepEqual(
			patches,
			[2, 2, 2],
			'each flush: one text op (add or append) and one status op',
		);
		timer.advance(100);
		assert.equal(patches.length, 3, 'nothing changed, nothing scheduled');
	});

	it('flushes now on request and drops the scheduled flush, and cancel drops it without flushing', () => {
		const timer = new FakeTimer();
		let flushes = 0;
		const batcher = new FrameBatcher(() => flushes++, timer, 16);
		batcher.schedule();
		batcher.flushNow();
		timer.advance(20);
		assert.equal(flushes, 1);
		batcher.schedule();
		batcher.cancel();
		timer.advance(20);
		assert.equal(flushes, 1);
		batcher.schedule();
		timer.advance(20);
		assert.equal(flushes, 2);
	});
});
