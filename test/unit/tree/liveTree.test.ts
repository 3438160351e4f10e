import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChainAnalyzer } from '../../../src/core/engine/chainAnalyzer';
import { LiveTreeFeeder } from '../../../src/core/tree/liveTree';
import { TreeModel } from '../../../src/core/tree/treeModel';
import type { ChainView, TreePatchOp } from '../../../src/shared/protocol';
import { ChainStore } from '../../../webview/store';
import { bundledSamples } from '../../harness/sampleTraces';

const samples = bundledSamples();

function chainOf(store: ChainStore): ChainView {
	const state = store.current();
	assert.equal(state.kind, 'chain');
	return state.kind === 'chain' ? state.chain : (undefined as never);
}

describe('LiveTreeFeeder: a streamed chain into the tree', () => {
	for (const id of ['rasbt-r1-8b-ollama-1', 'tegra-dsr1.5-aime24-b8192-83']) {
		it(`streams ${id} in small chunks: grows the last thought, never re-adds one, ends equal to the analysis`, async () => {
			const trace = samples.find((t) => t.id === id);
			assert.ok(trace);
			const model = new TreeModel({
				runId: 'live',
				title: id,
				problem: trace.problem ?? '',
				figures: { policy: 'trimr', mode: 'watch', verifier: { kind: 'heuristic' } },
			});
			const feeder = new LiveTreeFeeder(model, 'trimr');
			const analyzer = new ChainAnalyzer({
				problem: trace.problem,
				onEvent: (event) => feeder.onAnalyzer(event),
			});
			const store = new ChainStore();
			let seq = 0;
			store.apply({ type: 'snapshot', seq, state: { kind: 'chain', chain: model.resync() } });
			const ops: TreePatchOp[] = [];
			const frame = (): void => {
				const patch = model.drainPatch();
				ops.push(...patch);
				if (patch.length > 0) {
					store.apply({ type: 'patch', seq: ++seq, runId: 'live', ops: patch });
				}
			};
			const text = trace.thinking;
			for (let at = 0, n = 0; at < text.length; at += 37, n++) {
				const chunk = text.slice(at, at + 37);
				feeder.onReasoning(chunk);
				analyzer.push(chunk);
				if (n % 5 === 0) {
					frame();
					assert.deepEqual(chainOf(store), model.snapshot(), `mirror after chunk ${n}`);
				}
			}
			const analysis = await analyzer.end();
			model.setStatus('complete');
			frame();

			const chain = model.snapshot();
			assert.deepEqual(chainOf(store), chain, 'the webview ends with the host snapshot');
			assert.equal(
				ops.filter((op) => op.op === 'addNode').length,
				analysis.thoughts.length,
				'one addNode per thought',
			);
			assert.ok(
				ops.filter((op) => op.op === 'appendText').length > analysis.thoughts.length,
				'thoughts grew by appended text',
			);
			assert.deepEqual(
				chain.nodes.slice(1).map((n) => n.text),
				analysis.thoughts.map((t) => t.text),
				"closed thoughts are exactly the segmenter's",
			);
			assert.deepEqual(
				chain.nodes.slice(1).map((n) => [n.role, n.usefulness]),
				analysis.labels.map((l) => [l.role, l.usefulness]),
				'final roles and verdicts, after hindsight',
			);
			assert.equal(chain.nodes.filter((n) => n.streaming === true).length, 0);
			assert.deepEqual(
				chain.cuts.map((c) => [c.thought, c.trigger]),
				analysis.cut === undefined ? [] : [[analysis.cut.thought, analysis.cut.trigger]],
			);
			assert.ok(
				chain.nodes
					.slice(1)
					.every((n) => n.explanation !== undefined && n.stopRuleStates?.trimr !== undefined),
				'every thought is explained',
			);
			assert.equal(chain.thinkingTokens, analysis.thinkingTokens);
		});
	}
});
