import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ChainAnalyzer } from '../../../src/core/engine/chainAnalyzer';
import { OnlineDynasorPolicy } from '../../../src/core/policies/onlineDynasorPolicy';
import {
	answerFromProbe,
	CompletionsProber,
	DYNASOR_PROBE_TEXT,
} from '../../../src/core/policies/prober';
import type { StopCut } from '../../../src/core/policies/stopPolicy';

interface CompletionBody {
	model: string;
	prompt: string;
	max_tokens: number;
	temperature: number;
	top_p: number;
	add_special_tokens: boolean;
}

describe('Dynasor online probing', () => {
	let server: Server;
	let url = '';
	const bodies: CompletionBody[] = [];
	/** What the fake reasoning model answers to a probe, by how much thinking it has seen. */
	let answerFor = (thinking: string): string =>
		thinking.includes('= 12') ? '12}\n\\]' : 'wait, maybe 7}';
	before(async () => {
		server = createServer((req, res) => {
			let data = '';
			req.on('data', (c: Buffer) => (data += c.toString()));
			req.on('end', () => {
				const body = JSON.parse(data) as CompletionBody;
				bodies.push(body);
				if (body.prompt.includes('FAIL')) {
					res.writeHead(503, { 'content-type': 'application/json' });
					res.end(
						JSON.stringify({
							error: { message: 'engine overloaded', type: 'ServiceUnavailable', code: 503 },
						}),
					);
					return;
				}
				const thinking = body.prompt.slice(
					'<|user|>Q<|assistant|><think>\n'.length,
					-DYNASOR_PROBE_TEXT.length,
				);
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(
					JSON.stringify({
						id: 'c',
						object: 'text_completion',
						created: 0,
						model: body.model,
						choices: [
							{ index: 0, text: answerFor(thinking), finish_reason: 'stop', logprobs: null },
						],
					}),
				);
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
	});
	after(async () => {
		await new Promise<void>((resolve) => server.close(() => resolve()));
	});

	it('reads the probe answer up to the first unmatched brace', () => {
		assert.equal(answerFromProbe('204}\n\\]'), '204');
		assert.equal(answerFromProbe('\\frac{1}{2}} rest'), '\\frac{1}{2}');
		assert.equal(answerFromProbe('no closing brace'), undefined);
		assert.equal(answerFromProbe('}'), undefined);
	});

	it("sends the rendered prompt + thinking + probe text as a raw completion with Dynasor's decoding", async () => {
		const prober = new CompletionsProber({
			baseURL: url,
			model: 'r1',
			renderPrompt: (p) => Promise.resolve(`<|user|>${p ?? ''}<|assistant|><think>\n`),
		});
		const result = await prober.probe({ problem: 'Q', thinking: 'so x = 12', tokenOffset: 64 });
		assert.equal(result.answer, '12');
		const body = bodies.at(-1);
		assert.ok(body !== undefined);
		assert.equal(body.prompt, `<|user|>Q<|assistant|><think>\nso x = 12${DYNASOR_PROBE_TEXT}`);
		assert.deepEqual(
			[body.max_tokens, body.temperature, body.top_p, body.add_special_tokens],
			[20, 0.6, 0.95, false],
		);
		const failed = await prober.probe({ problem: 'Q', thinking: 'FAIL', tokenOffset: 64 });
		assert.match(failed.error ?? '', /^HTTP 503: .*engine overloaded/);
		assert.equal(failed.answer, undefined);
	});

	it('cuts a streamed chain once N probes agree with no hedge, through the analyzer', async () => {
		const prober = new CompletionsProber({
			baseURL: url,
			model: 'r1',
			renderPrompt: (p) => Promise.resolve(`<|user|>${p ?? ''}<|assistant|><think>\n`),
		});
		const policy = new OnlineDynasorPolicy({ prober, problem: 'Q', interval: 8, agreeing: 2 });
		const cuts: StopCut[] = [];
		const analyzer = new ChainAnalyzer({
			policy,
			onEvent: (e) => e.type === 'cut' && cuts.push(e.cut),
		});
		const words =
			'Let us compute the sum of the numbers carefully and so x = 12 now we check again and again and again and again'.split(
				' ',
			);
		for (const word of words) {
			analyzer.push(`${word} `, 1);
			// Let each probe come back before the next token, as a fast probe would.
			await policy.settled();
		}
		const result = await analyzer.end();
		assert.equal(cuts.length, 1);
		assert.equal(result.cut?.trigger, 'probe-consensus');
		// "= 12" is fed at token 14: probes at 16 and 24 both answer 12.
		assert.equal(result.cut?.tokenOffset, 24);
		assert.match(result.cut?.explanation ?? '', /all answered 12 without hedging/);
		assert.equal(policy.stateAt(0), 'cut after thought 1 (probe-consensus)');
	});

	it('never cuts on hedged probe answers', async () => {
		answerFor = () => 'hmm, 5}';
		const prober = new CompletionsProber({
			baseURL: url,
			model: 'r1',
			renderPrompt: () => Promise.resolve(''),
		});
		const policy = new OnlineDynasorPolicy({ prober, interval: 4, agreeing: 2 });
		const analyzer = new ChainAnalyzer({ policy });
		for (let i = 0; i < 40; i++) {
			analyzer.push('tok ', 1);
			await policy.settled();
		}
		assert.equal((await analyzer.end()).cut, undefined);
	});
});
