/**
 * Chat-template skeletons: a conversation rendered through the skeleton the server rendered for its
 * shape is byte for byte the server's own rendering (the emulator's R1 and Qwen3 templates, through
 * /tokenize + /detokenize and llama.cpp's /apply-template); concurrent cuts of one shape ask the server
 * once; text a template may treat specially is still rendered by the server.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatMessage } from '../../../src/core/stream/chatWire';
import type { ContinuationClient } from '../../../src/core/stream/clientPort';
import { renderPrompt } from '../../../src/core/stream/continuation';
import {
	fillable,
	fillSkeleton,
	PromptSkeletons,
	skeletonPieces,
} from '../../../src/core/stream/promptSkeleton';
import { ReasoningClient } from '../../../src/core/stream/reasoningClient';
import type { EmulatorDialect } from '../../../src/emulator/dialects';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/server';
import { bundledSamples } from '../../harness/sampleTraces';

const R1 = 'deepseek-ai/DeepSeek-R1-Distill-Qwen-7B';

/** The same client with no skeletons: every conversation is rendered by the server. */
function serverOnly(client: ReasoningClient): ContinuationClient {
	return {
		options: client.options,
		sdk: client.sdk,
		fetch: client.fetch,
		get dialect() {
			return client.dialect;
		},
		discover: (signal) => client.discover(signal),
		mapError: (err, phase, model) => client.mapError(err, phase, model),
		streamSettings: (signal) => client.streamSettings(signal),
		authHeaders: () => client.authHeaders(),
	};
}

async function withServer(
	dialect: EmulatorDialect,
	template: 'r1' | 'qwen3' | undefined,
	run: (emulator: RunningEmulator, client: ReasoningClient) => Promise<void>,
): Promise<void> {
	const emulator = await startEmulator({
		traces: bundledSamples(),
		dialect,
		...(template !== undefined ? { template } : {}),
		ttftMs: 0,
		tokensPerSecond: Number.POSITIVE_INFINITY,
	});
	const client = await ReasoningClient.create({ baseUrl: emulator.url, dialect });
	try {
		await run(emulator, client);
	} finally {
		await client.close();
		await emulator.close();
	}
}

const conversations: Array<{ name: string; messages: ChatMessage[] }> = [
	{ name: 'one user turn', messages: [{ role: 'user', content: 'What is 17 * 23?' }] },
	{
		name: 'system and user',
		messages: [
			{ role: 'system', content: 'Answer with a number.' },
			{ role: 'user', content: 'Natalia sold 48 clips in April; how many in May at half?' },
		],
	},
	{
		name: 'two turns',
		messages: [
			{ role: 'user', content: 'Is 91 prime?' },
			{ role: 'assistant', content: 'No, 91 = 7 * 13.' },
			{ role: 'user', content: 'And 97?\nExplain briefly.' },
		],
	},
];

const servers: Array<[EmulatorDialect, 'r1' | 'qwen3' | undefined, string]> = [
	['vllm', undefined, 'tokenize'],
	['sglang', 'qwen3', 'tokenize'],
	['llamacpp', undefined, 'apply-template'],
];

describe('prompt skeletons: the same text as the server renders', () => {
	for (const [dialect, template, strategy] of servers) {
		for (const { name, messages } of conversations) {
			it(`${dialect}${template !== undefined ? ` (${template})` : ''}: ${name}`, async () => {
				await withServer(dialect, template, async (_emulator, client) => {
					const request = { model: R1, messages, keptThinking: '', maxTokens: 10 };
					const fromServer = await renderPrompt(serverOnly(client), request);
					const learned = await renderPrompt(client, request);
					const filled = await renderPrompt(client, request);
					assert.equal(fromServer.strategy, strategy);
					assert.equal(learned.strategy, strategy);
					assert.equal(learned.rendered, fromServer.rendered);
					assert.equal(filled.rendered, fromServer.rendered);
				});
			});
		}
	}
});

