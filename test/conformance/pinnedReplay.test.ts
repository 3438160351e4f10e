/**
 * Replays of a recorded chain get that chain: every bundled sample, pinned with `X-ThinkTrim-Trace`,
 * streams its own thinking and continues from its own cut; problems shared by several recordings are told
 * apart by the kept thinking; a prompt matching nothing is announced as `none` and the CLI warns.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { divergenceMessage, findDivergence } from '../../src/core/run/divergence';
import { pinHeaders } from '../../src/core/stream/servedTrace';
import { segmentThinking } from '../../src/core/thoughts/segmentThinking';
import { collectStream, type StreamEvent } from '../../src/core/stream/streamEvents';
import type { TraceRecord } from '../../src/core/traces/traceRecord';
import { runStream } from '../../src/cli/streamCommand';
import { withEmulator } from './conformanceKit';
import { bundledSamples } from '../harness/sampleTraces';

const samples = bundledSamples();

/** A cut at the paragraph break nearest the middle of the thinking (the start of the chain if it has none). */
function cutOf(trace: TraceRecord): string {
	const middle = Math.floor(trace.thinking.length / 2);
	const at = trace.thinking.indexOf('\n\n', middle);
	return trace.thinking.slice(0, at === -1 ? middle : at + 2);
}

function foldProblem(trace: TraceRecord): string {
	return (trace.problem ?? '').replace(/\s+/g, ' ').trim();
}

async function served(
	events: AsyncGenerator<StreamEvent, unknown>,
): Promise<{ trace: string; match: string } | undefined> {
	let found: { trace: string; match: string } | undefined;
	for await (const ev of events) {
		if (ev.type === 'start') {
			found = ev.served;
		}
	}
	return found;
}

