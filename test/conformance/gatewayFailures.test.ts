/**
 * The gateway when things are not simple: opt-out, keys, upstream down or failing, the client leaving,
 * the verifier down, requests passed through, and the observability routes. Real HTTP on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import OpenAI, { APIError } from 'openai';
import { parseGatewayConfig } from '../../src/core/gateway/gatewayConfig';
import { startGateway } from '../../src/core/gateway/gatewayServer';
import type { TraceRecord } from '../../src/core/traces/traceRecord';
import { tokenPieces } from '../../src/emulator/tokenizer';
import { bundledSamples } from '../harness/sampleTraces';
import {
	closedPort,
	collect,
	metricValue,
	overthoughtTrace,
	startRig,
	type GatewayRig,
} from './gatewayKit';

let trace: TraceRecord;
const SECRET = 'sk-gateway-test-7f3a9c1e5b';

before(async () => {
	({ trace } = await overthoughtTrace());
});

function ask(
	rig: GatewayRig,
	sdk: OpenAI = rig.sdk(),
): Promise<AsyncIterable<OpenAI.ChatCompletionChunk>> {
	return sdk.chat.completions.create({
		model: rig.model,
		messages: [{ role: 'user', content: trace.problem ?? '' }],
		stream: true,
	});
}

async function rejection(promise: Promise<unknown>): Promise<APIError> {
	try {
		await promise;
	} catch (err) {
		assert.ok(err instanceof APIError, `expected an APIError, got ${String(err)}`);
		return err;
	}
	assert.fail('the request should have failed');
}

describe('gateway: opt-out and keys', () => {
	let rig: GatewayRig;
	const logged: string[] = [];
	before(async () => {
		rig = await startRig({ dialect: 'vllm', traces: [trace], apiKey: SECRET });
	});
	after(() => rig.close());

	it('x-thinktrim: off passes the request through untrimmed', async () => {
		const before = rig.emulator.log.entries.length;
		const { data, response } = await rig
			.sdk(SECRET, { 'x-thinktrim': 'off' })
			.chat.completions.create({
				model: rig.model,
				messages: [{ role: 'user', content: trace.problem ?? '' }],
				stream: true,
			})
			.withResponse();
		const got = await collect(data);
		assert.equal(response.headers.get('x-thinktrim-mode'), 'off');
		assert.equal(got.reasoning, trace.thinking, 'the whole chain, as upstream sent it');
		assert.equal(got.thinktrim, undefined);
		assert.ok(
			!rig.emulator.log.entries.slice(before).some((e) => e.kind === 'completion'),
			'no continuation',
		);
		assert.equal(
			metricValue(await rig.gateway.metrics.text(), 'thinktrim_requests_total', { mode: 'off' }),
			1,
		);
	});

	it("forwards the client's key upstream and never logs, counts or keeps it", async () => {
		const got = await collect(await ask(rig, rig.sdk(SECRET)));
		assert.equal(got.thinktrim?.cut, true, 'the emulator accepted the forwarded key');
		const error = await rejection(ask(rig, rig.sdk('sk-wrong-key-000')));
		assert.equal(error.status, 401, "upstream's 401 reaches the client");
		logged.push(
			...rig.logLines,
			await rig.gateway.metrics.text(),
			JSON.stringify(rig.gateway.recent.list()),
		);
		const events = await fetch(`${rig.gateway.origin}/thinktrim/requests`);
		logged.push(await events.text());
		for (const text of logged) {
			assert.ok(
				!text.includes(SECRET) && !text.includes('sk-wrong-key-000'),
				'no key in logs, metrics or recent requests',
			);
		}
		assert.ok(rig.logLines.length >= 3, 'one log line per request');
		const line = JSON.parse(rig.logLines.at(-1) ?? '{}') as Record<string, unknown>;
		assert.equal(line.status, 401);
	});

	it('uses the configured upstream key instead of the client’s', async () => {
		const gateway = await startGateway(
			parseGatewayConfig(
				{ upstreamApiKeyEnv: 'TT_UPSTREAM_KEY' },
				{ upstream: rig.emulator.url, port: 0 },
			),
			{ processMetrics: false, env: { TT_UPSTREAM_KEY: SECRET } },
		);
		try {
			const sdk = new OpenAI({
				baseURL: gateway.url,
				apiKey: 'client-has-no-upstream-key',
				maxRetries: 0,
			});
			const got = await collect(
				await sdk.chat.completions.create({
					model: rig.model,
					messages: [{ role: 'user', content: trace.problem ?? '' }],
					stream: true,
				}),
			);
			assert.equal(got.thinktrim?.cut, true);
		} finally {
			await gateway.close();
		}
		assert.throws(
			() => parseGatewayConfig({ upstreamApiKey: SECRET }, { upstream: 'http://127.0.0.1:1/v1' }),
			(err: Error) => /environment variable/.test(err.message) && !err.message.includes(SECRET),
		);
	});
});

describe('gateway: upstream failures', () => {
	it('upstream down → 502 with an OpenAI-shaped error, streamed or not', async () => {
		const port = await closedPort();
		const gateway = await startGateway(
			parseGatewayConfig({}, { upstream: `http://127.0.0.1:${port}/v1`, port: 0, dialect: 'vllm' }),
			{ processMetrics: false },
		);
		try {
			const sdk = new OpenAI({ baseURL: gateway.url, apiKey: 'EMPTY', maxRetries: 0 });
			for (const stream of [true, false]) {
				const error = await rejection(
					sdk.chat.completions.create({
						model: 'm',
						messages: [{ role: 'user', content: 'hi' }],
						stream,
					}),
				);
				assert.equal(error.status, 502);
				assert.match(error.message, /upstream: .*(refused|reach)/i);
			}
			const models = await rejection(sdk.models.list());
			assert.equal(models.status, 502);
		} finally {
			await gateway.close();
		}
	});

	it("an upstream error status passes through with upstream's words", async () => {
		const rig = await startRig({ dialect: 'vllm', traces: [trace], fault: 'status=503' });
		try {
			const error = await rejection(ask(rig));
			assert.equal(error.status, 503);
			assert.match(error.message, /Injected fault/);
			assert.equal(
				metricValue(await rig.gateway.metrics.text(), 'thinktrim_requests_total', {
					outcome: 'upstream-error',
				}),
				1,
			);
		} finally {
			await rig.close();
		}
	});

	it('an error mid-stream reaches the client as an error, after the text that arrived', async () => {
		const rig = await startRig({ dialect: 'vllm-legacy', traces: [trace], fault: 'error-after=5' });
		try {
			let reasoning = '';
			await assert.rejects(
				async () => {
					for await (const chunk of await ask(rig)) {
						const delta = chunk.choices[0]?.delta as { reasoning_content?: string } | undefined;
						reasoning += delta?.reasoning_content ?? '';
					}
				},
				(err: Error) => /mid-stream/.test(err.message),
			);
			assert.ok(reasoning.length > 0 && trace.thinking.startsWith(reasoning));
		} finally {
			await rig.close();
		}
	});

	it('a client that disconnects aborts the upstream stream within 1 s', async () => {
		const rig = await startRig({
			dialect: 'vllm',
			traces: [trace],
			tokensPerSecond: 50,
			tokensPerChunk: 1,
		});
		try {
			const abortedAt = await leaveAfterFiveChunks(rig);
			const entry = await rig.emulator.log.waitFor((e) => e.kind === 'chat');
			assert.equal(entry.outcome, 'client-disconnected');
			const upstreamEnded = entry.receivedAtEpochMs + entry.durationMs;
			assert.ok(
				upstreamEnded - abortedAt < 1000,
				`upstream ended ${upstreamEnded - abortedAt} ms after the client left`,
			);
			assert.ok(entry.tokensSent < trace.thinking.length / 4, 'upstream stopped generating');
			await waitUntil(
				async () =>
					metricValue(await rig.gateway.metrics.text(), 'thinktrim_client_disconnects_total') === 1,
			);
		} finally {
			await rig.close();
		}
	});

	it('an opted-out client that disconnects aborts the relayed upstream stream within 1 s', async () => {
		const rig = await startRig({
			dialect: 'vllm',
			traces: [trace],
			tokensPerSecond: 50,
			tokensPerChunk: 1,
		});
		try {
			const abortedAt = await leaveAfterFiveChunks(rig, { 'x-thinktrim': 'off' });
			const entry = await rig.emulator.log.waitFor((e) => e.kind === 'chat');
			assert.equal(entry.outcome, 'client-disconnected');
			const upstreamEnded = entry.receivedAtEpochMs + entry.durationMs;
			assert.ok(
				upstreamEnded - abortedAt < 1000,
				`upstream ended ${upstreamEnded - abortedAt} ms after the client left`,
			);
			await waitUntil(
				async () =>
					metricValue(await rig.gateway.metrics.text(), 'thinktrim_requests_total', {
						mode: 'off',
						outcome: 'client-disconnected',
					}) === 1,
			);
		} finally {
			await rig.close();
		}
	});
});

/** Streams a chat completion and goes away after five chunks; returns when it left (epoch ms). */
async function leaveAfterFiveChunks(
	rig: GatewayRig,
	headers?: Record<string, string>,
): Promise<number> {
	const controller = new AbortController();
	const stream = await rig.sdk(undefined, headers).chat.completions.create(
		{
			model: rig.model,
			messages: [{ role: 'user', content: trace.problem ?? '' }],
			stream: true,
		},
		{ signal: controller.signal },
	);
	let chunks = 0;
	for await (const _chunk of stream) {
		if (++chunks === 5) {
			const leftAt = Date.now();
			controller.abort();
			return leftAt;
		}
	}
	throw new Error('the stream ended before five chunks');
}

