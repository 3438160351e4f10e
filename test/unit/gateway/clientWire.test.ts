import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
	ChunkWriter,
	completionBody,
	reasoningStyleFor,
	type TrimReport,
} from '../../../src/core/gateway/clientWire';
import { planChat } from '../../../src/core/gateway/chatRequest';

const report: TrimReport = {
	request_id: 'r1',
	mode: 'act',
	policy: 'trimr',
	cut: true,
	thinking_tokens_generated: 10,
	verifier: 'heuristic',
};

function deltas(sse: string[]): Array<Record<string, unknown>> {
	return sse
		.filter((s) => s !== '')
		.map(
			(s) =>
				(
					JSON.parse(s.slice('data: '.length)) as {
						choices: Array<{ delta: Record<string, unknown> }>;
					}
				).choices[0]?.delta ?? {},
		);
}

describe('client wire', () => {
	it('puts reasoning where each upstream family puts it', () => {
		assert.equal(reasoningStyleFor('vllm'), 'reasoning');
		assert.equal(reasoningStyleFor('vllm-transition'), 'both');
		assert.equal(reasoningStyleFor('mindie'), 'reasoning_content');
		assert.equal(reasoningStyleFor(undefined), 'reasoning_content');
		const w = new ChunkWriter('id', 'm', 'both');
		assert.deepEqual(deltas([w.reasoning('a')]), [{ reasoning: 'a', reasoning_content: 'a' }]);
	});

	it('writes each token chunk byte for byte as JSON.stringify of the whole chunk', () => {
		const w = new ChunkWriter('chatcmpl-"q"', 'org/model\u00e9', 'reasoning');
		const line = w.reasoning('a "quoted"\n\u2028 token');
		const body = JSON.parse(line.slice('data: '.length)) as { created: number };
		const expected = {
			id: 'chatcmpl-"q"',
			object: 'chat.completion.chunk',
			created: body.created,
			model: 'org/model\u00e9',
			choices: [
				{
					index: 0,
					delta: { reasoning: 'a "quoted"\n\u2028 token' },
					logprobs: null,
					finish_reason: null,
				},
			],
		};
		assert.equal(line, `data: ${JSON.stringify(expected)}\n\n`);
		assert.equal(
			w.answer('42'),
			`data: ${JSON.stringify({ ...expected, choices: [{ index: 0, delta: { content: '42' }, logprobs: null, finish_reason: null }] })}\n\n`,
		);
	});

	it('counts the UTF-8 bytes of each token chunk it returns, in every style', () => {
		for (const style of [
			'reasoning',
			'reasoning_content',
			'both',
			'inline',
			'inline-open',
		] as const) {
			const w = new ChunkWriter('chatcmpl-é', 'org/modèle', style);
			for (const text of ['plain', 'é😀 "q"\n\u2028', '']) {
				const reasoning = w.reasoning(text);
				assert.equal(w.lastByteLength, Buffer.byteLength(reasoning), `${style} reasoning`);
				const answer = w.answer(text);
				assert.equal(w.lastByteLength, Buffer.byteLength(answer), `${style} answer`);
			}
		}
	});

	it('inline styles open and close the thought once, around the reasoning only', () => {
		const w = new ChunkWriter('id', 'm', 'inline-open');
		const got = deltas([w.reasoning('think'), w.reasoning(' more'), w.answer('42'), w.answer('!')]);
		assert.deepEqual(got.map((d) => d.content).join(''), '<think>\nthink more</think>\n\n42!');
		const noThinking = new ChunkWriter('id', 'm', 'inline');
		assert.deepEqual(
			deltas([noThinking.answer('42')]),
			[{ content: '42' }],
			'no </think> without a thought',
		);
	});

	it('the non-streamed body keeps the reasoning field and the report', () => {
		const body = completionBody('id', 'm', 'reasoning_content', {
			reasoning: 'r',
			answer: 'a',
			finishReason: 'stop',
			usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
			report,
		}) as { choices: Array<{ message: Record<string, unknown> }>; thinktrim: TrimReport };
		assert.deepEqual(body.choices[0]?.message, {
			role: 'assistant',
			content: 'a',
			reasoning_content: 'r',
		});
		assert.equal(body.thinktrim.cut, true);
	});
});

describe('chat request plan', () => {
	it('trims plain chats and forwards their other fields', () => {
		const plan = planChat({
			model: 'm',
			messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
			stream: true,
			top_k: 20,
			seed: 1,
			chat_template_kwargs: { enable_thinking: true },
			max_completion_tokens: 100,
		});
		assert.equal(plan.kind, 'trim');
		if (plan.kind === 'trim') {
			assert.deepEqual(plan.messages, [{ role: 'user', content: 'hi' }]);
			assert.deepEqual(plan.extraBody, { top_k: 20, seed: 1 });
			assert.equal(plan.thinking, true);
			assert.equal(plan.maxTokens, 100);
		}
	});

	it('passes through what it cannot re-render, and refuses what is malformed', () => {
		assert.equal(
			planChat({ model: 'm', messages: [{ role: 'user', content: 'x' }], tools: [] }).kind,
			'passthrough',
		);
		assert.equal(
			planChat({ model: 'm', messages: [{ role: 'user', content: 'x' }], n: 2 }).kind,
			'passthrough',
		);
		assert.equal(
			planChat({
				model: 'm',
				messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'x' } }] }],
			}).kind,
			'passthrough',
		);
		assert.equal(
			planChat({ model: 'm', messages: [{ role: 'tool', content: 'x' }] }).kind,
			'passthrough',
		);
		const bad = planChat({
			model: 'm',
			messages: [{ role: 'user', content: 'x' }],
			temperature: 'hot',
		});
		assert.deepEqual(bad, {
			kind: 'bad',
			message: '"temperature" must be a number',
			param: 'temperature',
		});
		assert.equal(planChat([]).kind, 'bad');
	});
});
