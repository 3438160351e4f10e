/**
 * The gateway end to end: an openai SDK client → the gateway → the emulator, all real HTTP on 127.0.0.1.
 * A trimmed answer on every dialect (the emulator's log shows the abort and the continuation, /metrics
 * counts the cut), streaming and not, and the report in the final chunk and the headers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { answersEquivalent } from '../../src/core/answers/equivalence';
import type { StopCut } from '../../src/core/policies/stopPolicy';
import { finalAnswerOf } from '../../src/core/run/comparison';
import type { TraceRecord } from '../../src/core/traces/traceRecord';
import { EMULATOR_DIALECTS } from '../../src/emulator/dialects';
import { collect, metricValue, overthoughtTrace, startRig, type GatewayRig } from './gatewayKit';

let trace: TraceRecord;
let offlineCut: StopCut;

before(async () => {
	({ trace, offlineCut } = await overthoughtTrace());
});

function assertCorrect(content: string): void {
	const answer = finalAnswerOf(content);
	assert.ok(
		answer !== undefined && answersEquivalent(answer, trace.goldAnswer ?? ''),
		`answer ${answer} vs gold ${trace.goldAnswer}`,
	);
}

for (const dialect of EMULATOR_DIALECTS) {
	describe(`gateway in front of ${dialect}`, () => {
		let rig: GatewayRig;
		before(async () => {
			// Discovery cannot see whether vLLM runs a reasoning parser; inline upstreams are named in the config.
			const inline = dialect === 'inline' || dialect === 'qwen3-inline';
			rig = await startRig({ dialect, traces: [trace] }, inline ? { dialect } : {});
		});
		after(() => rig.close());

		it('streams a trimmed answer: cut, upstream aborted, continuation answered, cut counted', async () => {
			const before = rig.emulator.log.entries.length;
			const got = await collect(
				await rig.sdk().chat.completions.create({
					model: rig.model,
					messages: [{ role: 'user', content: trace.problem ?? '' }],
					stream: true,
					stream_options: { include_usage: true },
				}),
			);
			const report = got.thinktrim;
			assert.ok(report !== undefined, 'the final chunk carries the thinktrim report');
			assert.equal(report.cut, true);
			assert.equal(report.trigger, offlineCut.trigger);
			assert.equal(report.kept_thinking_tokens, offlineCut.tokenOffset);
			const kept = Number(report.kept_reasoning_chars);
			const inline = dialect === 'inline' || dialect === 'qwen3-inline';
			const [reasoning, answer] = inline ? splitInline(got.content) : [got.reasoning, got.content];
			assert.ok(
				reasoning.length >= kept && reasoning.length < trace.thinking.length,
				`reasoning ${reasoning.length} chars, kept ${kept}, full ${trace.thinking.length}`,
			);
			assert.equal(
				reasoning.slice(0, kept),
				trace.thinking.slice(0, kept),
				'the client saw the kept thinking as upstream sent it',
			);
			assertCorrect(answer);
			assert.equal(got.finishReason, 'stop');
			assert.ok(
				got.usage !== undefined && got.usage.completion_tokens > 0 && got.usage.prompt_tokens > 0,
			);
			const chat = await rig.emulator.log.waitFor((e) => e.seq >= before && e.kind === 'chat');
			assert.equal(
				chat.outcome,
				'client-disconnected',
				'the gateway aborted the upstream stream at the cut',
			);
			const continuation = await continuationAfter(rig, before);
			assert.equal(
				continuation.continuation?.cutChars,
				kept,
				'the continuation rests on the kept thinking',
			);
			assert.equal(
				metricValue(await rig.gateway.metrics.text(), 'thinktrim_cuts_total', {
					model: rig.model,
					trigger: offlineCut.trigger,
				}),
				1,
			);
		});

		it('answers a non-streamed request the same way, with the report in the body and headers', async () => {
			const { data, response } = await rig
				.sdk()
				.chat.completions.create({
					model: rig.model,
					messages: [{ role: 'user', content: trace.problem ?? '' }],
				})
				.withResponse();
			const body = data as typeof data & { thinktrim?: Record<string, unknown> };
			assert.equal(body.thinktrim?.cut, true);
			assert.equal(response.headers.get('x-thinktrim-cut'), 'true');
			assert.equal(response.headers.get('x-thinktrim-trigger'), offlineCut.trigger);
			const message = data.choices[0]?.message as
				{ content: string | null; reasoning?: string; reasoning_content?: string } | undefined;
			const content = message?.content ?? '';
			const inline = dialect === 'inline' || dialect === 'qwen3-inline';
			const [reasoning, answer] = inline
				? splitInline(content)
				: [message?.reasoning ?? message?.reasoning_content ?? '', content];
			assert.equal(
				reasoning.length,
				body.thinktrim?.kept_reasoning_chars,
				'a non-streamed response holds exactly the kept thinking',
			);
			assertCorrect(answer);
			assert.equal(metricValue(await rig.gateway.metrics.text(), 'thinktrim_cuts_total'), 2);
		});

		it('renders a later cut of the same conversation shape without asking the upstream', async () => {
			const before = rig.emulator.log.entries.length;
			const got = await collect(
				await rig.sdk().chat.completions.create({
					model: rig.model,
					messages: [{ role: 'user', content: trace.problem ?? '' }],
					stream: true,
				}),
			);
			assert.equal(got.thinktrim?.cut, true);
			await continuationAfter(rig, before);
			const kinds = rig.emulator.log.entries.filter((e) => e.seq >= before).map((e) => e.kind);
			assert.deepEqual(
				kinds.filter((k) => k === 'tokenize' || k === 'detokenize' || k === 'apply-template'),
				[],
				`upstream requests of the third cut: ${kinds.join(', ')}`,
			);
		});
	});
}

/** The emulator's log entry of the continuation request that followed entry `before`. */
function continuationAfter(
	rig: GatewayRig,
	before: number,
): ReturnType<GatewayRig['emulator']['log']['waitFor']> {
	return rig.emulator.log.waitFor(
		(e) =>
			(e.seq >= before && e.kind === 'completion') ||
			(e.seq >= before && e.kind === 'chat' && e.continuation !== undefined),
	);
}