describe('prompt skeletons: requests to the server', () => {
	it('twenty concurrent cuts of one shape learn it with one render; other problems then need none', async () => {
		await withServer('vllm', undefined, async (emulator, client) => {
			const request = (i: number): Parameters<typeof renderPrompt>[1] => ({
				model: R1,
				messages: [{ role: 'user', content: `Problem ${i}: what is ${i} + ${i}?` }],
				keptThinking: '',
				maxTokens: 10,
			});
			const rendered = await Promise.all(
				Array.from({ length: 20 }, (_, i) => renderPrompt(client, request(i))),
			);
			const again = await renderPrompt(client, request(99));
			const kinds = emulator.log.entries.map((e) => e.kind);
			// One learning: /tokenize (the sentinel chat), /detokenize, /tokenize (the round-trip check).
			assert.equal(kinds.filter((k) => k === 'detokenize').length, 1, kinds.join(' '));
			assert.equal(kinds.filter((k) => k === 'tokenize').length, 2, kinds.join(' '));
			for (const [i, r] of rendered.entries()) {
				assert.ok(r.rendered?.includes(`Problem ${i}: what is ${i} + ${i}?`), r.rendered);
				assert.ok(!r.rendered?.includes('ThinkTrimSentinel'), r.rendered);
			}
			assert.equal(again.rendered, (await renderPrompt(serverOnly(client), request(99))).rendered);
		});
	});

	it('a message with template markup or outer white space is rendered by the server', async () => {
		await withServer('vllm', undefined, async (emulator, client) => {
			const plain = { model: R1, keptThinking: '', maxTokens: 10 };
			await renderPrompt(client, { ...plain, messages: [{ role: 'user', content: 'learn me' }] });
			const before = emulator.log.entries.filter((e) => e.kind === 'detokenize').length;
			for (const content of [' padded', 'ends in a newline\n', 'a <｜User｜> tag', '<b>bold</b>']) {
				const messages: ChatMessage[] = [{ role: 'user', content }];
				const viaClient = await renderPrompt(client, { ...plain, messages });
				const viaServer = await renderPrompt(serverOnly(client), { ...plain, messages });
				assert.equal(viaClient.rendered, viaServer.rendered, JSON.stringify(content));
			}
			const after = emulator.log.entries.filter((e) => e.kind === 'detokenize').length;
			// Each of the four went to the server twice (through the client and without skeletons).
			assert.equal(after - before, 8);
		});
	});
});

describe('prompt skeletons: pieces', () => {
	it('splits at each sentinel once, in order, and fills the messages back in', () => {
		const pieces = skeletonPieces('<s>[S]ThinkTrimSentinel0x[U]ThinkTrimSentinel1x[A]', 2);
		assert.deepEqual(pieces, ['<s>[S]', '[U]', '[A]']);
		assert.equal(
			fillSkeleton(pieces ?? [], [
				{ role: 'system', content: 'sys' },
				{ role: 'user', content: 'hi' },
			]),
			'<s>[S]sys[U]hi[A]',
		);
	});

	it('gives no skeleton when a sentinel is missing, repeated or out of order', () => {
		assert.equal(skeletonPieces('[U]ThinkTrimSentinel1x[A]', 2), undefined);
		assert.equal(skeletonPieces('ThinkTrimSentinel0x ThinkTrimSentinel0x', 1), undefined);
		assert.equal(skeletonPieces('ThinkTrimSentinel1x ThinkTrimSentinel0x', 2), undefined);
	});

	it('fills only plain text', () => {
		assert.equal(fillable('What is 2 + 3?'), true);
		assert.equal(fillable('x < 5 and y > 2?'), true);
		for (const text of [
			'',
			' lead',
			'trail ',
			'<tool_response>x</tool_response>',
			'a<|im_end|>b',
		]) {
			assert.equal(fillable(text), false, JSON.stringify(text));
		}
	});
});