describe('pinned replays through the emulator', () => {
	it('the bundle has problems shared by several recordings (what pinning is for)', () => {
		const problems = samples.map(foldProblem);
		assert.ok(problems.some((p, i) => problems.indexOf(p) !== i));
	});

	it('streams every bundled sample’s own chain when pinned', async () => {
		await withEmulator({ dialect: 'vllm', traces: samples }, async (emulator, client, model) => {
			for (const trace of samples) {
				const events: StreamEvent[] = [];
				for await (const ev of client.streamChat({
					model,
					messages: [{ role: 'user', content: trace.problem ?? '' }],
					headers: pinHeaders(trace.id),
				})) {
					events.push(ev);
				}
				const start = events.find((e) => e.type === 'start');
				assert.ok(start?.type === 'start');
				assert.deepEqual(start.served, { trace: trace.id, match: 'pinned' }, trace.id);
				const end = events.at(-1);
				assert.ok(end?.type === 'end');
				assert.equal(end.result.thinking, trace.thinking, `${trace.id}: thinking`);
				assert.equal(end.result.answer.trim(), (trace.final ?? '').trim(), `${trace.id}: answer`);
			}
			assert.equal(emulator.log.entries.filter((e) => e.kind === 'chat').length, samples.length);
		});
	});

	it('continues every bundled sample from its own cut when pinned', async () => {
		await withEmulator({ dialect: 'vllm', traces: samples }, async (emulator, client, model) => {
			for (const trace of samples) {
				const kept = cutOf(trace);
				const before = emulator.log.entries.length;
				const result = await collectStream(
					client.continueAfterCut({
						model,
						messages: [{ role: 'user', content: trace.problem ?? '' }],
						keptThinking: kept,
						maxTokens: 4000,
						headers: pinHeaders(trace.id),
					}),
				);
				assert.equal(result.error, undefined, trace.id);
				const entry = emulator.log.entries.slice(before).find((e) => e.kind === 'completion');
				assert.equal(entry?.traceId, trace.id, `${trace.id}: served trace`);
				assert.equal(
					entry.continuation?.cutChars,
					kept.length,
					`${trace.id}: the cut is where the kept thinking ends`,
				);
			}
		});
	});

	it('tells recordings of one problem apart by the kept thinking when not pinned', async () => {
		await withEmulator({ dialect: 'vllm', traces: samples }, async (_emulator, client, model) => {
			let checked = 0;
			for (const trace of samples) {
				const siblings = samples.filter(
					(t) => t !== trace && foldProblem(t) === foldProblem(trace),
				);
				const kept = cutOf(trace);
				// Only where the kept text actually differs from every sibling's chain can it decide.
				if (siblings.length === 0 || siblings.some((s) => s.thinking.startsWith(kept))) {
					continue;
				}
				const got = await served(
					client.continueAfterCut({
						model,
						messages: [{ role: 'user', content: trace.problem ?? '' }],
						keptThinking: kept,
						maxTokens: 200,
					}),
				);
				assert.equal(got?.trace, trace.id);
				assert.ok(got.match === 'exact' || got.match === 'contained', got.match);
				checked++;
			}
			assert.ok(checked > 0, 'no shared problem to disambiguate');
		});
	});

	it('falls back to matching when the pinned id is unknown', async () => {
		const trace = samples[0];
		assert.ok(trace !== undefined);
		await withEmulator({ dialect: 'vllm', traces: samples }, async (_emulator, client, model) => {
			const got = await served(
				client.streamChat({
					model,
					messages: [{ role: 'user', content: trace.problem ?? '' }],
					maxTokens: 5,
					headers: pinHeaders('no-such-recording'),
				}),
			);
			assert.equal(got?.match, 'exact');
			assert.equal(
				foldProblem(samples.find((t) => t.id === got.trace) ?? trace),
				foldProblem(trace),
			);
		});
	});

	it('the CLI warns, naming the recording, when the emulator matched nothing', async () => {
		await withEmulator({ dialect: 'vllm', traces: samples }, async (emulator) => {
			let out = '';
			let err = '';
			const io = {
				stdout: (t: string): void => void (out += t),
				stderr: (t: string): void => void (err += t),
			};
			const code = await runStream(
				[
					'--base-url',
					emulator.url,
					'--prompt',
					'Write a haiku about autumn.',
					'--max-tokens',
					'5',
					'--json',
				],
				io,
				undefined,
			);
			assert.equal(code, 0);
			const servedId = (JSON.parse(out) as { served?: { trace: string; match: string } }).served;
			assert.equal(servedId?.match, 'none');
			assert.match(
				err,
				/warning: The emulator has no recording for this prompt and served the unrelated recording "([^"]+)"/,
			);
			assert.ok(err.includes(`"${servedId.trace}"`));
		});
	});

	it('the CLI pins with --trace', async () => {
		const trace = samples.at(-1);
		assert.ok(trace !== undefined);
		await withEmulator({ dialect: 'vllm', traces: samples }, async (emulator) => {
			let out = '';
			let err = '';
			const io = {
				stdout: (t: string): void => void (out += t),
				stderr: (t: string): void => void (err += t),
			};
			const code = await runStream(
				['--base-url', emulator.url, '--prompt', 'anything at all', '--trace', trace.id, '--json'],
				io,
				undefined,
			);
			assert.equal(code, 0, err);
			const result = JSON.parse(out) as {
				served?: { trace: string; match: string };
				thinking: string;
			};
			assert.deepEqual(result.served, { trace: trace.id, match: 'pinned' });
			assert.equal(result.thinking, trace.thinking);
			assert.doesNotMatch(err, /warning/);
		});
	});

	it('a seeded replay of a recording reproduces the original up to the cut; another sample is reported as diverged', async () => {
		const trace = samples.find((t) =>
			samples.some(
				(o) => o !== t && foldProblem(o) === foldProblem(t) && !o.thinking.startsWith(cutOf(t)),
			),
		);
		assert.ok(trace !== undefined);
		const other = samples.find(
			(o) =>
				o !== trace &&
				foldProblem(o) === foldProblem(trace) &&
				!o.thinking.startsWith(cutOf(trace)),
		);
		assert.ok(other !== undefined);
		await withEmulator({ dialect: 'vllm', traces: samples }, async (emulator, client, model) => {
			const messages = [{ role: 'user' as const, content: trace.problem ?? '' }];
			const replay = await collectStream(
				client.streamChat({
					model,
					messages,
					extraBody: { seed: 1234 },
					headers: pinHeaders(trace.id),
				}),
			);
			const body = emulator.log.entries.find((e) => e.kind === 'chat')?.body as
				{ seed?: unknown } | undefined;
			assert.equal(body?.seed, 1234, 'the seed reaches the server');
			const kept = replay.thinking.slice(0, cutOf(trace).length);
			assert.equal(findDivergence(trace.thinking, kept, segmentThinking(kept)), undefined);
			// The same problem served from the other recording: a different sample of the same prompt.
			const resampled = await collectStream(
				client.streamChat({
					model,
					messages,
					extraBody: { seed: 99 },
					headers: pinHeaders(other.id),
				}),
			);
			const keptOther = resampled.thinking.slice(0, cutOf(trace).length);
			const diverged = findDivergence(trace.thinking, keptOther, segmentThinking(keptOther));
			assert.ok(diverged !== undefined);
			assert.match(
				divergenceMessage(diverged),
				/^The replay diverged from the original at thought \d+ .*two samples/,
			);
		});
	});
});
