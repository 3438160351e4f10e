/**
 * Where real servers differ from what a client would assume (issue 13, docs/endpoints.md "Server
 * differences"): each behaviour reproduced by the emulator in the matching dialect (or `--quirk` /
 * `--fault`), and the client's handling of it. Real client, real emulator, HTTP on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { checkConnection } from '../../src/core/run/connectionCheck';
import { renderChatTemplate } from '../../src/core/stream/chatTemplates';
import { ReasoningClient } from '../../src/core/stream/reasoningClient';
import {
	collectStream,
	type StreamEvent,
	type StreamResult,
} from '../../src/core/stream/streamEvents';
import type { Thought } from '../../src/core/thoughts/thought';
import { LlmVerifier } from '../../src/core/verifier/llmVerifier';
import { conformanceTraces, withEmulator } from './conformanceKit';
import { overthoughtTrace, startRig } from './gatewayKit';

const trace = conformanceTraces()[0];
const problem = trace?.problem ?? '';
const messages = [{ role: 'user' as const, content: problem }];
const kept = (trace?.thinking ?? '').slice(0, 200);

async function events(
	gen: AsyncGenerator<StreamEvent, StreamResult>,
): Promise<{ list: StreamEvent[]; result: StreamResult }> {
	const list: StreamEvent[] = [];
	for (;;) {
		const next = await gen.next();
		if (next.done === true) {
			return { list, result: next.value };
		}
		list.push(next.value);
	}
}

function promptEvent(list: readonly StreamEvent[]): Extract<StreamEvent, { type: 'prompt' }> {
	const found = list.find(
		(e): e is Extract<StreamEvent, { type: 'prompt' }> => e.type === 'prompt',
	);
	assert.ok(found !== undefined, 'a prompt event');
	return found;
}

/**
 * A reverse proxy in front of the emulator that passes only the OpenAI routes (`/v1/…`), as API gateways
 * in front of a model server do: `/tokenize`, `/detokenize`, `/version` and the like answer 404 there.
 * With `ownedBy`, it also rewrites the model list's `owned_by`, as LiteLLM does ("openai"), so the
 * server behind it can no longer be recognised.
 */
