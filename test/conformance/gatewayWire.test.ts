/**
 * The bytes a streaming client gets from the gateway, event by event, when upstream sends many chunks in
 * one network piece (the emulator at full speed, one token per chunk): exactly one event per upstream
 * chunk, in order, each exactly `data: ` + JSON.stringify of the whole OpenAI chunk, however the gateway
 * batches its writes. Real HTTP on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { TraceRecord } from '../../src/core/traces/traceRecord';
import type { EmulatorDialect } from '../../src/emulator/dialects';
import { bundledSamples } from '../harness/sampleTraces';
import { startRig, type GatewayRig } from './gatewayKit';

/** The SSE events of one streamed request, as the client reads them (`data: …\n\n` each). */
function sseEvents(baseUrl: string, body: object): Promise<string[]> {
	return new Promise((resolve, reject) => {
		const req = request(`${baseUrl}/chat/completions`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
		});
		req.on('response', (res) => {
			res.setEncoding('utf8');
			let text = '';
			res.on('data', (t: string) => (text += t));
			res.on('end', () => {
				assert.equal(res.statusCode, 200, text);
				assert.ok(text.endsWith('\n\n'), 'the body ends with a whole event');
				resolve(text.split(/(?<=\n\n)/));
			});
		});
		req.on('error', reject);
		req.end(JSON.stringify(body));
	});
}

interface Delta {
	readonly reasoning?: string;
	readonly reasoning_content?: string;
	readonly content?: string;
}

function chunkOf(event: string): {
	id: string;
	created: number;
	model: string;
	choices: Array<{ delta: Delta; finish_reason: string | null }>;
	thinktrim?: unknown;
} {
	return JSON.parse(event.slice('data: '.length)) as ReturnType<typeof chunkOf>;
}

/** A short bundled chain, so the whole of it and the answer go through uncut. */
function shortTrace(): TraceRecord {
	const [shortest] = [...bundledSamples()].sort((a, b) => a.thinking.length - b.thinking.length);
	assert.ok(shortest !== undefined);
	return shortest;
}

for (const dialect of ['vllm', 'vllm-transition'] as const satisfies readonly EmulatorDialect[]) {
	describe(`gateway wire in front of ${dialect}, many chunks per piece`, () => {
		const trace = shortTrace();
		let rig: GatewayRig;
		before(async () => {
			rig = await startRig(
				{ dialect, traces: [trace], tokensPerSecond: Number.POSITIVE_INFINITY, tokensPerChunk: 1 },
				{},
				{ mode: 'watch' },
			);
		});
		after(() => rig.close());

		it('re-encodes every upstream chunk as its own event, byte for byte', async () => {
			const ask = {
				model: rig.model,
				messages: [{ role: 'user', content: trace.problem ?? '' }],
				stream: true,
			};
			const upstream = await sseEvents(rig.emulator.url, ask);
			const relayed = await sseEvents(rig.gateway.url, ask);
			const texts = upstream
				.filter((e) => e !== 'data: [DONE]\n\n')
				.map((e) => chunkOf(e).choices[0]?.delta ?? {})
				.flatMap((d): Delta[] => {
					const reasoning = d.reasoning ?? d.reasoning_content;
					if (reasoning !== undefined && reasoning !== null && reasoning !== '') {
						return dialect === 'vllm'
							? [{ reasoning }]
							: [{ reasoning, reasoning_content: reasoning }];
					}
					return d.content !== undefined && d.content !== null && d.content !== ''
						? [{ content: d.content }]
						: [];
				});
			// The upstream answer starts after `</think>\n\n`, whose blank part the gateway does not relay.
			const firstAnswer = texts.findIndex((d) => d.content !== undefined);
			const expectedDeltas = texts.map((d, i) =>
				i === firstAnswer ? { content: (d.content ?? '').trimStart() } : d,
			);
			assert.ok(expectedDeltas.length > 100, `${expectedDeltas.length} text chunks upstream`);

			const [role, ...rest] = relayed;
			assert.ok(role !== undefined);
			const { id, created, model } = chunkOf(role);
			const envelope = (delta: object, finish: string | null = null): object => ({
				id,
				object: 'chat.completion.chunk',
				created,
				model,
				choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
			});
			const wire = (chunk: object): string => `data: ${JSON.stringify(chunk)}\n\n`;
			assert.equal(role, wire(envelope({ role: 'assistant', content: '' })));
			assert.equal(rest.at(-1), 'data: [DONE]\n\n');
			const finish = rest.at(-2) ?? '';
			assert.equal(
				finish,
				wire({ ...envelope({}, 'stop'), thinktrim: chunkOf(finish).thinktrim }),
				'the finish chunk',
			);
			assert.deepEqual(
				rest.slice(0, -2),
				expectedDeltas.filter((d) => d.content !== '').map((d) => wire(envelope(d))),
			);
		});
	});
}

describe('gateway wire in front of an inline server, many chunks per piece', () => {
	const trace = shortTrace();
	let rig: GatewayRig;
	before(async () => {
		rig = await startRig(
			{
				dialect: 'qwen3-inline',
				traces: [trace],
				tokensPerSecond: Number.POSITIVE_INFINITY,
				tokensPerChunk: 1,
			},
			{ dialect: 'qwen3-inline' },
			{ mode: 'watch' },
		);
	});
	after(() => rig.close());

	it('opens and closes the thought in content, each event the JSON of its own chunk', async () => {
		const relayed = await sseEvents(rig.gateway.url, {
			model: rig.model,
			messages: [{ role: 'user', content: trace.problem ?? '' }],
			stream: true,
		});
		const chunks = relayed.slice(0, -1).map(chunkOf);
		relayed.slice(0, -1).forEach((event, i) => {
			assert.equal(event, `data: ${JSON.stringify(chunks[i])}\n\n`, `event ${i}`);
		});
		const content = chunks.map((c) => c.choices[0]?.delta.content ?? '').join('');
		assert.ok(content.startsWith(`<think>\n${trace.thinking}</think>\n\n`), content.slice(0, 80));
		assert.ok(chunks.length > 100, `${chunks.length} events`);
	});
});