async function waitUntil(check: () => Promise<boolean>, ms = 3000): Promise<void> {
	const until = Date.now() + ms;
	while (!(await check())) {
		assert.ok(Date.now() < until, 'condition not reached in time');
		await new Promise((r) => setTimeout(r, 20));
	}
}

describe('gateway: verifier down', () => {
	it('passes the chain through untrimmed and counts it', async () => {
		const port = await closedPort();
		const rig = await startRig(
			{ dialect: 'vllm', traces: [trace] },
			{ verifier: { url: `http://127.0.0.1:${port}/v1`, model: 'verifier', timeoutMs: 2000 } },
		);
		try {
			const got = await collect(await ask(rig));
			assert.equal(got.thinktrim?.cut, false);
			assert.equal(got.thinktrim?.verifier_failed, true);
			assert.equal(got.reasoning, trace.thinking, 'the whole chain');
			assert.ok(!rig.emulator.log.entries.some((e) => e.kind === 'completion'), 'no continuation');
			assert.equal(
				metricValue(await rig.gateway.metrics.text(), 'thinktrim_verifier_failures_total'),
				1,
			);
		} finally {
			await rig.close();
		}
	});
});

describe('gateway: pass-through and observability routes', () => {
	let rig: GatewayRig;
	before(async () => {
		rig = await startRig(
			{ dialect: 'vllm', traces: [trace] },
			{ models: { 'other-model': { policy: 'none' } } },
		);
	});
	after(() => rig.close());

	it('passes /v1/models and /v1/completions through', async () => {
		const models = await rig.sdk().models.list();
		assert.deepEqual(
			models.data.map((m) => m.id),
			rig.emulator.state.models,
		);
		const completion = await rig
			.sdk()
			.completions.create({ model: rig.model, prompt: trace.problem ?? '', max_tokens: 8 });
		assert.ok(completion.choices[0] !== undefined);
		assert.ok(rig.emulator.log.entries.some((e) => e.path === '/v1/completions'));
	});

	it('refuses a malformed request with 400 naming the field, and unknown routes with 404', async () => {
		const bad = await fetch(`${rig.gateway.url}/chat/completions`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ model: rig.model }),
		});
		assert.equal(bad.status, 400);
		const body = (await bad.json()) as { error: { message: string; param: string } };
		assert.equal(body.error.param, 'messages');
		const broken = await fetch(`${rig.gateway.url}/chat/completions`, {
			method: 'POST',
			body: '{not json',
		});
		assert.equal(broken.status, 400);
		const missing = await fetch(`${rig.gateway.origin}/v1/embeddings`, {
			method: 'POST',
			body: '{}',
		});
		assert.equal(missing.status, 404);
	});

	it('answers /healthz and streams live events with the cut', async () => {
		const health = await fetch(`${rig.gateway.origin}/healthz`);
		assert.equal(health.status, 200);
		assert.equal(((await health.json()) as { status: string }).status, 'ok');
		const controller = new AbortController();
		const events = await fetch(`${rig.gateway.origin}/thinktrim/events`, {
			signal: controller.signal,
		});
		const seen: Array<{ type: string; id?: string; record?: { id: string } }> = [];
		const reading = (async () => {
			const decoder = new TextDecoder();
			let buffer = '';
			for await (const bytes of events.body as unknown as AsyncIterable<Uint8Array>) {
				buffer += decoder.decode(bytes, { stream: true });
				for (let i = buffer.indexOf('\n\n'); i >= 0; i = buffer.indexOf('\n\n')) {
					const line = buffer.slice(0, i);
					buffer = buffer.slice(i + 2);
					if (line.startsWith('data: ')) {
						seen.push(JSON.parse(line.slice(6)) as { type: string });
					}
				}
				if (seen.some((e) => e.type === 'request-end')) {
					return;
				}
			}
		})();
		const got = await collect(await ask(rig));
		await reading;
		controller.abort();
		const id = String(got.thinktrim?.request_id);
		assert.deepEqual(
			seen.map((e) => e.type),
			['request-start', 'cut', 'request-end'],
		);
		assert.equal(seen[0]?.id, id);
		const record = (await (
			await fetch(`${rig.gateway.origin}/thinktrim/requests/${id}`)
		).json()) as { thinking: string; thoughts: unknown[]; report: { cut: boolean } };
		assert.equal(record.thinking.length > 0 && trace.thinking.startsWith(record.thinking), true);
		assert.ok(record.thoughts.length > 0);
		assert.equal(record.report.cut, true);
	});

	it('a model configured with policy none is passed through', async () => {
		const response = await fetch(`${rig.gateway.url}/chat/completions`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ model: 'other-model', messages: [{ role: 'user', content: 'hi' }] }),
		});
		assert.equal(response.headers.get('x-thinktrim-mode'), 'passthrough');
		assert.equal(
			response.status,
			404,
			'the emulator does not serve other-model, and says so through the gateway',
		);
	});
});

