/** `thinktrim stream` and `thinktrim emulate` end to end, and verifier-style requests to the emulator. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { collectStream } from '../../src/core/stream/streamEvents';
import { runEmulate } from '../../src/cli/emulateCommand';
import { runStream } from '../../src/cli/streamCommand';
import { conformanceTraces, withEmulator } from './conformanceKit';
import { capturedIo } from '../unit/cli/runCli';

const trace = conformanceTraces()[0];

describe('thinktrim stream', () => {
	it('prints one JSON object with thinking, answer, usage, timings, finish reason, dialect, partial', async () => {
		await withEmulator({ dialect: 'vllm-legacy' }, async (emulator) => {
			const { io, out } = capturedIo();
			const code = await runStream(
				['--base-url', emulator.url, '--prompt', trace?.problem ?? '', '--json'],
				io,
				undefined,
			);
			assert.equal(code, 0);
			const json = JSON.parse(out()) as Record<string, unknown>;
			assert.equal(json.thinking, trace?.thinking);
			assert.equal(json.answer, trace?.final);
			assert.equal(json.finishReason, 'stop');
			assert.equal(json.dialect, 'vllm-legacy');
			assert.equal(json.partial, false);
			assert.equal(
				(json.usage as { completionTokens?: number }).completionTokens,
				emulator.log.entries.find((e) => e.kind === 'chat')?.tokensSent,
			);
			assert.ok(typeof (json.timings as { firstTokenMs?: number }).firstTokenMs === 'number');
		});
	});

	it('streams live text (reasoning, blank line, answer) and a summary', async () => {
		await withEmulator({ dialect: 'inline' }, async (emulator, _client, model) => {
			const { io, out, err } = capturedIo();
			const code = await runStream(
				[
					'--base-url',
					emulator.url,
					'--model',
					model,
					'--prompt',
					trace?.problem ?? '',
					'--no-color',
				],
				io,
				undefined,
			);
			assert.equal(code, 0);
			assert.equal(out(), `${trace?.thinking ?? ''}\n\n${trace?.final ?? ''}\n`);
			assert.match(err(), /finish stop, .* dialect inline/);
		});
	});

	it('exits non-zero with a one-line error, keeping the partial text in --json', async () => {
		await withEmulator({ dialect: 'vllm', fault: 'close-after=5' }, async (emulator) => {
			const { io, out, err } = capturedIo();
			// A prompt the emulator has a recording of: the error is then the only line on stderr.
			const code = await runStream(
				[
					'--base-url',
					emulator.url,
					'--prompt',
					trace?.problem ?? '',
					'--json',
					'--max-retries',
					'0',
				],
				io,
				undefined,
			);
			assert.equal(code, 1);
			const json = JSON.parse(out()) as {
				partial: boolean;
				thinking: string;
				error: { kind: string };
			};
			assert.equal(json.partial, true);
			assert.ok(json.thinking.length > 0);
			assert.equal(json.error.kind, 'connection-reset');
			// One line says what went wrong; the hint under it points at the cause (src/cli/errorOutput.ts).
			assert.equal(err().trim().split('\n').length, 2);
			assert.match(
				err(),
				/^thinktrim stream: The connection to .* was closed in the middle of the stream\.\n {2}hint: run again with --verbose to see the cause\n$/,
			);
		});
		const { io } = capturedIo();
		await assert.rejects(
			runStream(['--base-url', 'http://127.0.0.1:9/v1'], io, undefined),
			/--prompt TEXT or --prompt-file FILE/,
		);
		await assert.rejects(
			runStream(['--prompt', 'x', '--base-url', 'ftp://x/v1'], io, undefined),
			/only http:\/\/ and https:\/\//,
		);
	});
});

describe('thinktrim emulate', () => {
	it('serves until stopped, with the dialect and traces asked for', async () => {
		const { io, out } = capturedIo();
		const controller = new AbortController();
		let url = '';
		const done = runEmulate(
			['--port', '0', '--dialect', 'sglang', '--rate', 'max', '--quiet'],
			io,
			controller.signal,
			(u) => {
				url = u;
			},
		);
		for (let i = 0; i < 100 && url === ''; i++) {
			await new Promise((r) => setTimeout(r, 20));
		}
		const models = (await (await fetch(`${url}/models`)).json()) as {
			data: Array<{ owned_by: string }>;
		};
		assert.equal(models.data[0]?.owned_by, 'sglang');
		assert.match(
			out(),
			/ThinkTrim emulator \(sglang\) replaying 24 traces at http:\/\/127\.0\.0\.1:\d+\/v1/,
		);
		controller.abort();
		assert.equal(await done, 0);
		await assert.rejects(
			runEmulate(['--dialect', 'tgi'], io, controller.signal),
			/unknown dialect "tgi"; expected one of: vllm-legacy/,
		);
		await assert.rejects(
			runEmulate(['--fault', 'boom=1'], io, controller.signal),
			/unknown fault "boom"/,
		);
	});
});

describe('emulator request log file', () => {
	it('appends one JSON line per request, aborts included', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'thinktrim-log-'));
		const logFile = join(dir, 'requests.jsonl');
		try {
			await withEmulator(
				{ dialect: 'vllm', logFile, tokensPerSecond: 500 },
				async (_emulator, client, model) => {
					const controller = new AbortController();
					for await (const ev of client.streamChat({
						model,
						messages: [{ role: 'user', content: trace?.problem ?? '' }],
						signal: controller.signal,
					})) {
						if (ev.type === 'reasoning') {
							controller.abort();
						}
					}
					await collectStream(
						client.streamChat({
							model,
							messages: [{ role: 'user', content: trace?.problem ?? '' }],
							maxTokens: 5,
						}),
					);
				},
			);
			const lines = readFileSync(logFile, 'utf8')
				.trim()
				.split('\n')
				.map((l) => JSON.parse(l) as { path: string; outcome: string; traceId?: string });
			const chats = lines.filter((l) => l.path === '/v1/chat/completions');
			// Entries are written when a request ends, so the aborted one may come second.
			assert.deepEqual(chats.map((l) => l.outcome).sort(), ['client-disconnected', 'completed']);
			assert.ok(chats.every((l) => l.traceId === trace?.id));
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('emulator verifier requests', () => {
	it('answers Yes/No with logprobs as vLLM does, meaningfully', async () => {
		await withEmulator({ dialect: 'vllm' }, async (emulator, client, model) => {
			const ask = async (
				content: string,
			): Promise<{ token: string; top: Array<{ token: string; logprob: number }> }> => {
				const constrained = {
					model,
					messages: [{ role: 'user' as const, content }],
					max_tokens: 1,
					temperature: 0,
					logprobs: true,
					top_logprobs: 5,
					structured_outputs: { choice: ['Yes', 'No'] },
				};
				const reply = await client.sdk.chat.completions.create(constrained);
				const first = reply.choices[0]?.logprobs?.content?.[0];
				return { token: reply.choices[0]?.message.content ?? '', top: first?.top_logprobs ?? [] };
			};
			const yes = await ask(
				'Reasoning excerpt: So 3 × 5.5 = 16.5 and the ceiling is 17. The answer is \\boxed{17}.\n\nDoes this excerpt state a definite final answer? Reply Yes or No.',
			);
			assert.equal(yes.token, 'Yes');
			assert.equal(yes.top.length, 5);
			assert.ok(
				(yes.top.find((t) => t.token === 'Yes')?.logprob ?? -99) >
					(yes.top.find((t) => t.token === 'No')?.logprob ?? 0),
			);
			const differ = await ask(
				'Answer A: 17\nAnswer B: 16.5\nAre A and B the same final answer? Reply Yes or No.',
			);
			assert.equal(differ.token, 'No');
			await assert.rejects(
				client.sdk.chat.completions.create({
					model,
					messages: [{ role: 'user', content: 'x' }],
					max_tokens: 1,
					top_logprobs: 5,
				}),
				/`logprobs` must be set to true/,
			);
			assert.deepEqual(
				emulator.log.entries.filter((e) => e.kind === 'verifier').map((e) => e.verdict?.answer),
				['Yes', 'No'],
			);
		});
	});
});
