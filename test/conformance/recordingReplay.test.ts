/**
 * Replay with Truncation of a recording continues that very chain: the policy runs over the recorded
 * thinking, and the emulator (the project's vLLM-compatible server, on 127.0.0.1) gets one continuation —
 * the recorded thinking up to that cut plus `</think>`, pinned to the recording — and no new sample of the
 * prompt. Every bundled sample goes through it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeTrace } from '../../src/core/engine/analyzeTrace';
import { replayRecording } from '../../src/core/run/recordingReplay';
import { loadTokenCounter } from '../../src/core/tokens/tokenCounter';
import { withEmulator } from './conformanceKit';
import { bundledSamples } from '../harness/sampleTraces';

const samples = bundledSamples();

describe('replaying a recording continues that chain', () => {
	it('sends every bundled sample’s own recorded thinking up to its cut, and nothing else', async () => {
		await withEmulator({ dialect: 'vllm', traces: samples }, async (emulator, client, model) => {
			let cutCount = 0;
			for (const trace of samples) {
				await loadTokenCounter(trace.model);
				const before = emulator.log.total;
				const replay = await replayRecording({
					trace,
					recordingId: trace.id,
					policy: 'trimr',
					client,
					model,
					messages: [{ role: 'user', content: trace.problem ?? '' }],
					answerMaxTokens: 4000,
				});
				const requests = emulator.log.entriesSince(before).filter((e) => e.method === 'POST');
				// The same cut as analysing the recording offline (what the view marks on it).
				const offline = await analyzeTrace(trace, { policy: 'trimr' });
				assert.deepEqual(replay.cut, offline.cut, `${trace.id}: the cut`);
				if (replay.cut === undefined) {
					assert.equal(requests.length, 0, `${trace.id}: no cut, nothing sent`);
					assert.equal(replay.keptThinking, trace.thinking);
					assert.equal(replay.answer, trace.final ?? '');
					continue;
				}
				cutCount++;
				assert.ok(
					trace.thinking.startsWith(replay.keptThinking),
					`${trace.id}: the kept thinking is the recording's own prefix`,
				);
				assert.ok(replay.keptThinking.length < trace.thinking.length);
				// The continuation prompt may be rendered through /tokenize and /detokenize first.
				const generating = requests.filter((e) => e.kind !== 'tokenize' && e.kind !== 'detokenize');
				assert.deepEqual(
					generating.map((e) => e.kind),
					['completion'],
					`${trace.id}: one continuation, no new sample of the prompt`,
				);
				const [entry] = generating;
				assert.equal(entry?.traceId, trace.id, `${trace.id}: pinned to the recording`);
				// Exactly at the cut (plus the line break the continuation puts before </think> when the kept text has none).
				const extra = (entry?.continuation?.cutChars ?? -1) - replay.keptThinking.length;
				assert.ok(
					extra === 0 || (extra === 1 && !replay.keptThinking.endsWith('\n')),
					`${trace.id}: continued at the cut (${extra})`,
				);
				assert.equal(replay.continuation?.error, undefined, trace.id);
				assert.ok(replay.answer.trim() !== '', `${trace.id}: answered`);
				// Tokens kept: the recording's own count up to the cut thought, as its full length is counted.
				const thought = offline.thoughts[replay.cut.thought];
				assert.equal(replay.keptThinkingTokens, replay.cut.tokenOffset, trace.id);
				assert.ok(
					thought !== undefined &&
						replay.keptThinkingTokens > thought.tokenStart &&
						replay.keptThinkingTokens <= thought.tokenEnd,
					trace.id,
				);
				assert.ok(replay.keptThinkingTokens < offline.thinkingTokens);
			}
			assert.ok(cutCount >= 5, `TrimR cuts several bundled samples (${cutCount})`);
		});
	});
});
