/**
 * Every dialect × the stream scenarios: byte-exact reconstruction from real traces (multi-byte characters,
 * SSE events cut into small network writes, `</think>` split across chunks), usage read or counted, the
 * continuation accepted, and an abort seen by the server. Real client, real emulator, HTTP on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
	collectStream,
	type StreamEvent,
	type StreamResult,
} from '../../src/core/stream/streamEvents';
import { EMULATOR_DIALECTS } from '../../src/emulator/dialects';
import { tokenPieces } from '../../src/emulator/tokenizer';
import {
	conformanceTraces,
	EXPECTED_DIALECT,
	EXPECTED_REASONING_SOURCE,
	EXPECTED_STRATEGY,
	MULTIBYTE_TRACE,
	withEmulator,
} from './conformanceKit';

const traces = conformanceTraces();

/** Collects the events too, to check they add up to the result. */
async function streamWithEvents(
	events: AsyncGenerator<StreamEvent, StreamResult>,
): Promise<{ result: StreamResult; reasoning: string; answer: string; types: string[] }> {
	let reasoning = '';
	let answer = '';
	const types: string[] = [];
	for (;;) {
		const next = await events.next();
		if (next.done === true) {
			return { result: next.value, reasoning, answer, types };
		}
		const ev = next.value;
		types.push(ev.type);
		if (ev.type === 'reasoning') {
			reasoning += ev.text;
		} else if (ev.type === 'answer') {
			answer += ev.text;
		}
	}
}

/** What an event says, without its timing (two runs of the same stream differ only in `atMs`). */
function shape(ev: StreamEvent): string {
	switch (ev.type) {
		case 'reasoning':
		case 'answer':
			return `${ev.type}:${ev.text}`;
		case 'end':
			return `end:${ev.result.finishReason ?? ''}:${ev.result.thinking.length}:${ev.result.answer.length}`;
		default:
			return ev.type;
	}
}

