import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { thoughtsCommand } from '../../../src/cli/thoughtsCommand';
import { analyzeTrace } from '../../../src/core/engine/analyzeTrace';
import { ChainAnalyzer } from '../../../src/core/engine/chainAnalyzer';
import { segmentTrace } from '../../../src/core/thoughts/segmentThinking';
import type { Thought } from '../../../src/core/thoughts/thought';
import { loadTokenCounter } from '../../../src/core/tokens/tokenCounter';
import { type TraceRecord } from '../../../src/core/traces/traceRecord';
import { chainFromTrace } from '../../../src/core/tree/chainFromTrace';
import { modelFromAnalysis } from '../../../src/core/tree/fromAnalysis';
import { markdownChain } from './markdownChain';
import { bundledSamples } from '../../harness/sampleTraces';

const samples = bundledSamples();

type Bounds = [charStart: number, charEnd: number, tokenStart: number, tokenEnd: number];
const bounds = (thoughts: readonly Thought[]): Bounds[] =>
	thoughts.map((t) => [t.charStart, t.charEnd, t.tokenStart, t.tokenEnd]);
const tokenBounds = (xs: readonly { tokenStart: number; tokenEnd: number }[]): [number, number][] =>
	xs.map((t) => [t.tokenStart, t.tokenEnd]);

/** What `thinktrim thoughts --json` prints for `trace`. */
async function cliThoughts(trace: TraceRecord): Promise<Bounds[]> {
	const dir = mkdtempSync(join(tmpdir(), 'thinktrim-one-seg-'));
	const file = join(dir, 'trace.jsonl');
	writeFileSync(
		file,
		`${JSON.stringify({ id: trace.id, thinking: trace.thinking, problem: trace.problem, model: trace.model })}\n`,
	);
	let out = '';
	const code = await thoughtsCommand.run([file, '--json'], {
		stdout: (t) => (out += t),
		stderr: () => undefined,
	});
	assert.equal(code, 0);
	const line = JSON.parse(out) as {
		thoughts: { charStart: number; charEnd: number; tokenStart: number; tokenEnd: number }[];
	};
	return line.thoughts.map((t) => [t.charStart, t.charEnd, t.tokenStart, t.tokenEnd]);
}

/** The chain fed to the live analyzer in small chunks without server counts (a stream with no usage). */
async function streamedThoughts(trace: TraceRecord): Promise<Bounds[]> {
	const analyzer = new ChainAnalyzer({ problem: trace.problem, segmenter: { model: trace.model } });
	for (let i = 0; i < trace.thinking.length; i += 17) {
		analyzer.push(trace.thinking.slice(i, i + 17));
	}
	return bounds((await analyzer.end()).thoughts);
}

describe('one segmentation and one token count everywhere', () => {
	const long: TraceRecord = {
		id: 'synthetic-markdown-long',
		thinking: markdownChain(40),
		problem: 'A pendulum question. (A) … (C) …',
		model: 'gemma-3-12b-it',
	};
	const traces = [...samples.filter((_, i) => i % 4 === 0), long];

	it('the CLI, the engine (policies, oracle), the tree and a live stream split and count a trace alike', async () => {
		for (const trace of traces) {
			// Every surface loads the model's tokenizer first (the estimate when it is not installed).
			await loadTokenCounter(trace.model);
			const reference = segmentTrace(trace);
			assert.ok(reference.length > 0, trace.id);
			assert.equal(
				reference.map((t) => t.text).join(''),
				trace.thinking,
				`${trace.id} joins back byte for byte`,
			);
			assert.deepEqual(
				await cliThoughts(trace),
				bounds(reference),
				`${trace.id}: thinktrim thoughts`,
			);

			const analysis = await analyzeTrace(trace);
			assert.deepEqual(
				bounds(analysis.thoughts),
				bounds(reference),
				`${trace.id}: analyze (policies and oracle)`,
			);
			assert.equal(
				analysis.thinkingTokens,
				reference.at(-1)?.tokenEnd,
				`${trace.id}: thinking tokens`,
			);
			assert.equal(
				analysis.evaluation.thinkingTokens,
				analysis.thinkingTokens,
				`${trace.id}: evaluation`,
			);
			const oracle = analysis.evaluation.oracle;
			const inThought = reference[oracle.thought];
			assert.ok(
				inThought !== undefined &&
					oracle.tokenOffset >= inThought.tokenStart &&
					oracle.tokenOffset <= inThought.tokenEnd,
				`${trace.id}: the oracle cuts inside its thought's tokens`,
			);
			assert.equal(
				oracle.savedTokens,
				analysis.thinkingTokens - oracle.tokenOffset,
				`${trace.id}: the oracle saves from the same total`,
			);

			assert.deepEqual(
				await streamedThoughts(trace),
				bounds(reference),
				`${trace.id}: live analyzer`,
			);

			const tree = chainFromTrace(trace, segmentTrace(trace), 'r').nodes.filter(
				(n) => n.index >= 0,
			);
			assert.deepEqual(
				tokenBounds(tree),
				tokenBounds(reference),
				`${trace.id}: tree of the unanalysed trace`,
			);
			const analysed = modelFromAnalysis(analysis, { runId: 'r' }).snapshot();
			assert.deepEqual(
				tokenBounds(analysed.nodes.filter((n) => n.index >= 0)),
				tokenBounds(reference),
				`${trace.id}: tree of the analysis`,
			);
			assert.equal(
				analysed.thinkingTokens,
				analysis.thinkingTokens,
				`${trace.id}: the tree's thinking tokens`,
			);
		}
	});
});
