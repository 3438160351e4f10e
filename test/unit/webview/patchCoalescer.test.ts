import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrameCoalescer, mergeSummaries } from '../../../webview/patchCoalescer';
import { ChainStore, type PatchSummary } from '../../../webview/store';
import { TreeModel } from '../../../src/core/tree/treeModel';
import type { ChainView, HostToWebview } from '../../../src/shared/protocol';

/** Frames that run only when the test says so, like requestAnimationFrame in a page that is busy. */
class FakeFrames {
	private callbacks: Array<() => void> = [];
	readonly request = (callback: () => void): void => {
		this.callbacks.push(callback);
	};
	get waiting(): number {
		return this.callbacks.length;
	}
	frame(): void {
		const due = this.callbacks;
		this.callbacks = [];
		for (const callback of due) {
			callback();
		}
	}
}

function summary(changes: Partial<PatchSummary> = {}): PatchSummary {
	return {
		added: [],
		updated: new Set(),
		structural: false,
		verdicts: false,
		marks: false,
		header: false,
		...changes,
	};
}

const chain = { runId: 'r' } as unknown as ChainView;

describe('FrameCoalescer: patches drawn at most once per animation frame', () => {
	it('draws a burst of patches once, at the next frame, with what all of them changed', () => {
		const frames = new FakeFrames();
		const drawn: PatchSummary[] = [];
		const coalescer = new FrameCoalescer((_c, s) => drawn.push(s), frames.request);
		for (let i = 0; i < 50; i++) {
			coalescer.push(chain, summary({ updated: new Set([`t${i % 3}`]), header: i === 7 }));
		}
		assert.equal(drawn.length, 0, 'nothing is drawn between frames');
		assert.equal(frames.waiting, 1, 'one frame requested for the whole burst');
		frames.frame();
		assert.equal(drawn.length, 1);
		assert.deepEqual([...(drawn[0]?.updated ?? [])].sort(), ['t0', 't1', 't2']);
		assert.equal(drawn[0]?.header, true);
		frames.frame();
		assert.equal(drawn.length, 1, 'an idle frame draws nothing');
		coalescer.push(chain, summary({ structural: true }));
		frames.frame();
		assert.equal(drawn.length, 2, 'the next patch gets the next frame');
	});

	it('drops what is pending when a snapshot replaces the drawing, and flushes on demand', () => {
		const frames = new FakeFrames();
		let draws = 0;
		const coalescer = new FrameCoalescer(() => draws++, frames.request);
		coalescer.push(chain, summary());
		coalescer.drop();
		frames.frame();
		assert.equal(draws, 0, 'a frame scheduled before the snapshot draws nothing');
		coalescer.push(chain, summary());
		assert.equal(coalescer.hasPending, true);
		coalescer.flush();
		assert.equal(draws, 1, 'flush draws at once (an SVG export must see the latest tree)');
		frames.frame();
		assert.equal(draws, 1, 'and the frame finds nothing left');
	});

	it('merges summaries: added nodes in order, updated ids united, flags or-ed', () => {
		const a = summary({
			added: [{ id: 't1' } as never],
			updated: new Set(['t0']),
			structural: true,
		});
		const b = summary({
			added: [{ id: 't2' } as never],
			updated: new Set(['t0', 't1']),
			marks: true,
		});
		const merged = mergeSummaries(a, b);
		assert.deepEqual(
			merged.added.map((n) => n.id),
			['t1', 't2'],
		);
		assert.deepEqual([...merged.updated].sort(), ['t0', 't1']);
		assert.deepEqual(
			[merged.structural, merged.verdicts, merged.marks, merged.header],
			[true, false, true, false],
		);
		assert.deepEqual([...a.updated], ['t0'], 'the inputs are left as they were');
	});

	it('a streamed chain drawn per frame ends the same as drawn per patch', () => {
		const model = new TreeModel({
			runId: 'live',
			title: 't',
			problem: 'p',
			figures: { policy: 'trimr', mode: 'watch', verifier: { kind: 'heuristic' } },
		});
		const store = new ChainStore();
		const frames = new FakeFrames();
		const drawnIds = new Set<string>();
		let draws = 0;
		const coalescer = new FrameCoalescer((_c, s) => {
			draws++;
			for (const node of s.added) {
				drawnIds.add(node.id);
			}
			for (const id of s.updated) {
				drawnIds.add(id);
			}
		}, frames.request);
		let seq = 0;
		const send = (message: HostToWebview): void => {
			const change = store.apply(message);
			if (change?.kind === 'patched') {
				coalescer.push(change.chain, change.summary);
			}
		};
		send({ type: 'snapshot', seq: ++seq, state: { kind: 'chain', chain: model.resync() } });
		let text = '';
		for (let token = 0; token < 300; token++) {
			text += ` w${token}`;
			const index = Math.floor(token / 100);
			model.upsertThought({
				index,
				text: text.slice(0),
				tokenStart: index * 100,
				tokenEnd: token + 1,
				complete: token % 100 === 99,
			});
			if (token % 100 === 99) {
				text = '';
			}
			// The host batches about a frame of tokens per patch; the page draws every third patch's frame.
			if (token % 10 === 9) {
				send({ type: 'patch', seq: ++seq, runId: 'live', ops: model.drainPatch() });
				if (token % 30 === 29) {
					frames.frame();
				}
			}
		}
		frames.frame();
		assert.equal(draws, 10, '30 patches drawn in 10 frames');
		assert.deepEqual(
			store.currentChain()?.nodes.map((n) => n.text),
			model.snapshot().nodes.map((n) => n.text),
			'the store holds every token',
		);
		for (const node of model.snapshot().nodes.filter((n) => n.id !== 'problem')) {
			assert.ok(drawnIds.has(node.id), `${node.id} was drawn`);
		}
	});
});