describe('gateway: a client that stops reading', () => {
	it('is dropped once 4 MiB wait for it, and upstream is aborted: memory stays bounded', async () => {
		const long: TraceRecord = {
			id: 'long',
			problem: 'A very long chain.',
			thinking: bundledSamples()
				.map((t) => t.thinking)
				.join('\n\nWait, again.\n\n'),
			final: 'The answer is 42.',
		};
		const rig = await startRig(
			{
				dialect: 'vllm-legacy',
				traces: [long],
				tokensPerSecond: Number.POSITIVE_INFINITY,
				tokensPerChunk: 1,
				ttftMs: 0,
				maxModelLen: 1_000_000,
			},
			{},
			{ mode: 'watch' },
		);
		try {
			const req = request(`${rig.gateway.url}/chat/completions`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
			});
			req.on('response', (res) => res.pause());
			req.on('error', () => undefined);
			req.end(
				JSON.stringify({
					model: rig.model,
					messages: [{ role: 'user', content: long.problem }],
					stream: true,
				}),
			);
			const entry = await rig.emulator.log.waitFor((e) => e.kind === 'chat', 30_000);
			assert.equal(
				entry.outcome,
				'client-disconnected',
				`upstream was aborted, not streamed to the end: ${JSON.stringify({ ...entry, body: undefined })}`,
			);
			assert.ok(
				entry.tokensSent < tokenPieces(long.thinking).length,
				`upstream stopped after ${entry.tokensSent} tokens`,
			);
			req.destroy();
		} finally {
			await rig.close();
		}
	});
});
