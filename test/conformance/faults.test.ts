/**
 * Every dialect × every fault: the right error kind with a clear message, the text that arrived kept and
 * marked partial, retries only before the first byte. Faults are injected per request with the
 * `x-thinktrim-fault` header (and once server-wide), on the emulator over HTTP on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { ReasoningClient } from '../../src/core/stream/reasoningClient';
import {
	collectStream,
	type StreamEvent,
	type StreamResult,
} from '../../src/core/stream/streamEvents';
import { EMULATOR_DIALECTS } from '../../src/emulator/dialects';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server';
import { conformanceTraces, FAST } from './conformanceKit';

const traces = conformanceTraces();
const trace = traces[0];

async function streamWithFault(
	emulator: RunningEmulator,
	fault: string | undefined,
	extra: {
		idleTimeoutMs?: number;
		maxRetries?: number;
		apiKey?: string;
		model?: string;
		maxTokens?: number;
	} = {},
): Promise<{ result: StreamResult; events: StreamEvent[] }> {
	const client = await ReasoningClient.create({
		baseUrl: emulator.url,
		headers: fault !== undefined ? { 'x-thinktrim-fault': fault } : undefined,
		idleTimeoutMs: extra.idleTimeoutMs ?? 5000,
		maxRetries: extra.maxRetries ?? 0,
		retryBaseDelayMs: 10,
		apiKey: extra.apiKey,
	});
	const events: StreamEvent[] = [];
	try {
		const generator = client.streamChat({
			model: extra.model ?? emulator.state.models[0] ?? '',
			messages: [{ role: 'user', content: trace?.problem ?? '' }],
			maxTokens: extra.maxTokens,
		});
		for (;;) {
			const next = await generator.next();
			if (next.done === true) {
				return { result: next.value, events };
			}
			events.push(next.value);
		}
	} finally {
		await client.close();
	}
}

/** The partial text must be a non-empty prefix of the trace's thinking. */
function assertPartialKept(result: StreamResult): void {
	assert.equal(result.partial, true);
	assert.ok(result.thinking.length > 0, 'some thinking arrived before the fault');
	assert.ok(
		trace?.thinking.startsWith(result.thinking),
		'the partial thinking is what the server sent',
	);
	assert.equal(result.finishReason, undefined);
}

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const port = typeof address === 'object' && address !== null ? address.port : 0;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

