// Issue 14.4: a saved run keeps the chain as it was drawn (verdicts, cuts, policy, verifier); reopening
// it shows exactly that, not a fresh analysis with today's settings.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeTrace } from '../../../src/core/engine/analyzeTrace';
import { isRecordedChain } from '../../../src/core/history/recordedChain';
import { runFromJson, runToJson, type RunRecord } from '../../../src/core/history/runRecord';
import { modelFromAnalysis } from '../../../src/core/tree/fromAnalysis';
import { modelFromChainView } from '../../../src/core/tree/fromChainView';
import type { ChainView } from '../../../src/shared/protocol';
import { bundledSamples } from '../../harness/sampleTraces';

const samples = bundledSamples();

async function recordedChainOf(id: string, policy: 'trimr' | 'deer'): Promise<ChainView> {
	const trace = samples.find((t) => t.id === id);
	assert.ok(trace !== undefined, id);
	const analysis = await analyzeTrace(trace, { policy });
	return modelFromAnalysis(analysis, { runId: `run-${id}` }).snapshot();
}

describe('recorded verdicts', () => {
	it('a chain rebuilt from its recording is the chain that was drawn: nodes, parents, verdicts, cuts, oracle', async () => {
		const drawn = await recordedChainOf('rasbt-r1-1', 'deer');
		assert.ok(
			drawn.cuts.length > 0 && drawn.nodes.some((n) => n.usefulness === 'redundant'),
			'a chain with cuts and redundant thoughts',
		);
		const reopened = modelFromChainView(drawn).snapshot();
		assert.deepEqual(reopened, drawn);
		// The recorded policy stays, whatever the settings say now; the header learns where verdicts came from.
		const marked = modelFromChainView(drawn, {
			runId: 'other',
			figures: { ...drawn.figures, verdicts: 'recorded' },
		}).snapshot();
		assert.equal(marked.runId, 'other');
		assert.equal(marked.figures.policy, 'deer');
		assert.equal(marked.figures.verdicts, 'recorded');
	});

	it('a run saved mid-stream reopens as partial, not streaming', async () => {
		const drawn = await recordedChainOf('rasbt-r1-1', 'trimr');
		const reopened = modelFromChainView({ ...drawn, status: 'streaming' }).snapshot();
		assert.equal(reopened.status, 'partial');
		assert.ok(reopened.nodes.every((n) => n.streaming !== true));
	});

	it('travels with the run through JSON (store, export, import); a malformed recording is dropped, the run kept', async () => {
		const drawn = await recordedChainOf('rasbt-r1-1', 'trimr');
		const run: RunRecord = {
			id: 'r1',
			name: 'n',
			kind: 'live',
			status: 'complete',
			createdAt: '2026-12-05T00:00:00Z',
			problem: 'p',
			thinking: 't',
			final: 'f',
			thinkingTokens: 10,
			answerTokens: 1,
			recordedChain: drawn,
		};
		const back = runFromJson(JSON.parse(JSON.stringify(runToJson(run))), 'now');
		assert.ok(typeof back !== 'string');
		assert.deepEqual(back.recordedChain, drawn);
		const nodes = drawn.nodes;
		const broken: unknown[] = [
			{ ...drawn, nodes: [nodes[0], nodes[2]] },
			{ ...drawn, nodes: nodes.map((n, i) => (i === 1 ? { ...n, usefulness: 'great' } : n)) },
			{ ...drawn, figures: { ...drawn.figures, policy: 'nope' } },
			{ ...drawn, cuts: [{ policy: 'trimr' }] },
			{ ...drawn, nodes: [] },
			'a string',
		];
		for (const value of broken) {
			assert.equal(isRecordedChain(value), false, JSON.stringify(value).slice(0, 120));
			const read = runFromJson({ ...runToJson(run), recordedChain: value }, 'now');
			assert.ok(
				typeof read !== 'string' && read.recordedChain === undefined && read.thinking === 't',
			);
		}
	});
});
