import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TreeModel } from '../../../src/core/tree/treeModel';
import type { ChainMeta } from '../../../src/core/tree/treeInput';
import type {
	ChainView,
	HostToWebview,
	TreeNodeView,
	TreePatchOp,
} from '../../../src/shared/protocol';
import { ChainStore } from '../../../webview/store';

const meta: ChainMeta = {
	runId: 'run-1',
	title: 'Aya walks',
	problem: 'How long is the walk?',
	figures: { policy: 'trimr', mode: 'watch', verifier: { kind: 'heuristic' } },
};

function parents(chain: ChainView): Record<string, string | null> {
	return Object.fromEntries(chain.nodes.map((n) => [n.id, n.parentId]));
}

function node(chain: ChainView, id: string): TreeNodeView {
	const found = chain.nodes.find((n) => n.id === id);
	assert.ok(found, `node ${id} exists`);
	return found;
}

/** Feeds a snapshot and then every later patch to the webview's store, like the host does. */
class Mirror {
	readonly store = new ChainStore();
	private seq = 0;

	constructor(private readonly model: TreeModel) {
		this.store.apply({
			type: 'snapshot',
			seq: this.seq,
			state: { kind: 'chain', chain: model.resync() },
		});
	}

	sync(): TreePatchOp[] {
		const ops = this.model.drainPatch();
		if (ops.length > 0) {
			const message: HostToWebview = {
				type: 'patch',
				seq: ++this.seq,
				runId: this.model.runId,
				ops,
			};
			const change = this.store.apply(message);
			assert.equal(change?.kind, 'patched');
		}
		return ops;
	}

	chain(): ChainView {
		const state = this.store.current();
		assert.equal(state.kind, 'chain');
		return state.kind === 'chain' ? state.chain : (undefined as never);
	}
}

describe('TreeModel parent rules', () => {
	it('continues progress from the previous thought and starts at the problem', () => {
		const model = new TreeModel(meta);
		for (let i = 0; i < 3; i++) {
			model.upsertThought({
				index: i,
				text: `step ${i}`,
				tokenStart: i * 10,
				tokenEnd: i * 10 + 10,
				label: { role: 'progress' },
			});
		}
		assert.deepEqual(parents(model.snapshot()), {
			problem: null,
			t0: 'problem',
			t1: 't0',
			t2: 't1',
		});
	});

	it('hangs verifications under the conclusion they check and fans them out', () => {
		const model = new TreeModel(meta);
		const roles = ['progress', 'conclusion', 'verification', 'progress', 'verification'] as const;
		roles.forEach((role, i) =>
			model.upsertThought({
				index: i,
				text: `${role} ${i}`,
				tokenStart: i,
				tokenEnd: i + 1,
				label: { role, answer: role === 'conclusion' ? '204' : undefined },
			}),
		);
		const p = parents(model.snapshot());
		assert.equal(p.t2, 't1', 'first check hangs under the conclusion');
		assert.equal(p.t3, 't2', 'progress continues the line it is in');
		assert.equal(p.t4, 't1', 'second check also hangs under the conclusion, not under t3');
	});

	it('uses refersTo for verifications, alternatives and backtracks, and ignores references forward', () => {
		const model = new TreeModel(meta);
		model.upsertThought({ index: 0, text: 'plan A', tokenStart: 0, tokenEnd: 5 });
		model.upsertThought({ index: 1, text: 'step', tokenStart: 5, tokenEnd: 9 });
		model.upsertThought({
			index: 2,
			text: 'Alternatively',
			tokenStart: 9,
			tokenEnd: 12,
			label: { role: 'alternative' },
		});
		model.upsertThought({
			index: 3,
			text: 'Alternatively B',
			tokenStart: 12,
			tokenEnd: 15,
			label: { role: 'alternative', refersTo: 0 },
		});
		model.upsertThought({
			index: 4,
			text: 'Wait, wrong',
			tokenStart: 15,
			tokenEnd: 19,
			label: { role: 'backtrack', refersTo: 3 },
		});
		model.upsertThought({
			index: 5,
			text: 'check',
			tokenStart: 19,
			tokenEnd: 22,
			label: { role: 'verification', refersTo: 9 },
		});
		model.upsertThought({
			index: 6,
			text: 'Hmm no',
			tokenStart: 22,
			tokenEnd: 25,
			label: { role: 'backtrack' },
		});
		const p = parents(model.snapshot());
		assert.equal(p.t2, 'problem', 'an alternative without a reference branches from the problem');
		assert.equal(p.t3, 't0', 'an alternative revising plan A branches from it');
		assert.equal(p.t4, 't0', 'a backtrack becomes a sibling of the thought it abandons');
		assert.equal(
			p.t5,
			't4',
			'a forward reference is ignored; no conclusion yet, so the previous thought',
		);
		assert.equal(
			p.t6,
			't4',
			'a backtrack without reference abandons the previous thought (t5, child of t4)',
		);
	});

	it('moves a thought when a late label changes its role, keeping its id', () => {
		const model = new TreeModel(meta);
		model.upsertThought({
			index: 0,
			text: 'x = 3',
			tokenStart: 0,
			tokenEnd: 3,
			label: { role: 'conclusion', answer: '3' },
		});
		model.upsertThought({ index: 1, text: 'so', tokenStart: 3, tokenEnd: 4 });
		model.upsertThought({ index: 2, text: 'Wait, check x', tokenStart: 4, tokenEnd: 8 });
		const mirror = new Mirror(model);
		model.label(2, { role: 'verification', usefulness: 'redundant', reason: 're-checks answer 3' });
		const ops = mirror.sync();
		assert.deepEqual(ops, [
			{
				op: 'updateNode',
				id: 't2',
				changes: {
					role: 'verification',
					usefulness: 'redundant',
					reason: 're-checks answer 3',
					parentId: 't0',
				},
			},
		]);
		assert.equal(node(mirror.chain(), 't2').parentId, 't0');
	});
});

