import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ChainAnalyzer } from '../../../src/core/engine/chainAnalyzer';
import type { Thought } from '../../../src/core/thoughts/thought';
import { LlmVerifier } from '../../../src/core/verifier/llmVerifier';
import { readYesNo } from '../../../src/core/verifier/yesNo';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/server';

const MODEL = 'verifier-7b';
const trace = { id: 'one', thinking: 'We get 4.\n\nWait, 2 + 2 = 4.', problem: 'What is 2 + 2?' };

function thought(index: number, text: string): Thought {
	return {
		index,
		text,
		charStart: 0,
		charEnd: text.length,
		tokenStart: index * 10,
		tokenEnd: index * 10 + 10,
	};
}

interface ChatBody {
	model: string;
	max_tokens: number;
	temperature: number;
	logprobs: boolean;
	top_logprobs: number;
	guided_choice?: string[];
	structured_outputs?: { choice: string[] };
	chat_template_kwargs?: { enable_thinking: boolean };
	messages: Array<{ role: string; content: string }>;
}

describe('LLM verifier against the emulator (real HTTP, vLLM-shaped logprobs)', () => {
	let emulator: RunningEmulator;
	before(async () => {
		emulator = await startEmulator({
			traces: [trace],
			model: MODEL,
			host: '127.0.0.1',
			port: 0,
			ttftMs: 0,
		});
	});
	after(async () => {
		await emulator.close();
	});

	it('reads p1 from the Yes/No log-probabilities and keeps the prompt as sent', async () => {
		// Without pre-checks even "the answer is" goes to the model.
		const verifier = new LlmVerifier({ baseURL: emulator.url, model: MODEL, precheck: false });
		const yes = await verifier.answerPresence({
			problem: trace.problem,
			thought: thought(0, 'Adding up, the answer is 4.'),
		});
		assert.equal(yes.source, 'llm');
		assert.equal(yes.yes, true);
		assert.ok((yes.llm?.pYes ?? 0) > 0.85 && (yes.llm?.pYes ?? 1) < 1, `pYes ${yes.llm?.pYes}`);
		assert.match(yes.reason, /^P\(yes\) = 0\.9\d > 0\.5$/);
		assert.equal(yes.llm?.sent, true);
		assert.ok((yes.llm?.topLogprobs?.length ?? 0) >= 2);
		const user = yes.llm?.messages[1]?.content ?? '';
		assert.ok(user.startsWith('Problem:\nWhat is 2 + 2?\n\n'), 'problem first');
		assert.ok(user.endsWith('Excerpt:\nAdding up, the answer is 4.'), 'judged text last');
		const no = await verifier.answerPresence({
			problem: trace.problem,
			thought: thought(1, 'Let me set up the sum first.'),
		});
		assert.equal(no.yes, false);
		assert.ok((no.llm?.pYes ?? 1) < 0.1);
	});

	it('sends max_tokens 1, temperature 0, logprobs, the constraint this vLLM applies and enable_thinking false', async () => {
		const verifier = new LlmVerifier({ baseURL: emulator.url, model: MODEL });
		await verifier.answerPresence({ problem: 'P?', thought: thought(0, 'So the total is 17.') });
		const entry = await emulator.log.waitFor(
			(e) => e.kind === 'verifier' && JSON.stringify(e.body).includes('So the total is 17.'),
		);
		const body = entry.body as ChatBody | undefined;
		assert.ok(body !== undefined);
		assert.deepEqual(
			[body.model, body.max_tokens, body.temperature, body.logprobs, body.top_logprobs],
			[MODEL, 1, 0, true, 5],
		);
		// vLLM 0.26 ignores guided_choice (removed in 0.12): structured_outputs alone, and the server applied it.
		assert.equal(body.guided_choice, undefined);
		assert.deepEqual(body.structured_outputs, { choice: ['Yes', 'No'] });
		assert.equal(entry.verdict?.constraint, 'structured_outputs');
		assert.deepEqual(body.chat_template_kwargs, { enable_thinking: false });
		assert.equal(entry.verdict?.answer, 'Yes');
	});

	it('asks p2 for non-numeric answers and keeps a byte-identical prefix across both questions', async () => {
		const verifier = new LlmVerifier({ baseURL: emulator.url, model: MODEL });
		const p2 = await verifier.equivalence({
			problem: trace.problem,
			earlier: { thoughtIndex: 0, text: '\\frac{1}{2}' },
			later: { thoughtIndex: 3, text: '0.5' },
		});
		assert.equal(p2.source, 'llm');
		assert.equal(p2.yes, true);
		assert.equal(p2.comparedTo, 0);
		const p1 = await verifier.answerPresence({
			problem: trace.problem,
			thought: thought(2, 'The total is 7.'),
		});
		const prefix = (m: readonly { content: string }[] | undefined): string =>
			`${m?.[0]?.content}\u0000${m?.[1]?.content.split('Question:')[0]}`;
		assert.equal(prefix(p2.llm?.messages), prefix(p1.llm?.messages));
		assert.ok(p2.llm?.messages[1]?.content.endsWith('Answer A: \\frac{1}{2}\nAnswer B: 0.5'));
	});

	it('skips the call when a pre-check decides (boxed answer, two plain numbers)', async () => {
		const verifier = new LlmVerifier({ baseURL: emulator.url, model: MODEL });
		const boxed = await verifier.answerPresence({ thought: thought(0, 'So \\boxed{12}.') });
		assert.equal(boxed.source, 'heuristic');
		assert.match(boxed.reason, /^pre-check: states 12/);
		const numbers = await verifier.equivalence({
			earlier: {
				thoughtIndex: 0,
				text: '12',
				extracted: {
					value: '12',
					normalized: '12',
					kind: 'boxed',
					charStart: 0,
					charEnd: 2,
					hedged: false,
				},
			},
			later: {
				thoughtIndex: 1,
				text: '12.0',
				extracted: {
					value: '12.0',
					normalized: '12.0',
					kind: 'answer-is',
					charStart: 0,
					charEnd: 4,
					hedged: false,
				},
			},
		});
		assert.equal(numbers.source, 'heuristic');
		assert.equal(numbers.yes, true);
		assert.equal(verifier.callCount, 0);
	});

	it('skips p1 for an unhedged "the answer is", asks for a hedged one or a concluding sentence', async () => {
		const verifier = new LlmVerifier({ baseURL: emulator.url, model: MODEL });
		const said = await verifier.answerPresence({ thought: thought(0, 'So the answer is 12.') });
		assert.match(said.reason, /^pre-check: states 12/);
		assert.equal(verifier.callCount, 0);
		const hedged = await verifier.answerPresence({
			thought: thought(1, 'Maybe the answer is 12?'),
		});
		assert.equal(hedged.llm?.sent, true);
		const concluded = await verifier.answerPresence({ thought: thought(2, 'So the total is 12.') });
		assert.equal(concluded.llm?.sent, true);
		assert.equal(verifier.callCount, 2);
	});

	it('makes at most one call per distinct question, even when asked concurrently', async () => {
		const verifier = new LlmVerifier({ baseURL: emulator.url, model: MODEL, maxConcurrency: 2 });
		const t = thought(5, 'So the total is 99.');
		const verdicts = await Promise.all(
			[1, 2, 3].map(() => verifier.answerPresence({ problem: 'Q', thought: t })),
		);
		assert.equal(verifier.callCount, 1);
		assert.equal(verdicts.filter((v) => v.llm?.cached === true).length, 2);
		assert.ok(verdicts.every((v) => v.yes));
	});

	it('drives a whole chain: p1 concurrently, p2 in order, verdict sources recorded', async () => {
		const verifier = new LlmVerifier({ baseURL: emulator.url, model: MODEL });
		const analyzer = new ChainAnalyzer({ problem: 'What is 20 - 8?', verifier });
		analyzer.push(
			'Start: 20 - 8. The answer is 12.\n\nWait, recount: the answer is 12.\n\nHmm, once more, the answer is 12.\n\nBut why?',
		);
		const result = await analyzer.end();
		assert.equal(result.thoughts.length, 4);
		assert.equal(result.cut?.trigger, 'overthinking');
		assert.equal(result.cut?.thought, 1);
		// "The answer is 12" states an answer for certain: p1 by the pre-check, no call to wait for.
		assert.ok(result.steps.slice(0, 3).every((s) => s.presence.reason.startsWith('pre-check:')));
		assert.equal(result.steps[3]?.presence.source, 'llm');
		// p2 for plain numbers is decided by the pre-check.
		assert.ok(result.steps.slice(1, 3).every((s) => s.equivalence?.source === 'heuristic'));
		assert.equal(result.verifierCalls, 1);
		assert.equal(result.verifierFallbacks, 0);
	});
});

