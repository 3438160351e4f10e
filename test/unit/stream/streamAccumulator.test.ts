import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { idleTimeoutError } from '../../../src/core/stream/errors';
import { readDelta } from '../../../src/core/stream/reasoningDelta';
import {
	StreamAccumulator,
	type ChunkParts,
	type ContentMode,
} from '../../../src/core/stream/streamAccumulator';
import type { DialectName } from '../../../src/core/stream/streamEvents';

function acc(contentMode: ContentMode = 'auto', dialect?: DialectName): StreamAccumulator {
	return new StreamAccumulator({
		contentMode,
		startsInReasoning: true,
		dialect,
		startedAtEpochMs: 0,
	});
}

const chunk = (delta: Record<string, unknown>, extra: Partial<ChunkParts> = {}): ChunkParts => ({
	...readDelta(delta),
	...extra,
});

describe('StreamAccumulator', () => {
	it('reads a vLLM 0.13 stream (both fields, nulls) and detects the transition dialect', () => {
		const a = acc('auto', 'vllm');
		a.accept(chunk({ role: 'assistant', content: '', reasoning_content: null }), 1);
		a.accept(chunk({ reasoning: '好的', reasoning_content: '好的' }), 2);
		a.accept(chunk({ reasoning: '，so 5.', reasoning_content: '，so 5.', content: '\n\n' }), 3);
		a.accept(chunk({ content: '5', reasoning_content: null }, { finishReason: 'stop' }), 4);
		const { result } = a.finish(5, {});
		assert.equal(result.thinking, '好的，so 5.');
		assert.equal(result.answer, '5');
		assert.equal(result.dialect, 'vllm-transition');
		assert.equal(result.partial, false);
		assert.equal(result.timings.firstTokenMs, 2);
		assert.equal(result.timings.firstAnswerTokenMs, 4);
		assert.deepEqual(result.timings.chunkArrivalMs, [2, 3, 4]);
	});

	it('splits inline content and reports the inline dialect when no reasoning field came', () => {
		const a = acc('auto', 'vllm');
		for (const [i, c] of ['Let me', ' think.</th', 'ink>\n\nIt', ' is 4.'].entries()) {
			a.accept(chunk({ content: c }, i === 3 ? { finishReason: 'stop' } : {}), i);
		}
		const { result } = a.finish(9, {});
		assert.equal(result.thinking, 'Let me think.');
		assert.equal(result.answer, 'It is 4.');
		assert.equal(result.dialect, 'inline');
	});

	it('takes reasoning tokens from continuous usage at the last reasoning chunk', () => {
		const a = acc();
		a.accept(
			chunk(
				{ reasoning_content: 'a' },
				{ usage: { prompt_tokens: 10, completion_tokens: 1, total_tokens: 11 } },
			),
			1,
		);
		a.accept(
			chunk(
				{ reasoning_content: ' b' },
				{ usage: { prompt_tokens: 10, completion_tokens: 2, total_tokens: 12 } },
			),
			2,
		);
		a.accept(
			chunk(
				{ content: 'ok' },
				{
					usage: { prompt_tokens: 10, completion_tokens: 4, total_tokens: 14 },
					finishReason: 'stop',
				},
			),
			3,
		);
		const { result } = a.finish(4, {});
		assert.equal(result.usage.reasoningTokens, 2);
		assert.equal(result.usage.reasoningTokensSource, 'usage-at-answer');
		assert.equal(result.usage.completionTokens, 4);
	});

	it("prefers the server's reasoning_tokens, and otherwise estimates scaled to completion_tokens", () => {
		const server = acc();
		server.accept(chunk({ reasoning_content: 'thinking' }), 1);
		server.accept({ fieldSeen: 'none', finishReason: 'stop' }, 2);
		server.accept(
			{
				fieldSeen: 'none',
				usage: {
					prompt_tokens: 3,
					completion_tokens: 9,
					total_tokens: 12,
					completion_tokens_details: { reasoning_tokens: 7 },
				},
			},
			3,
		);
		assert.equal(server.finish(4, {}).result.usage.reasoningTokens, 7);

		const estimate = acc();
		estimate.accept(chunk({ reasoning_content: 'x'.repeat(300) }), 1);
		estimate.accept(chunk({ content: 'y'.repeat(100) }, { finishReason: 'stop' }), 2);
		estimate.accept(
			{ fieldSeen: 'none', usage: { prompt_tokens: 3, completion_tokens: 80, total_tokens: 83 } },
			3,
		);
		const u = estimate.finish(4, {}).result.usage;
		assert.equal(u.reasoningTokensSource, 'estimate');
		assert.equal(u.reasoningTokens, 60);
	});

	it('marks a stream partial when it failed or was aborted, and keeps the text', () => {
		const a = acc();
		a.accept(chunk({ reasoning: 'half a thou' }), 1);
		const { result, events } = a.finish(2, { error: idleTimeoutError(100, 'stream') });
		assert.equal(result.partial, true);
		assert.equal(result.thinking, 'half a thou');
		assert.equal(result.error?.kind, 'idle-timeout');
		assert.equal(events.at(-1)?.type, 'end');
		const b = acc();
		b.accept(chunk({ reasoning: 'x' }), 1);
		const aborted = b.finish(2, { aborted: true }).result;
		assert.equal(aborted.aborted, true);
		assert.equal(aborted.partial, true);
		assert.equal(aborted.finishReason, undefined);
	});

	it('in answer mode (continuations) counts reasoning and content as answer', () => {
		const a = acc('answer');
		a.accept(chunk({ reasoning: 'The answer' }), 1);
		a.accept(chunk({ content: ' is 5.' }, { finishReason: 'stop' }), 2);
		const { result } = a.finish(3, {});
		assert.equal(result.thinking, '');
		assert.equal(result.answer, 'The answer is 5.');
	});

	it('warns when inline output never closed the thought although generation stopped normally', () => {
		const a = acc();
		a.accept(chunk({ content: 'Paris is the capital.' }, { finishReason: 'stop' }), 1);
		const { result } = a.finish(2, {});
		assert.equal(result.thinking, 'Paris is the capital.');
		assert.match(result.warnings[0] ?? '', /No <\/think>/);
	});
});