describe('TreeModel patches', () => {
	it('grows a streaming thought with appendText, never re-adding it', () => {
		const model = new TreeModel(meta);
		const mirror = new Mirror(model);
		model.upsertThought({ index: 0, text: 'Let', tokenStart: 0, tokenEnd: 1, complete: false });
		const first = mirror.sync();
		assert.deepEqual(
			first.map((op) => op.op),
			['addNode', 'setStatus'],
		);
		model.upsertThought({ index: 0, text: 'Let me', tokenStart: 0, tokenEnd: 2, complete: false });
		model.appendToThought(0, ' think', 3);
		const grow = mirror.sync();
		assert.deepEqual(grow, [
			{ op: 'appendText', id: 't0', text: ' me think', tokenEnd: 3 },
			{ op: 'setStatus', status: 'streaming', thinkingTokens: 3 },
		]);
		model.upsertThought({ index: 1, text: 'Wait', tokenStart: 3, tokenEnd: 4, complete: false });
		const next = mirror.sync();
		assert.deepEqual(next[0], { op: 'updateNode', id: 't0', changes: { streaming: false } });
		assert.equal(next[1]?.op, 'addNode');
		assert.deepEqual(mirror.chain(), model.snapshot());
	});

	it('sends nothing when nothing changed, and coalesces many changes into one op per node', () => {
		const model = new TreeModel(meta);
		model.upsertThought({ index: 0, text: 'a', tokenStart: 0, tokenEnd: 1 });
		const mirror = new Mirror(model);
		assert.deepEqual(mirror.sync(), []);
		model.label(0, { usefulness: 'redundant' });
		model.label(0, { usefulness: 'useful', reason: 'states 42' });
		model.label(0, { usefulness: 'useful' });
		assert.deepEqual(mirror.sync(), [
			{ op: 'updateNode', id: 't0', changes: { usefulness: 'useful', reason: 'states 42' } },
		]);
	});

	it('replaces a text that does not extend the old one', () => {
		const model = new TreeModel(meta);
		model.upsertThought({ index: 0, text: 'abc', tokenStart: 0, tokenEnd: 1 });
		const mirror = new Mirror(model);
		model.upsertThought({ index: 0, text: 'xyz!', tokenStart: 0, tokenEnd: 2 });
		assert.deepEqual(mirror.sync(), [
			{ op: 'updateNode', id: 't0', changes: { text: 'xyz!', tokenEnd: 2 } },
			{ op: 'setStatus', status: 'streaming', thinkingTokens: 2 },
		]);
		assert.deepEqual(mirror.chain(), model.snapshot());
	});

	it('keeps snapshot + patches equal to the next snapshot through a whole streamed chain', () => {
		const model = new TreeModel(meta);
		const mirror = new Mirror(model);
		const roles = [
			'progress',
			'conclusion',
			'verification',
			'alternative',
			'progress',
			'backtrack',
			'conclusion',
			'verification',
		] as const;
		let tokens = 0;
		roles.forEach((role, i) => {
			const words = ['First', ' part', ' of', ` thought ${i}.`];
			let text = '';
			for (const word of words) {
				text += word;
				tokens += 1;
				model.upsertThought({
					index: i,
					text,
					tokenStart: tokens - words.indexOf(word) - 1,
					tokenEnd: tokens,
					complete: false,
				});
				if (word === ' of') {
					mirror.sync();
				}
			}
			model.label(i, {
				role,
				usefulness: i > 4 ? 'redundant' : 'useful',
				answer: role === 'conclusion' ? `${i}` : undefined,
			});
			if (i === 2) {
				model.setCut({
					policy: 'trimr',
					thought: 2,
					tokenOffset: tokens,
					trigger: 'overthinking',
					explanation: '2 of 2 equivalent answers → cut',
				});
				model.setOracle({ thought: 1, tokenOffset: 8, savedTokens: 24 });
			}
			if (role === 'conclusion') {
				model.addAnswerSwitch({ thought: i, tokenOffset: tokens, to: `${i}` });
			}
			mirror.sync();
			assert.deepEqual(mirror.chain(), model.snapshot(), `after thought ${i}`);
		});
		model.clearCut('trimr');
		model.setOracle(undefined);
		model.setStatus('partial', 'the stream stopped: connection reset');
		model.setFigures(
			{ policy: 'trimr', mode: 'watch', verifier: { kind: 'heuristic' }, elapsedMs: 1234 },
			'6',
		);
		mirror.sync();
		const final = model.snapshot();
		assert.deepEqual(mirror.chain(), final);
		assert.equal(final.status, 'partial');
		assert.equal(final.nodes.at(-1)?.streaming, false);
		assert.equal(final.thinkingTokens, tokens);
	});

	it('notifies once per drain, and refuses thoughts out of order with a clear error', () => {
		const model = new TreeModel(meta);
		let calls = 0;
		model.onDidChange(() => calls++);
		model.upsertThought({ index: 0, text: 'a', tokenStart: 0, tokenEnd: 1 });
		model.upsertThought({ index: 1, text: 'b', tokenStart: 1, tokenEnd: 2 });
		assert.equal(calls, 1);
		model.drainPatch();
		model.label(1, { usefulness: 'useful' });
		assert.equal(calls, 2);
		assert.throws(
			() => model.upsertThought({ index: 5, text: 'c', tokenStart: 2, tokenEnd: 3 }),
			/thought 5 arrived while the chain has 2 thoughts/,
		);
		assert.throws(() => model.label(9, { role: 'progress' }), /no thought 9/);
	});
});