describe('LLM verifier failures degrade to the heuristic and say so', () => {
	let stub: Server;
	let url = '';
	let mode: 'error500' | 'slow' | 'garbage' = 'error500';
	before(async () => {
		stub = createServer((req, res) => {
			req.resume();
			req.on('end', () => {
				if (mode === 'error500') {
					res.writeHead(500, { 'content-type': 'application/json' });
					res.end(
						JSON.stringify({
							error: {
								message: 'CUDA out of memory',
								type: 'InternalServerError',
								param: null,
								code: 500,
							},
						}),
					);
				} else if (mode === 'slow') {
					setTimeout(() => res.destroyed || res.end('{}'), 2000).unref();
				} else {
					res.writeHead(200, { 'content-type': 'application/json' });
					res.end(
						JSON.stringify({
							id: 'x',
							object: 'chat.completion',
							created: 0,
							model: MODEL,
							choices: [
								{
									index: 0,
									message: { role: 'assistant', content: 'The' },
									finish_reason: 'length',
									logprobs: {
										content: [
											{
												token: 'The',
												logprob: -0.1,
												top_logprobs: [
													{ token: 'The', logprob: -0.1 },
													{ token: 'A', logprob: -3 },
												],
											},
										],
									},
								},
							],
						}),
					);
				}
			});
		});
		await new Promise<void>((resolve) => stub.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/v1`;
	});
	after(async () => {
		stub.closeAllConnections();
		await new Promise<void>((resolve) => stub.close(() => resolve()));
	});

	const question = { problem: 'Q', thought: thought(0, 'So the total is 42.') };

	it('on HTTP 500', async () => {
		mode = 'error500';
		const v = await new LlmVerifier({ baseURL: url, model: MODEL }).answerPresence(question);
		assert.equal(v.source, 'heuristic-after-llm-failure');
		assert.equal(v.yes, true, 'the heuristic still finds the answer');
		assert.match(v.error ?? '', /^HTTP 500: .*CUDA out of memory/);
		assert.match(v.reason, /^verifier failed \(HTTP 500.*\); heuristic: states 42/);
		assert.equal(v.llm?.sent, true);
	});

	it('on a timeout', async () => {
		mode = 'slow';
		const v = await new LlmVerifier({ baseURL: url, model: MODEL, timeoutMs: 150 }).answerPresence(
			question,
		);
		assert.equal(v.source, 'heuristic-after-llm-failure');
		assert.equal(v.error, 'timed out after 150 ms');
	});

	it('on a reply that is neither Yes nor No', async () => {
		mode = 'garbage';
		const v = await new LlmVerifier({ baseURL: url, model: MODEL }).answerPresence(question);
		assert.equal(v.source, 'heuristic-after-llm-failure');
		// A constraint was sent (both vLLM spellings: this server reports no version), so the reply shows it was ignored.
		assert.equal(
			v.error,
			'the verifier answered "The", neither Yes nor No (the server ignored the guided_choice+structured_outputs constraint)',
		);
	});

	it('when the endpoint is down, and stops calling it for a while after repeated failures', async () => {
		const probe = createServer();
		await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
		const port = (probe.address() as AddressInfo).port;
		await new Promise<void>((resolve) => probe.close(() => resolve()));
		const verifier = new LlmVerifier({
			baseURL: `http://127.0.0.1:${port}/v1`,
			model: MODEL,
			failuresBeforeCooldown: 2,
		});
		const verdicts = [];
		for (let i = 0; i < 4; i++) {
			verdicts.push(
				await verifier.answerPresence({
					problem: 'Q',
					thought: thought(i, `Step ${i}: the total is ${i}.`),
				}),
			);
		}
		assert.ok(verdicts.every((v) => v.source === 'heuristic-after-llm-failure'));
		assert.match(verdicts[0]?.error ?? '', /^cannot reach http:\/\/127\.0\.0\.1:\d+\/v1: /);
		assert.equal(verifier.callCount, 2);
		assert.match(verdicts[3]?.error ?? '', /^not called: the last 2 calls failed/);
		assert.equal(verdicts[3]?.llm?.sent, false);
	});

	it('rejects (does not degrade) when the caller aborts', async () => {
		mode = 'slow';
		const controller = new AbortController();
		const pending = new LlmVerifier({ baseURL: url, model: MODEL }).answerPresence(
			question,
			controller.signal,
		);
		setTimeout(() => controller.abort(), 50);
		await assert.rejects(pending);
	});
});

describe('readYesNo', () => {
	const reply = (top: Array<[string, number]>, content = top[0]?.[0]) => ({
		choices: [
			{
				message: { content },
				logprobs: {
					content: [
						{
							token: content ?? '',
							logprob: top[0]?.[1] ?? 0,
							top_logprobs: top.map(([token, logprob]) => ({ token, logprob })),
						},
					],
				},
			},
		],
	});

	it('sums Yes and No variants and normalises over them', () => {
		const r = readYesNo(
			reply([
				['Yes', Math.log(0.6)],
				[' yes', Math.log(0.1)],
				['No', Math.log(0.2)],
				['The', Math.log(0.1)],
			]),
		);
		assert.ok(typeof r !== 'string');
		assert.ok(Math.abs(r.pYes - 0.7 / 0.9) < 1e-9);
		assert.equal(r.from, 'logprobs');
	});

	it('falls back to the generated token when no logprobs came back', () => {
		const r = readYesNo({ choices: [{ message: { content: 'No' }, logprobs: null }] });
		assert.ok(typeof r !== 'string');
		assert.deepEqual([r.pYes, r.from], [0, 'token']);
		assert.equal(readYesNo({ choices: [] }), 'the verifier returned no choices');
	});
});