for (const dialect of EMULATOR_DIALECTS) {
	describe(`faults: ${dialect}`, () => {
		it('gives the right error for each fault and keeps the partial text', async () => {
			const emulator = await startEmulator({ ...FAST, dialect, traces, apiKey: undefined });
			try {
				// HTTP status before the first byte: retried, then fine.
				const retried = await streamWithFault(emulator, 'status=503,times=1', { maxRetries: 2 });
				assert.equal(retried.result.error, undefined, retried.result.error?.message);
				assert.equal(retried.result.thinking, trace?.thinking);
				const retry = retried.events.find((e) => e.type === 'retry');
				assert.ok(
					retry !== undefined && retry.type === 'retry' && retry.error.kind === 'server-error',
				);
				assert.deepEqual(
					emulator.log.entries.filter((e) => e.kind === 'chat').map((e) => e.outcome),
					['fault-status', 'completed'],
				);

				// HTTP status, no retries left: a server error that names the status and keeps the server's words.
				const failed = await streamWithFault(emulator, 'status=500');
				assert.equal(failed.result.error?.kind, 'server-error');
				assert.equal(failed.result.error.status, 500);
				assert.match(failed.result.error.message, /\(500\).*Injected fault: HTTP 500/);
				assert.equal(failed.result.partial, true);

				// Error event mid-stream (nested, flat or string body by dialect).
				const midError = await streamWithFault(emulator, 'error-after=12');
				assert.equal(midError.result.error?.kind, 'stream-error', midError.result.error?.message);
				assert.match(
					midError.result.error.message,
					/mid-stream: Injected fault: the engine failed after 12 chunks/,
				);
				assertPartialKept(midError.result);

				// Connection closed mid-stream.
				const closed = await streamWithFault(emulator, 'close-after=12');
				assert.equal(closed.result.error?.kind, 'connection-reset', closed.result.error?.message);
				assert.match(closed.result.error.message, /closed in the middle of the stream/);
				assertPartialKept(closed.result);

				// Stall: the idle timeout fires, the server sees the client leave.
				const stalled = await streamWithFault(emulator, 'stall-after=12', { idleTimeoutMs: 250 });
				assert.equal(stalled.result.error?.kind, 'idle-timeout');
				assert.equal(stalled.result.error.phase, 'stream');
				assertPartialKept(stalled.result);
				await emulator.log.waitFor((e) => e.outcome === 'fault-stalled');

				// Malformed chunk.
				const malformed = await streamWithFault(emulator, 'malformed-after=12');
				assert.equal(malformed.result.error?.kind, 'malformed-stream');
				assertPartialKept(malformed.result);

				// Slow first byte beyond the idle timeout: stopped before any text, not retried.
				const slow = await streamWithFault(emulator, 'slow-first-byte=1500', {
					idleTimeoutMs: 200,
					maxRetries: 2,
				});
				assert.equal(slow.result.error?.kind, 'idle-timeout');
				assert.equal(slow.result.error.phase, 'request');
				assert.equal(slow.events.filter((e) => e.type === 'retry').length, 0);
				assert.equal(slow.result.thinking, '');

				// Slow first byte within the timeout: fine.
				const late = await streamWithFault(emulator, 'slow-first-byte=100', {
					idleTimeoutMs: 2000,
				});
				assert.equal(late.result.error, undefined);
				assert.ok((late.result.timings.headersMs ?? 0) >= 90);

				// Unknown model: 404 with the models the server has.
				const unknown = await streamWithFault(emulator, undefined, { model: 'no-such-model' });
				assert.equal(unknown.result.error?.kind, 'model-not-found');
				assert.match(
					unknown.result.error.message,
					new RegExp(
						`no model "no-such-model"; it serves: ${(emulator.state.models[0] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
					),
				);

				// Context length exceeded (llama.cpp stops at its context instead; see endpointFidelity.test.ts).
				if (dialect !== 'llamacpp') {
					const tooLong = await streamWithFault(emulator, undefined, { maxTokens: 10_000_000 });
					assert.equal(tooLong.result.error?.kind, 'context-length');
					assert.match(tooLong.result.error.message, /maximum context length is 32768 tokens/);
				}
			} finally {
				await emulator.close();
			}
		});

		it('rejects a missing API key with 401 and accepts the right one', async () => {
			const emulator = await startEmulator({ ...FAST, dialect, traces, apiKey: 'sk-lab' });
			try {
				const refused = await streamWithFault(emulator, undefined);
				assert.equal(refused.result.error?.kind, 'unauthorized');
				assert.match(refused.result.error.message, /401 Unauthorized\): check the API key/);
				const ok = await streamWithFault(emulator, undefined, { apiKey: 'sk-lab' });
				assert.equal(ok.result.error, undefined);
				assert.equal(ok.result.answer, trace?.final);
			} finally {
				await emulator.close();
			}
		});
	});
}

describe('faults: connection', () => {
	it('retries a refused connection before the first byte, then says the server is not there', async () => {
		const port = await closedPort();
		const client = await ReasoningClient.create({
			baseUrl: `http://127.0.0.1:${port}/v1`,
			dialect: 'vllm',
			maxRetries: 1,
			retryBaseDelayMs: 10,
		});
		try {
			const events: StreamEvent[] = [];
			const generator = client.streamChat({
				model: 'm',
				messages: [{ role: 'user', content: 'hi' }],
			});
			let result: StreamResult | undefined;
			for (;;) {
				const next = await generator.next();
				if (next.done === true) {
					result = next.value;
					break;
				}
				events.push(next.value);
			}
			assert.equal(events.filter((e) => e.type === 'retry').length, 1);
			assert.equal(result.error?.kind, 'connection-refused');
			assert.match(
				result.error.message,
				new RegExp(`Connection refused by 127\\.0\\.0\\.1:${port}`),
			);
		} finally {
			await client.close();
		}
	});

	it('leaving the event loop early also stops the request on the server', async () => {
		const emulator = await startEmulator({ ...FAST, traces, tokensPerSecond: 500 });
		const client = await ReasoningClient.create({ baseUrl: emulator.url });
		try {
			let seen = 0;
			for await (const ev of client.streamChat({
				model: emulator.state.models[0] ?? '',
				messages: [{ role: 'user', content: trace?.problem ?? '' }],
			})) {
				if (ev.type === 'reasoning' && ++seen === 10) {
					break;
				}
			}
			const logged = await emulator.log.waitFor((e) => e.kind === 'chat');
			assert.equal(logged.outcome, 'client-disconnected');
		} finally {
			await client.close();
			await emulator.close();
		}
	});

	it('applies a server-wide fault from the emulator options', async () => {
		const emulator = await startEmulator({ ...FAST, traces, fault: 'error-after=3' });
		const client = await ReasoningClient.create({ baseUrl: emulator.url, maxRetries: 0 });
		try {
			const result = await collectStream(
				client.streamChat({
					model: emulator.state.models[0] ?? '',
					messages: [{ role: 'user', content: trace?.problem ?? '' }],
				}),
			);
			assert.equal(result.error?.kind, 'stream-error');
			assert.equal(emulator.log.entries.find((e) => e.kind === 'chat')?.fault, 'error-after=3');
		} finally {
			await client.close();
			await emulator.close();
		}
	});
});