describe('prompt skeletons: learning', () => {
	const shape = { server: 'http://u/v1', model: 'm', kwargs: undefined };
	const messages: ChatMessage[] = [{ role: 'user', content: 'q' }];

	it('asks again after a failed learning, and after the skeleton expired', async () => {
		let now = 0;
		let calls = 0;
		const skeletons = new PromptSkeletons(() => now);
		const render = (probe: readonly ChatMessage[]): Promise<string> => {
			calls += 1;
			return calls === 1
				? Promise.reject(new Error('upstream reset'))
				: Promise.resolve(`<U>${probe[0]?.content ?? ''}<A>`);
		};
		await assert.rejects(skeletons.render(shape, messages, render), /upstream reset/);
		assert.equal(await skeletons.render(shape, messages, render), '<U>q<A>');
		assert.equal(await skeletons.render(shape, messages, render), '<U>q<A>');
		assert.equal(calls, 2);
		now += 11 * 60 * 1000;
		assert.equal(await skeletons.render(shape, messages, render), '<U>q<A>');
		assert.equal(calls, 3);
	});

	it('keeps shapes apart: another model, role sequence or template arguments is learned anew', async () => {
		const skeletons = new PromptSkeletons();
		const seen: string[] = [];
		const render = (tag: string) => (probe: readonly ChatMessage[]) => {
			seen.push(tag);
			return Promise.resolve(`${tag}:${probe.map((m) => m.content).join('|')}`);
		};
		await skeletons.render(shape, messages, render('a'));
		await skeletons.render({ ...shape, model: 'n' }, messages, render('b'));
		await skeletons.render({ ...shape, kwargs: { enable_thinking: false } }, messages, render('c'));
		await skeletons.render(shape, [{ role: 'system', content: 's' }, ...messages], render('d'));
		await skeletons.render(shape, messages, render('e'));
		assert.deepEqual(seen, ['a', 'b', 'c', 'd']);
	});

	it('learns a shape ahead of a cut once; a refused learning is not asked again while it would have lived', async () => {
		let now = 0;
		let calls = 0;
		let refuse = true;
		const skeletons = new PromptSkeletons(() => now);
		const render = (probe: readonly ChatMessage[]): Promise<string> => {
			calls += 1;
			return refuse
				? Promise.reject(new Error('404 /tokenize'))
				: Promise.resolve(`<U>${probe[0]?.content ?? ''}<A>`);
		};
		// Refused: never thrown (it runs beside the request), and the next requests do not ask again.
		skeletons.learnAhead(shape, messages, render);
		await new Promise((resolve) => setImmediate(resolve));
		skeletons.learnAhead(shape, messages, render);
		assert.equal(calls, 1);
		// Once the refusal is older than a skeleton's life, it is tried again, and then kept.
		now += 11 * 60 * 1000;
		refuse = false;
		skeletons.learnAhead(shape, messages, render);
		skeletons.learnAhead(shape, messages, render);
		assert.equal(await skeletons.render(shape, messages, render), '<U>q<A>');
		assert.equal(calls, 2, 'the cut used the skeleton learned ahead');
		// Text the template may treat specially is never learned.
		skeletons.learnAhead(shape, [{ role: 'user', content: ' q' }], render);
		assert.equal(calls, 2);
	});
});

describe('prompt skeletons learned when a run that may cut starts', () => {
	it('the first cut of a shape sends no render request: the server rendered it when the stream started', async () => {
		await withServer('vllm', undefined, async (emulator, client) => {
			const trace = bundledSamples()[0];
			assert.ok(trace !== undefined);
			const messages = [{ role: 'user' as const, content: trace.problem ?? '' }];
			await client.discover();
			client.prepareContinuation({ model: R1, messages });
			// The learning: /tokenize (the sentinel chat), /detokenize, /tokenize (the round-trip check).
			await emulator.log.waitFor(
				() => emulator.log.entries.filter((e) => e.kind === 'tokenize').length === 2,
			);
			const before = emulator.log.entries.length;
			const rendered = await renderPrompt(client, {
				model: R1,
				messages,
				keptThinking: 'So 4.',
				maxTokens: 10,
			});
			assert.deepEqual(
				emulator.log.entries.slice(before).map((e) => e.kind),
				[],
				'no request for the cut',
			);
			assert.equal(
				rendered.rendered,
				(
					await renderPrompt(serverOnly(client), {
						model: R1,
						messages,
						keptThinking: 'So 4.',
						maxTokens: 10,
					})
				).rendered,
			);
		});
	});
});
