/**
 * The /detokenize round-trip check: a server that drops special tokens in /detokenize even when asked not
 * to (a small hostile server on 127.0.0.1) must not corrupt the continuation prompt; the client falls back
 * to the chat template and says why.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { renderPrompt } from '../../../src/core/stream/continuation';
import { ReasoningClient } from '../../../src/core/stream/reasoningClient';

const MODEL = 'deepseek-ai/DeepSeek-R1-Distill-Qwen-7B';
let server: Server;
let url = '';

before(async () => {
	server = createServer((req, res) => {
		let raw = '';
		req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
		req.on('end', () => {
			const body = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
			const send = (value: unknown): void => {
				res.writeHead(200, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify(value));
			};
			if (req.url === '/tokenize') {
				// The chat renders to 6 tokens; the detokenized text (BOS lost) tokenizes to 5.
				return send(
					body.messages !== undefined
						? { tokens: [0, 1, 2, 3, 4, 5], count: 6 }
						: { tokens: [1, 2, 3, 4, 5], count: 5 },
				);
			}
			if (req.url === '/detokenize') {
				return send({ text: '<｜User｜>ping<｜Assistant｜><think>\n' });
			}
			res.writeHead(404, { 'Content-Type': 'application/json' });
			res.end('{"detail":"Not Found"}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('continuation: /detokenize round trip', () => {
	it('falls back to the chat template when the detokenized text lost tokens, and says so', async () => {
		const client = await ReasoningClient.create({ baseUrl: url, dialect: 'sglang' });
		try {
			const rendered = await renderPrompt(client, {
				model: MODEL,
				messages: [{ role: 'user', content: 'ping' }],
				keptThinking: '',
				maxTokens: 10,
			});
			assert.equal(rendered.strategy, 'chat-template');
			assert.equal(
				rendered.rendered,
				'<｜begin▁of▁sentence｜><｜User｜>ping<｜Assistant｜><think>\n',
			);
			assert.match(
				rendered.skipped.join(' '),
				/tokenize: \/detokenize did not round-trip \(6 tokens rendered, 5 after detokenizing/,
			);
		} finally {
			await client.close();
		}
	});
});