async function v1OnlyProxy(
	upstream: string,
	ownedBy?: string,
): Promise<{ url: string; close: () => Promise<void> }> {
	const target = new URL(upstream);
	const server: Server = createServer((req, res) => {
		if (!(req.url ?? '').startsWith('/v1/')) {
			res.writeHead(404, { 'Content-Type': 'application/json' }).end('{"detail":"Not Found"}');
			return;
		}
		const forward = httpRequest(
			{
				host: target.hostname,
				port: target.port,
				path: req.url,
				method: req.method,
				headers: req.headers,
			},
			(up) => {
				if (ownedBy === undefined || req.url !== '/v1/models') {
					res.writeHead(up.statusCode ?? 502, up.headers);
					up.pipe(res);
					return;
				}
				const parts: Buffer[] = [];
				up.on('data', (part: Buffer) => parts.push(part));
				up.on('end', () => {
					const list = JSON.parse(Buffer.concat(parts).toString('utf8')) as {
						data: Array<Record<string, unknown>>;
					};
					const body = JSON.stringify({
						...list,
						data: list.data.map((m) => ({ ...m, owned_by: ownedBy })),
					});
					res.writeHead(up.statusCode ?? 502, { 'Content-Type': 'application/json' }).end(body);
				});
			},
		);
		req.pipe(forward);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/v1`,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

function thought(text: string): Thought {
	return { index: 0, text, charStart: 0, charEnd: text.length, tokenStart: 0, tokenEnd: 10 };
}

describe('endpoint fidelity: SGLang', () => {
	it('1. keeps special tokens through /detokenize (skip_special_tokens: false), so the continuation prompt is intact', async () => {
		await withEmulator(
			{ dialect: 'sglang', template: 'qwen3', model: 'Qwen/Qwen3-32B' },
			async (emulator, client, model) => {
				const { list, result } = await events(
					client.continueAfterCut({ model, messages, keptThinking: kept, maxTokens: 200 }),
				);
				const prompt = promptEvent(list);
				assert.equal(prompt.strategy, 'tokenize');
				assert.ok(
					prompt.text.startsWith(`<|im_start|>user\n${problem}<|im_end|>\n<|im_start|>assistant\n`),
					prompt.text.slice(0, 120),
				);
				assert.equal(result.error, undefined);
				const detok = emulator.log.entries.find((e) => e.kind === 'detokenize');
				assert.equal(
					(detok?.body as { skip_special_tokens?: unknown } | undefined)?.skip_special_tokens,
					false,
				);
			},
		);
	});

	it('2. falls back to client-side templating when an older /tokenize rejects "messages" with 422, and says so', async () => {
		await withEmulator(
			{ dialect: 'sglang', quirks: ['tokenize-prompt-only'] },
			async (emulator, client, model) => {
				const { list, result } = await events(
					client.continueAfterCut({ model, messages, keptThinking: kept, maxTokens: 4000 }),
				);
				const prompt = promptEvent(list);
				assert.equal(prompt.strategy, 'chat-template');
				assert.match(
					prompt.notes?.join(' | ') ?? '',
					/tokenize: \/tokenize rejected the request fields \(422/,
				);
				assert.equal(result.error, undefined);
				assert.equal(result.answer, trace?.final);
				assert.ok(emulator.log.entries.some((e) => e.kind === 'tokenize' && e.status === 422));
				const report = await checkConnection(client, model);
				const line = report.lines.find((l) => l.what === 'continuation');
				assert.match(
					line?.detail ?? '',
					/chat template rendered in ThinkTrim \(built-in, by model name\); skipped tokenize: \/tokenize rejected the request fields \(422/,
				);
			},
		);
	});

	it('4. sends one BOS, not two: SGLang adds it on /v1/completions whatever add_special_tokens says', async () => {
		for (const dialect of ['sglang', 'llamacpp'] as const) {
			await withEmulator({ dialect }, async (emulator, client, model) => {
				const { list } = await events(
					client.continueAfterCut({ model, messages, keptThinking: kept, maxTokens: 200 }),
				);
				assert.match(
					promptEvent(list).notes?.join(' ') ?? '',
					/<｜begin▁of▁sentence｜> dropped from the prompt/,
				);
				const completion = await emulator.log.waitFor((e) => e.kind === 'completion');
				assert.equal(completion.continuation?.bosTokens, 1, `${dialect}: exactly one BOS`);
			});
		}
		// vLLM honours add_special_tokens: false, so the rendered BOS stays and is the only one.
		await withEmulator({ dialect: 'vllm' }, async (emulator, client, model) => {
			await collectStream(
				client.continueAfterCut({ model, messages, keptThinking: kept, maxTokens: 200 }),
			);
			assert.equal(
				(await emulator.log.waitFor((e) => e.kind === 'completion')).continuation?.bosTokens,
				1,
			);
		});
	});

	it('6. reads usage.reasoning_tokens at the top level and asks for continuous usage stats', async () => {
		await withEmulator({ dialect: 'sglang' }, async (emulator, client, model) => {
			const result = await collectStream(client.streamChat({ model, messages }));
			assert.equal(result.usage.reasoningTokensSource, 'server');
			assert.ok((result.usage.reasoningTokens ?? 0) > 0);
			const chat = emulator.log.entries.find((e) => e.kind === 'chat');
			assert.equal(
				(chat?.body as { stream_options?: { continuous_usage_stats?: unknown } } | undefined)
					?.stream_options?.continuous_usage_stats,
				true,
			);
		});
	});

	it('10. finish_reason "abort" marks the run aborted by the server and keeps the partial chain', async () => {
		await withEmulator({ dialect: 'sglang' }, async (_emulator, client, model) => {
			const c = await ReasoningClient.create({
				baseUrl: client.options.baseUrl,
				headers: { 'x-thinktrim-fault': 'abort-after=5' },
				maxRetries: 0,
			});
			try {
				const result = await collectStream(c.streamChat({ model, messages }));
				assert.equal(result.finishReason, 'abort');
				assert.equal(result.partial, true);
				assert.equal(result.error?.kind, 'server-aborted');
				assert.match(result.error.message, /The server aborted the request/);
				assert.ok(
					result.thinking.length > 0 && (trace?.thinking ?? '').startsWith(result.thinking),
				);
			} finally {
				await c.close();
			}
		});
	});
});

describe('endpoint fidelity: llama.cpp', () => {
	it('3. surfaces a mid-stream failure sent as an SSE "error:" line (older llama.cpp)', async () => {
		await withEmulator(
			{ dialect: 'llamacpp', quirks: ['sse-error-lines'] },
			async (_emulator, client, model) => {
				const c = await ReasoningClient.create({
					baseUrl: client.options.baseUrl,
					headers: { 'x-thinktrim-fault': 'error-after=4' },
					maxRetries: 0,
				});
				try {
					const result = await collectStream(c.streamChat({ model, messages }));
					assert.equal(result.error?.kind, 'stream-error');
					assert.match(
						result.error.message,
						/mid-stream: Injected fault: the engine failed after 4 chunks/,
					);
					assert.ok(result.thinking.length > 0, 'the text before the error is kept');
				} finally {
					await c.close();
				}
			},
		);
	});

	it('7. classifies exceed_context_size_error as a context-length error', async () => {
		await withEmulator(
			{ dialect: 'llamacpp', maxModelLen: 40 },
			async (_emulator, client, model) => {
				const result = await collectStream(
					client.streamChat({ model, messages: [{ role: 'user', content: problem.repeat(6) }] }),
				);
				assert.equal(result.error?.kind, 'context-length');
				assert.match(
					result.error.message,
					/does not fit the model's context: request \(\d+ tokens\) exceeds the available context size \(40 tokens\)/,
				);
			},
		);
	});

	it("11. reports the served n_ctx from /props, not the model's n_ctx_train", async () => {
		await withEmulator({ dialect: 'llamacpp', maxModelLen: 4096 }, async (_emulator, client) => {
			const server = await client.discover();
			assert.equal(server.models[0]?.maxModelLen, 4096);
			assert.equal(server.models[0]?.trainedContext, 131072);
		});
	});

	it('12. passes chat_template_kwargs to /apply-template, so a Qwen3 continuation matches the original request', async () => {
		await withEmulator(
			{ dialect: 'llamacpp', template: 'qwen3', model: 'Qwen3-32B-Q4_K_M.gguf' },
			async (emulator, client, model) => {
				const { list } = await events(
					client.continueAfterCut({
						model,
						messages,
						keptThinking: '',
						maxTokens: 50,
						thinking: false,
					}),
				);
				assert.equal(promptEvent(list).strategy, 'apply-template');
				assert.ok(
					promptEvent(list).text.includes('<|im_start|>assistant\n<think>\n\n</think>'),
					'thinking off, as in the original request',
				);
				const applied = emulator.log.entries.find((e) => e.kind === 'apply-template');
				assert.deepEqual(
					(applied?.body as { chat_template_kwargs?: unknown } | undefined)?.chat_template_kwargs,
					{ enable_thinking: false },
				);
			},
		);
	});

	it('12. passes chat_template_kwargs to a template rendered client-side', async () => {
		const spec = {
			template:
				'{% for m in messages %}{{ m.content }}{% endfor %}{% if reasoning_effort is defined %}[{{ reasoning_effort }}]{% endif %}',
		};
		assert.equal(
			await renderChatTemplate(spec, messages, { kwargs: { reasoning_effort: 'low' } }),
			`${problem}[low]`,
		);
	});
});

describe('endpoint fidelity: vLLM and MindIE', () => {
	it("12. a run passes the request's own chat_template_kwargs on to the continuation (gateway → vLLM /tokenize)", async () => {
		const { trace: long } = await overthoughtTrace();
		const rig = await startRig({ dialect: 'vllm', traces: [long] });
		try {
			const kwargs = { enable_thinking: true, reasoning_effort: 'low' };
			const before = rig.emulator.log.entries.length;
			const body = {
				model: rig.model,
				messages: [{ role: 'user' as const, content: long.problem ?? '' }],
				chat_template_kwargs: kwargs,
			};
			// chat_template_kwargs is a server extension the SDK does not type; it sends unknown keys as they are.
			await rig.sdk().chat.completions.create(body);
			const chat = await rig.emulator.log.waitFor((e) => e.seq >= before && e.kind === 'chat');
			assert.deepEqual(
				(chat.body as { chat_template_kwargs?: unknown } | undefined)?.chat_template_kwargs,
				kwargs,
				'the stream got them',
			);
			const tokenize = await rig.emulator.log.waitFor(
				(e) =>
					e.seq >= before &&
					e.kind === 'tokenize' &&
					(e.body as { messages?: unknown } | undefined)?.messages !== undefined,
			);
			assert.deepEqual(
				(tokenize.body as { chat_template_kwargs?: unknown } | undefined)?.chat_template_kwargs,
				kwargs,
				"and so did the continuation's render",
			);
			await rig.emulator.log.waitFor((e) => e.seq >= before && e.kind === 'completion');
		} finally {
			await rig.close();
		}
	});

	it('8. a source build reporting 0.1.dev…+g<sha> is not taken for the oldest dialect', async () => {
		await withEmulator(
			{ dialect: 'vllm', serverVersion: '0.1.dev9+g1a2b3c4' },
			async (_emulator, client, model) => {
				const server = await client.discover();
				assert.equal(server.version, '0.1.dev9+g1a2b3c4');
				assert.equal(server.dialect, 'vllm');
				const result = await collectStream(client.streamChat({ model, messages }));
				assert.equal(result.dialect, 'vllm', 'the stream fields confirm it');
			},
		);
	});

	it('9. reads Yes/No when logprob tokens come as token_id:N (--return-tokens-as-token-ids)', async () => {
		await withEmulator({ dialect: 'vllm', quirks: ['tokens-as-ids'] }, async (emulator) => {
			const verifier = new LlmVerifier({
				baseURL: emulator.url,
				model: emulator.state.models[0] ?? '',
				precheck: false,
			});
			const v = await verifier.answerPresence({
				problem: 'What is 2 + 2?',
				thought: thought('Adding up, the answer is 4.'),
			});
			assert.equal(v.source, 'llm', v.reason);
			assert.equal(v.yes, true);
			assert.ok((v.llm?.pYes ?? 0) > 0.85);
			assert.ok(
				v.llm?.topLogprobs?.some((t) => t.token === 'Yes'),
				'ids mapped to text through /detokenize',
			);
			assert.ok(
				emulator.log.entries.some(
					(e) => e.kind === 'verifier' && JSON.stringify(e.body).length > 0,
				),
			);
		});
	});

	it('9. without /detokenize (a gateway passing only /v1), reads the decoded reply instead of the token_id:N label', async () => {
		await withEmulator({ dialect: 'vllm', quirks: ['tokens-as-ids'] }, async (emulator) => {
			const proxy = await v1OnlyProxy(emulator.url);
			try {
				const verifier = new LlmVerifier({
					baseURL: proxy.url,
					model: emulator.state.models[0] ?? '',
					precheck: false,
					server: { kind: 'vllm', version: '0.11.0' },
				});
				const v = await verifier.answerPresence({
					problem: 'What is 2 + 2?',
					thought: thought('Adding up, the answer is 4.'),
				});
				assert.equal(v.source, 'llm', v.reason);
				assert.equal(v.llm?.token, 'Yes', 'the decoded content, not "token_id:…"');
				assert.equal(v.yes, true);
				assert.ok(
					!emulator.log.entries.some((e) => e.kind === 'detokenize'),
					'/detokenize never reached the server',
				);
			} finally {
				await proxy.close();
			}
		});
	});

	it('5. sends the output constraint each server applies, and reports one that was ignored', async () => {
		const cases = [
			{ dialect: 'sglang', serverVersion: undefined, expect: 'regex' },
			{ dialect: 'vllm-legacy', serverVersion: '0.9.1', expect: 'guided_choice' },
			{ dialect: 'vllm-legacy', serverVersion: '0.11.0', expect: 'structured_outputs' },
			{ dialect: 'vllm', serverVersion: undefined, expect: 'structured_outputs' },
			{ dialect: 'llamacpp', serverVersion: undefined, expect: 'grammar' },
		] as const;
		for (const c of cases) {
			await withEmulator(
				{ dialect: c.dialect, serverVersion: c.serverVersion },
				async (emulator) => {
					const verifier = new LlmVerifier({
						baseURL: emulator.url,
						model: emulator.state.models[0] ?? '',
						precheck: false,
					});
					const v = await verifier.answerPresence({
						problem: 'What is 2 + 2?',
						thought: thought('Adding up, the answer is 4.'),
					});
					const entry = await emulator.log.waitFor((e) => e.kind === 'verifier');
					assert.equal(
						entry.verdict?.constraint,
						c.expect,
						`${c.dialect} ${c.serverVersion ?? ''}`,
					);
					assert.equal(v.yes, true);
					assert.equal(verifier.unconstrainedReplies, 0);
				},
			);
		}
		// Told the server is vLLM 0.9 while it is current vLLM: guided_choice is ignored, and that shows.
		await withEmulator({ dialect: 'vllm' }, async (emulator) => {
			const verifier = new LlmVerifier({
				baseURL: emulator.url,
				model: emulator.state.models[0] ?? '',
				precheck: false,
				server: { kind: 'vllm', version: '0.9.1' },
			});
			const v = await verifier.answerPresence({
				problem: 'What is 2 + 2?',
				thought: thought('Adding up, the answer is 4.'),
			});
			assert.equal(v.yes, true, 'the Yes/No log-probabilities still decide');
			assert.match(
				v.reason,
				/the server ignored the guided_choice constraint \(it generated "Based"\)/,
			);
			assert.equal(verifier.unconstrainedReplies, 1);
		});
	});

	it('13. the connection check shows the continuation path and the verifier constraint before a replay', async () => {
		await withEmulator({ dialect: 'sglang' }, async (_emulator, client, model) => {
			const report = await checkConnection(client, model);
			assert.match(
				report.lines.find((l) => l.what === 'continuation')?.detail ?? '',
				/^\/tokenize \+ \/detokenize \(the server's own chat template\); <｜begin▁of▁sentence｜> dropped/,
			);
			assert.match(
				report.lines.find((l) => l.what === 'verifier constraint')?.detail ?? '',
				/^regex \(SGLang/,
			);
		});
	});

	it('13. the connection check renders with the chat template a replay will use (MindIE with a template from settings)', async () => {
		await withEmulator(
			{ dialect: 'mindie', model: 'my-finetune' },
			async (_emulator, client, model) => {
				const without = await checkConnection(client, model);
				const none = without.lines.find((l) => l.what === 'continuation');
				assert.equal(none?.ok, false, 'no built-in template for this model name');
				assert.match(none?.detail ?? '', /no chat template for "my-finetune"/);
				const spec = {
					template:
						'{{ bos_token }}{% for m in messages %}<｜User｜>{{ m.content }}{% endfor %}<｜Assistant｜><think>\n',
					bosToken: '<｜begin▁of▁sentence｜>',
				};
				const withTemplate = await checkConnection(client, model, undefined, {
					chatTemplate: spec,
				});
				const line = withTemplate.lines.find((l) => l.what === 'continuation');
				assert.equal(line?.ok, true);
				assert.equal(
					line?.detail,
					'the chat template rendered in ThinkTrim (the template from settings)',
				);
				assert.match(
					withTemplate.lines.find((l) => l.what === 'verifier constraint')?.detail ?? '',
					/^none \(MindIE/,
				);
			},
		);
	});

	it('5. a verifier endpoint check sends the constraint and says whether it held (SGLang direct, and behind a proxy that hides it)', async () => {
		await withEmulator({ dialect: 'sglang' }, async (emulator, client, model) => {
			const direct = await checkConnection(client, model, undefined, { verifyConstraint: true });
			const held = direct.lines.find((l) => l.what === 'verifier constraint');
			assert.equal(held?.ok, true, held?.detail);
			assert.match(held?.detail ?? '', /^regex \(SGLang.*\); held: the reply was "(Yes|No)"$/);
			assert.equal(
				(await emulator.log.waitFor((e) => e.kind === 'verifier')).verdict?.constraint,
				'regex',
			);
			// Behind LiteLLM the server is unknown: both vLLM spellings go out, and SGLang applies neither.
			const proxy = await v1OnlyProxy(emulator.url, 'openai');
			const hidden = await ReasoningClient.create({ baseUrl: proxy.url, maxRetries: 0 });
			try {
				const report = await checkConnection(hidden, model, undefined, { verifyConstraint: true });
				assert.equal(report.server.kind, 'unknown');
				const ignored = report.lines.find((l) => l.what === 'verifier constraint');
				assert.equal(ignored?.ok, false);
				assert.match(
					ignored?.detail ?? '',
					/^guided_choice\+structured_outputs \(server version unknown.*\); the server ignored it: the one-token reply was "Based", not Yes or No/,
				);
			} finally {
				await hidden.close();
				await proxy.close();
			}
		});
	});

	it('13. MindIE lists its models with owned_by "MindIE Server" and no context length', async () => {
		await withEmulator({ dialect: 'mindie' }, async (emulator, client) => {
			const raw = (await (await fetch(`${emulator.url}/models`)).json()) as {
				data: Array<Record<string, unknown>>;
			};
			assert.equal(raw.data[0]?.owned_by, 'MindIE Server');
			const server = await client.discover();
			assert.equal(server.kind, 'mindie');
			assert.equal(server.models[0]?.maxModelLen, undefined);
		});
	});

	it('13. vLLM ≤ 0.10.0 wraps its flat error body in {"error": …} mid-stream, and the client reads it', async () => {
		await withEmulator(
			{ dialect: 'vllm-legacy', serverVersion: '0.9.1' },
			async (emulator, client, model) => {
				const response = await fetch(`${emulator.url}/chat/completions`, {
					method: 'POST',
					headers: { 'Content-Type': 'application/json', 'x-thinktrim-fault': 'error-after=2' },
					body: JSON.stringify({ model, messages, stream: true }),
				});
				const text = await response.text();
				assert.match(text, /data: \{"error":\{"object":"error","message":"Injected fault/);
				const c = await ReasoningClient.create({
					baseUrl: client.options.baseUrl,
					headers: { 'x-thinktrim-fault': 'error-after=2' },
					maxRetries: 0,
				});
				try {
					const result = await collectStream(c.streamChat({ model, messages }));
					assert.equal(result.error?.kind, 'stream-error');
					assert.match(result.error.message, /Injected fault/);
				} finally {
					await c.close();
				}
			},
		);
	});
});
