/** The continuation strategies forced one by one, and what the user is told when one cannot work. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { templateFromFileText } from '../../src/core/stream/chatTemplates';
import { collectStream, type StreamEvent } from '../../src/core/stream/streamEvents';
import { conformanceTraces, withEmulator } from './conformanceKit';

const trace = conformanceTraces()[0];
const messages = [{ role: 'user' as const, content: trace?.problem ?? '' }];

describe('continuation strategies', () => {
	it('renders a chat template given as tokenizer_config.json text when forced to render client-side', async () => {
		await withEmulator({ dialect: 'vllm' }, async (emulator, client, model) => {
			const config = JSON.stringify({
				chat_template:
					"{{ bos_token }}{% for m in messages %}{% if m.role == 'user' %}<｜User｜>{{ m.content }}{% endif %}{% endfor %}{% if add_generation_prompt %}<｜Assistant｜><think>\n{% endif %}",
				bos_token: '<｜begin▁of▁sentence｜>',
			});
			const events: StreamEvent[] = [];
			for await (const ev of client.continueAfterCut({
				model,
				messages,
				keptThinking: trace?.thinking ?? '',
				maxTokens: 2000,
				strategy: 'chat-template',
				chatTemplate: templateFromFileText(config),
			})) {
				events.push(ev);
			}
			const prompt = events.find((e) => e.type === 'prompt');
			assert.ok(prompt?.type === 'prompt');
			assert.ok(
				prompt.text.startsWith(
					`<｜begin▁of▁sentence｜><｜User｜>${trace?.problem ?? ''}<｜Assistant｜><think>\n`,
				),
			);
			const end = events.at(-1);
			assert.ok(end?.type === 'end');
			assert.equal(end.result.answer, trace?.final);
			assert.equal(
				emulator.log.entries.find((e) => e.kind === 'tokenize'),
				undefined,
				'no server-side rendering was asked for',
			);
		});
	});

	it('reports the server refusing continue_final_message with its own words', async () => {
		await withEmulator({ dialect: 'vllm-transition' }, async (_emulator, client, model) => {
			const result = await collectStream(
				client.continueAfterCut({
					model,
					messages,
					keptThinking: 'So far 16.5.',
					maxTokens: 50,
					strategy: 'continue-final-message',
				}),
			);
			assert.equal(result.error?.kind, 'bad-request');
			assert.match(
				result.error.message,
				/final message does not appear in the chat after applying the chat template/,
			);
		});
	});

	it('says what to give when no strategy can render the prompt', async () => {
		await withEmulator(
			{ dialect: 'mindie', model: 'my-private-model' },
			async (_emulator, client, model) => {
				const result = await collectStream(
					client.continueAfterCut({ model, messages, keptThinking: 'So far 16.5.', maxTokens: 50 }),
				);
				assert.equal(result.error?.kind, 'bad-request');
				assert.match(
					result.error.message,
					/Cannot build the continuation prompt for "my-private-model".*give the model's chat template/,
				);
				assert.equal(result.partial, true);
				// Handed to a callback, the same failure arrives as its events; the generator yields none.
				const handed: StreamEvent[] = [];
				const yielded: StreamEvent[] = [];
				const events = client.continueAfterCut({
					model,
					messages,
					keptThinking: 'So far 16.5.',
					maxTokens: 50,
					onEvent: (ev) => handed.push(ev),
				});
				let next = await events.next();
				while (next.done !== true) {
					yielded.push(next.value);
					next = await events.next();
				}
				assert.deepEqual(yielded, []);
				assert.deepEqual(
					handed.map((e) => e.type),
					['error', 'end'],
				);
				assert.equal(next.value.error?.message, result.error.message);
			},
		);
	});

	it('answers the earlier answer when the cut came before the model first stated its final one', async () => {
		await withEmulator({ dialect: 'vllm' }, async (emulator, client, model) => {
			const kept = 'First, 6 - 1/2 = 5.5, times 3 is 16.5. So the answer is 16.';
			const result = await collectStream(
				client.continueAfterCut({ model, messages, keptThinking: kept, maxTokens: 100 }),
			);
			assert.match(result.answer, /\\boxed\{16\}/);
			const logged = await emulator.log.waitFor((e) => e.kind === 'completion');
			assert.equal(logged.continuation?.source, 'earlier');
		});
	});
});