/** Inline dialects: `[<think>\n]reasoning</think>\n\nanswer` in content. */
function splitInline(content: string): [string, string] {
	const end = content.indexOf('</think>');
	assert.ok(end >= 0, 'inline reasoning ends with </think>');
	return [
		content.slice(0, end).replace(/^<think>\n/, ''),
		content.slice(end + '</think>'.length).trimStart(),
	];
}

describe('gateway report fields', () => {
	let rig: GatewayRig;
	before(async () => {
		rig = await startRig({ dialect: 'vllm', traces: [trace] }, { models: {} }, { mode: 'watch' });
	});
	after(() => rig.close());

	it('watch mode streams the whole chain untrimmed and measures what the cut would have saved', async () => {
		const got = await collect(
			await rig.sdk().chat.completions.create({
				model: rig.model,
				messages: [{ role: 'user', content: trace.problem ?? '' }],
				stream: true,
			}),
		);
		assert.equal(got.reasoning, trace.thinking);
		assert.equal(got.thinktrim?.cut, false);
		assert.equal(got.thinktrim?.would_cut, true);
		assert.equal(got.usage, undefined, 'no usage chunk unless the client asked for it');
		assert.ok(
			!rig.emulator.log.entries.some((e) => e.kind === 'completion'),
			'no continuation in watch mode',
		);
		const text = await rig.gateway.metrics.text();
		const seen = metricValue(text, 'thinktrim_thinking_tokens_seen_total');
		assert.equal(
			metricValue(text, 'thinktrim_thinking_tokens_saved_total'),
			seen - offlineCut.tokenOffset,
		);
		assert.equal(metricValue(text, 'thinktrim_watch_cuts_total'), 1);
		assert.equal(metricValue(text, 'thinktrim_cuts_total'), 0);
	});
});
