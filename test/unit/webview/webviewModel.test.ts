import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TreeNodeView, Usefulness } from '../../../src/shared/protocol';
import { collapseRuns, redundantRuns } from '../../../webview/redundantRuns';
import { ChainStore } from '../../../webview/store';
import { navigate } from '../../../webview/treeKeys';
import { layoutTree } from '../../../webview/treeLayout';

function chain(
	verdicts: Usefulness[],
	parentOf: (i: number) => string = (i) => (i === 0 ? 'problem' : `t${i - 1}`),
): TreeNodeView[] {
	return [
		{
			id: 'problem',
			parentId: null,
			index: -1,
			role: 'problem',
			usefulness: 'useful',
			text: 'p',
			tokenStart: 0,
			tokenEnd: 0,
		},
		...verdicts.map((usefulness, i) => ({
			id: `t${i}`,
			parentId: parentOf(i),
			index: i,
			role: 'progress' as const,
			usefulness,
			text: `t${i}`,
			tokenStart: i,
			tokenEnd: i + 1,
		})),
	];
}

describe('redundant runs', () => {
	it('finds runs of two or more consecutive redundant thoughts', () => {
		const nodes = chain([
			'useful',
			'redundant',
			'redundant',
			'redundant',
			'useful',
			'redundant',
			'undecided',
			'redundant',
			'redundant',
		]);
		assert.deepEqual(redundantRuns(nodes), [
			{ id: 't1', first: 1, last: 3, count: 3 },
			{ id: 't7', first: 7, last: 8, count: 2 },
		]);
	});

	it('collapses a run into its first thought and re-hangs the children of hidden thoughts', () => {
		const nodes = chain(['useful', 'redundant', 'redundant', 'redundant', 'useful']);
		const runs = redundantRuns(nodes);
		const visible = collapseRuns(nodes, runs, new Set(['t1']));
		assert.deepEqual(
			visible.nodes.map((n) => [n.id, n.parentId]),
			[
				['problem', null],
				['t0', 'problem'],
				['t1', 't0'],
				['t4', 't1'],
			],
		);
		assert.equal(visible.hiddenBy.get('t3'), 't1');
		assert.equal(visible.collapsedCounts.get('t1'), 2);
		assert.equal(
			layoutTree(visible.nodes).positions.size,
			4,
			'the collapsed tree still lays out as one tree',
		);
	});
});

describe('keyboard navigation', () => {
	const nodes = chain(['useful', 'useful', 'useful'], (i) =>
		i === 2 ? 't0' : i === 0 ? 'problem' : `t${i - 1}`,
	);
	const layout = layoutTree(nodes);
	const tree = {
		order: nodes.map((n) => n.id),
		positions: layout.positions,
		parentOf: (id: string) => nodes.find((n) => n.id === id)?.parentId ?? null,
	};

	it('moves to the next and previous thought with ArrowDown/ArrowUp and clamps at the ends', () => {
		assert.equal(navigate('ArrowDown', null, tree), 'problem');
		assert.equal(navigate('ArrowDown', 't0', tree), 't1');
		assert.equal(navigate('ArrowDown', 't2', tree), 't2');
		assert.equal(navigate('ArrowUp', 't0', tree), 'problem');
		assert.equal(navigate('End', null, tree), 't2');
		assert.equal(navigate('PageUp', 't2', tree), 't0');
		assert.equal(navigate('x', 't0', tree), undefined);
	});

	it('moves sideways between siblings on the same level', () => {
		assert.equal(layout.positions.get('t1')?.y, layout.positions.get('t2')?.y);
		const [left, right] =
			(layout.positions.get('t1')?.x ?? 0) < (layout.positions.get('t2')?.x ?? 0)
				? ['t1', 't2']
				: ['t2', 't1'];
		assert.equal(navigate('ArrowRight', left, tree), right);
		assert.equal(navigate('ArrowLeft', right, tree), left);
		assert.equal(navigate('ArrowLeft', left, tree), left);
	});
});

describe('ChainStore sequence handling', () => {
	it('asks for a snapshot on a gap and ignores patches until it comes', () => {
		const store = new ChainStore();
		const base = {
			runId: 'r',
			title: 't',
			status: 'streaming' as const,
			thinkingTokens: 0,
			figures: {
				policy: 'trimr' as const,
				mode: 'watch' as const,
				verifier: { kind: 'heuristic' as const },
			},
			cuts: [],
			answerSwitches: [],
			nodes: chain([]),
		};
		assert.equal(
			store.apply({ type: 'patch', seq: 1, runId: 'r', ops: [] }),
			undefined,
			'patches before the first snapshot are dropped',
		);
		assert.equal(
			store.apply({ type: 'snapshot', seq: 5, state: { kind: 'chain', chain: base } })?.kind,
			'reset',
		);
		const add = { op: 'addNode' as const, node: chain(['useful'])[1] as TreeNodeView };
		assert.equal(store.apply({ type: 'patch', seq: 6, runId: 'r', ops: [add] })?.kind, 'patched');
		assert.deepEqual(store.apply({ type: 'patch', seq: 8, runId: 'r', ops: [] }), {
			kind: 'resync',
			lastSeq: 6,
		});
		assert.equal(store.apply({ type: 'patch', seq: 9, runId: 'r', ops: [] }), undefined);
		assert.equal(
			store.apply({ type: 'snapshot', seq: 9, state: { kind: 'chain', chain: base } })?.kind,
			'reset',
		);
		assert.equal(store.currentChain()?.nodes.length, 1);
	});
});