describe('StreamAccumulator: SGLang usage and abort', () => {
	it('reads top-level usage.reasoning_tokens, but not a 0 left by releases that never fill it', () => {
		const a = acc('auto', 'sglang');
		a.accept(chunk({ reasoning_content: 'Think.' }), 1);
		a.accept(
			chunk(
				{ content: 'Done' },
				{
					finishReason: 'stop',
					usage: { prompt_tokens: 5, completion_tokens: 9, reasoning_tokens: 7 },
				},
			),
			2,
		);
		assert.deepEqual(
			[
				a.finish(3, {}).result.usage.reasoningTokens,
				a.finish(3, {}).result.usage.reasoningTokensSource,
			],
			[7, 'server'],
		);
		const zero = acc('auto', 'sglang');
		zero.accept(chunk({ reasoning_content: 'Think.' }), 1);
		zero.accept(
			chunk(
				{ content: 'Done' },
				{
					finishReason: 'stop',
					usage: { prompt_tokens: 5, completion_tokens: 9, reasoning_tokens: 0 },
				},
			),
			2,
		);
		assert.equal(zero.finish(3, {}).result.usage.reasoningTokensSource, 'estimate');
	});

	it('marks finish_reason "abort" as a partial run aborted by the server, keeping the text', () => {
		const a = acc('auto', 'sglang');
		a.accept(chunk({ reasoning_content: 'Half a thought' }), 1);
		a.accept(chunk({}, { finishReason: 'abort' }), 2);
		const { events, result } = a.finish(3, {});
		assert.equal(result.thinking, 'Half a thought');
		assert.equal(result.partial, true);
		assert.equal(result.error?.kind, 'server-aborted');
		assert.deepEqual(
			events.map((e) => e.type),
			['error', 'end'],
		);
	});
});