for (const dialect of EMULATOR_DIALECTS) {
	const inline = dialect === 'inline' || dialect === 'qwen3-inline';
	describe(`conformance: ${dialect}`, () => {
		it('hands a callback the same events, in order, that the generator yields, and yields none itself', async () => {
			await withEmulator({ dialect }, async (_emulator, client, model) => {
				const trace = traces[0];
				assert.ok(trace !== undefined);
				const messages = [{ role: 'user' as const, content: trace.problem ?? '' }];
				const yielded: string[] = [];
				for await (const ev of client.streamChat({ model, messages })) {
					yielded.push(shape(ev));
				}
				const handed: string[] = [];
				const { result, types } = await streamWithEvents(
					client.streamChat({ model, messages, onEvent: (ev) => handed.push(shape(ev)) }),
				);
				assert.deepEqual(
					types,
					[],
					'the generator yields nothing when a callback takes the events',
				);
				assert.deepEqual(handed, yielded);
				assert.ok(handed.length > 3);
				assert.equal(result.thinking, trace.thinking);
				assert.equal(result.answer, trace.final);
			});
		});

		it('hands a callback the continuation events, in order, that its generator yields, and yields none itself', async () => {
			await withEmulator({ dialect }, async (_emulator, client, model) => {
				const trace = traces[0];
				assert.ok(trace !== undefined);
				const request = {
					model,
					messages: [{ role: 'user' as const, content: trace.problem ?? '' }],
					keptThinking: trace.thinking.slice(0, Math.floor(trace.thinking.length / 2)),
					maxTokens: 2000,
				};
				const yielded: string[] = [];
				for await (const ev of client.continueAfterCut(request)) {
					yielded.push(shape(ev));
				}
				const handed: string[] = [];
				const { result, types } = await streamWithEvents(
					client.continueAfterCut({ ...request, onEvent: (ev) => handed.push(shape(ev)) }),
				);
				assert.deepEqual(
					types,
					[],
					'the generator yields nothing when a callback takes the events',
				);
				assert.deepEqual(handed, yielded);
				assert.equal(handed[0], 'prompt');
				assert.ok(handed.length > 3);
				assert.equal(result.error, undefined, result.error?.message);
				assert.equal(result.answer, trace.final);
			});
		});

		it('reconstructs reasoning and answer byte-exact from real traces', async () => {
			await withEmulator({ dialect }, async (emulator, client, model) => {
				for (const trace of traces) {
					const { result, reasoning, answer, types } = await streamWithEvents(
						client.streamChat({
							model,
							messages: [{ role: 'user', content: trace.problem ?? '' }],
						}),
					);
					assert.equal(result.error, undefined, `${trace.id}: ${result.error?.message ?? ''}`);
					assert.equal(result.thinking, trace.thinking, trace.id);
					assert.equal(result.answer, trace.final, trace.id);
					assert.equal(reasoning, result.thinking);
					assert.equal(answer, result.answer);
					assert.equal(result.finishReason, 'stop');
					assert.equal(result.partial, false);
					assert.equal(result.dialect, EXPECTED_DIALECT[dialect]);
					assert.equal(types[0], 'start');
					assert.equal(types.at(-1), 'end');
					assert.ok(
						result.timings.firstTokenMs !== undefined &&
							result.timings.firstAnswerTokenMs !== undefined &&
							result.timings.firstAnswerTokenMs >= result.timings.firstTokenMs,
					);
				}
				assert.ok(
					emulator.log.entries
						.filter((e) => e.kind === 'chat')
						.every((e) => e.traceMatched === true),
				);
			});
		});

		it('survives events cut into 5-byte network writes and multi-token chunks', async () => {
			// Every SSE event split into 5-byte writes: multi-byte characters and tags arrive in pieces.
			await withEmulator(
				{ dialect, fragmentBytes: 5, splitThinkTag: inline, traces: [MULTIBYTE_TRACE] },
				async (_emulator, client, model) => {
					const result = await collectStream(
						client.streamChat({
							model,
							messages: [{ role: 'user', content: MULTIBYTE_TRACE.problem ?? '' }],
						}),
					);
					assert.equal(result.thinking, MULTIBYTE_TRACE.thinking);
					assert.equal(result.answer, MULTIBYTE_TRACE.final);
				},
			);
			// Three tokens a chunk (stream_interval, speculative decoding): tags land inside chunks.
			await withEmulator(
				{ dialect, tokensPerChunk: 3, splitThinkTag: inline },
				async (_emulator, client, model) => {
					const trace = traces[0];
					assert.ok(trace);
					const result = await collectStream(
						client.streamChat({
							model,
							messages: [{ role: 'user', content: trace.problem ?? '' }],
						}),
					);
					assert.equal(result.thinking, trace.thinking);
					assert.equal(result.answer, trace.final);
				},
			);
		});

		it('reads the usage, or counts the reasoning tokens', async () => {
			await withEmulator({ dialect }, async (emulator, client, model) => {
				const trace = traces[0];
				assert.ok(trace);
				const result = await collectStream(
					client.streamChat({ model, messages: [{ role: 'user', content: trace.problem ?? '' }] }),
				);
				const logged = await emulator.log.waitFor((e) => e.kind === 'chat');
				assert.equal(result.usage.completionTokens, logged.tokensSent);
				assert.ok((result.usage.promptTokens ?? 0) > 0);
				assert.equal(
					result.usage.totalTokens,
					(result.usage.promptTokens ?? 0) + logged.tokensSent,
				);
				assert.equal(result.usage.reasoningTokensSource, EXPECTED_REASONING_SOURCE[dialect]);
				const truth = tokenPieces(trace.thinking).length;
				const counted = result.usage.reasoningTokens ?? -1;
				if (result.usage.reasoningTokensSource === 'estimate') {
					assert.ok(Math.abs(counted - truth) / truth < 0.5, `estimate ${counted} vs ${truth}`);
				} else {
					assert.ok(Math.abs(counted - truth) <= (inline ? 2 : 0), `${counted} vs ${truth}`);
				}
				assert.ok((result.timings.tokensPerSecond ?? 0) > 0);

				// Stopped by max_tokens inside the thought: no </think>, everything is thinking, finish "length".
				const cut = await collectStream(
					client.streamChat({
						model,
						messages: [{ role: 'user', content: trace.problem ?? '' }],
						maxTokens: 40,
					}),
				);
				assert.equal(cut.finishReason, 'length');
				assert.equal(cut.partial, false);
				assert.equal(cut.answer, '');
				assert.ok(cut.thinking.length > 0 && trace.thinking.startsWith(cut.thinking));
				assert.equal(cut.usage.completionTokens, 40);
			});
		});

		it('continues after a cut: the server gets the kept thinking and answers', async () => {
			await withEmulator({ dialect }, async (emulator, client, model) => {
				const trace = traces[0];
				assert.ok(trace);
				const messages = [{ role: 'user' as const, content: trace.problem ?? '' }];
				const cut = trace.thinking.indexOf('\n\n', Math.floor(trace.thinking.length / 2));
				const kept = trace.thinking.slice(0, cut);
				let strategy: string | undefined;
				let answer = '';
				const events = client.continueAfterCut({
					model,
					messages,
					keptThinking: kept,
					guide: 'Time to give the final answer.',
					maxTokens: 400,
				});
				for await (const ev of events) {
					if (ev.type === 'prompt') {
						strategy = ev.strategy;
						assert.ok(ev.text.includes(kept));
						assert.ok(ev.text.endsWith('Time to give the final answer.\n</think>\n\n'));
					} else if (ev.type === 'answer') {
						answer += ev.text;
					} else if (ev.type === 'error') {
						assert.fail(ev.error.message);
					}
				}
				assert.equal(strategy, EXPECTED_STRATEGY[dialect]);
				assert.ok(answer.length > 0);
				const logged = await emulator.log.waitFor((e) => e.kind === 'completion');
				// The server measures the cut as the common prefix with the trace: the guide's paragraph break may add to it.
				const cutChars = logged.continuation?.cutChars ?? -1;
				assert.ok(
					cutChars >= kept.length && cutChars <= kept.length + 2,
					`cut at ${cutChars}, kept ${kept.length}`,
				);
				assert.equal(logged.continuation?.addSpecialTokens, false);
				assert.equal((logged.body as { max_tokens?: number }).max_tokens, 400);

				// Cut after the whole thought: the model's own final answer comes back.
				const full = await collectStream(
					client.continueAfterCut({
						model,
						messages,
						keptThinking: trace.thinking,
						maxTokens: 4000,
					}),
				);
				assert.equal(full.answer, trace.final);
				assert.equal(full.finishReason, 'stop');
			});
		});

		it('aborts mid-stream: the partial text is kept and the server sees the disconnect', async () => {
			await withEmulator({ dialect, tokensPerSecond: 500 }, async (emulator, client, model) => {
				const trace = traces[1];
				assert.ok(trace);
				const controller = new AbortController();
				let reasoningEvents = 0;
				let result: StreamResult | undefined;
				for await (const ev of client.streamChat({
					model,
					messages: [{ role: 'user', content: trace.problem ?? '' }],
					signal: controller.signal,
				})) {
					if (ev.type === 'reasoning' && ++reasoningEvents === 20) {
						controller.abort();
					}
					if (ev.type === 'end') {
						result = ev.result;
					}
				}
				assert.ok(result);
				assert.equal(result.aborted, true);
				assert.equal(result.partial, true);
				assert.equal(result.error, undefined);
				assert.ok(result.thinking.length > 0 && trace.thinking.startsWith(result.thinking));
				const logged = await emulator.log.waitFor(
					(e) => e.kind === 'chat' && e.outcome === 'client-disconnected',
				);
				assert.ok(
					logged.tokensSent < tokenPieces(trace.thinking).length,
					`server went on to ${logged.tokensSent} tokens`,
				);
			});
		});
	});
}
