/**
 * What-if and replay-from-trace records (src/core/run/whatIf.ts, runRecords.ts) against the emulator: a
 * sample trace becomes a run, a thought of it is picked, and the answer from there is a saved run.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunRecord } from '../../../src/core/history/runRecord';
import { recordingIdOf, runFromTrace } from '../../../src/core/run/runRecords';
import { answerFromThought, keptThinkingOf } from '../../../src/core/run/whatIf';
import { ReasoningClient } from '../../../src/core/stream/reasoningClient';
import { parseTraceJsonl } from '../../../src/core/traces/traceRecord';
import { modelFromThoughts } from '../../../src/core/tree/chainFromTrace';
import { segmentThinking } from '../../../src/core/thoughts/segmentThinking';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/server';

const trace = parseTraceJsonl(
	readFileSync(join(__dirname, '../../../media/traces/samples.jsonl'), 'utf8'),
	'samples.jsonl',
).records[0];

describe('answerFromThought against the emulator', () => {
	let emulator: RunningEmulator;
	let client: ReasoningClient;
	before(async () => {
		assert.ok(trace !== undefined);
		emulator = await startEmulator({
			traces: [trace],
			dialect: 'vllm',
			ttftMs: 5,
			tokensPerSecond: 20000,
			tokensPerChunk: 4,
			jitter: 0,
			model: 'deepscaler',
		});
		client = await ReasoningClient.create({ baseUrl: emulator.url });
	});
	after(async () => {
		await client.close();
		await emulator.close();
	});

	it('keeps the answer from a chosen thought as a what-if run of the recording', async () => {
		assert.ok(trace !== undefined);
		const original = runFromTrace(trace, `sample:${trace.id}`);
		assert.equal(original.kind, 'imported');
		assert.equal(recordingIdOf(original), trace.id);
		const thoughts = segmentThinking(trace.thinking);
		const nodes = modelFromThoughts(trace, thoughts, original.id).snapshot().nodes;
		const node = nodes.find((n) => n.index === 2);
		assert.ok(node !== undefined);
		const kept = keptThinkingOf(nodes, node.index);
		assert.ok(trace.thinking.startsWith(kept) && kept.length > 0);
		const saved: RunRecord[] = [];
		const store = {
			save: (run: RunRecord): Promise<void> => Promise.resolve(void saved.push(run)),
		};
		const endpoint = { client, model: 'deepscaler', baseUrl: emulator.url, answerMaxTokens: 512 };
		const record = await answerFromThought(
			endpoint,
			{ original, thought: node, thoughtCount: thoughts.length, keptThinking: kept },
			{ store },
		);
		assert.deepEqual(saved, [record]);
		assert.equal(record.kind, 'whatif');
		assert.equal(record.parentRunId, original.id);
		assert.deepEqual(
			record.original,
			{ thinkingTokens: original.thinkingTokens },
			'the savings are measured against the recording',
		);
		assert.equal(record.thinking, kept);
		assert.equal(record.thinkingTokens, node.tokenEnd);
		assert.equal(record.cut?.trigger, 'what-if');
		assert.match(
			record.cut?.explanation ?? '',
			new RegExp(`after thought 3 of ${thoughts.length}\\.$`),
		);
		assert.ok(record.final !== '', 'the server answered');
		const continuation = await emulator.log.waitFor((e) => e.continuation !== undefined);
		assert.equal(continuation.traceId, trace.id, 'the recording was pinned for its answer');
		assert.equal(continuation.continuation?.cutChars, kept.length);
	});
});
