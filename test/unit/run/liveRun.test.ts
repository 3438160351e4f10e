/**
 * The live-run assembly (src/core/run/liveRun.ts) against the emulator, a real HTTP server: the ports
 * are a test sink that records what a host would see (trees shown, tokens, progress, saves), nothing is
 * mocked between the client and the record.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyzeTrace } from '../../../src/core/engine/analyzeTrace';
import type { RunRecord } from '../../../src/core/history/runRecord';
import { executeLiveRun } from '../../../src/core/run/liveRun';
import type {
	LiveEndpoint,
	LivePorts,
	LiveRunSpec,
	RunClock,
} from '../../../src/core/run/livePorts';
import type { RunEvent } from '../../../src/core/run/runTypes';
import { ReasoningClient } from '../../../src/core/stream/reasoningClient';
import { parseTraceJsonl, type TraceRecord } from '../../../src/core/traces/traceRecord';
import type { TreeModel } from '../../../src/core/tree/treeModel';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/server';
import { OPEN_LOG } from '../../../src/shared/userError';

const samples = parseTraceJsonl(
	readFileSync(join(__dirname, '../../../media/traces/samples.jsonl'), 'utf8'),
	'samples.jsonl',
).records;
const MODEL = 'deepscaler';

/** The first bundled trace on which TrimR cuts (so act mode has something to cut). */
async function cutTrace(): Promise<TraceRecord> {
	for (const trace of samples) {
		if ((await analyzeTrace(trace)).cut !== undefined) {
			return trace;
		}
	}
	throw new Error('no bundled trace where TrimR cuts');
}

/** What a host would have seen of one run. */
class TestHost {
	readonly saved: RunRecord[] = [];
	readonly trees: TreeModel[] = [];
	readonly events: RunEvent[] = [];
	readonly tokens: Array<{ count: number; phase: string }> = [];
	readonly progress: string[] = [];
	readonly saveFailures: boolean[] = [];
	readonly failures: string[] = [];
	started: RunRecord | undefined;
	/** The tree on screen; a test can move the "user" to another chain. */
	onScreen: TreeModel | undefined;

	constructor(private readonly failSaves = false) {}

	ports(clock?: RunClock): LivePorts {
		return {
			clock,
			store: {
				save: (run) => {
					if (this.failSaves) {
						return Promise.reject(new Error('ENOSPC: no space left on device'));
					}
					this.saved.push(run);
					return Promise.resolve();
				},
			},
			sink: {
				started: (record) => (this.started = record),
				tree: {
					show: (tree) => {
						this.trees.push(tree);
						this.onScreen = tree;
					},
					showing: (tree) => this.onScreen === tree,
					failureActions: [OPEN_LOG],
				},
				tokens: (count, phase) => this.tokens.push({ count, phase }),
				progress: (message) => this.progress.push(message),
				event: (event) => this.events.push(event),
				saveFailed: (_runId, _err, first) => this.saveFailures.push(first),
				failed: (runId, error) => this.failures.push(`${runId}: ${error}`),
			},
		};
	}
}

/** The thinking a tree holds: its thoughts' text in order. */
function treeText(tree: TreeModel): string {
	return tree
		.snapshot()
		.nodes.filter((n) => n.index >= 0)
		.sort((a, b) => a.index - b.index)
		.map((n) => n.text)
		.join('');
}

describe('executeLiveRun against the emulator', () => {
	let emulator: RunningEmulator;
	let client: ReasoningClient;
	let trace: TraceRecord;
	let spec: LiveRunSpec;
	const endpoint = (): LiveEndpoint => ({
		client,
		model: MODEL,
		baseUrl: emulator.url,
		policy: { name: 'trimr' },
		answerMaxTokens: 512,
	});
	before(async () => {
		trace = await cutTrace();
		spec = {
			problem: trace.problem ?? '',
			mode: 'watch',
			kind: 'live',
			goldAnswer: trace.goldAnswer,
			traceId: trace.id,
		};
		emulator = await startEmulator({
			traces: [trace],
			dialect: 'vllm',
			ttftMs: 5,
			tokensPerSecond: 4000,
			tokensPerChunk: 4,
			jitter: 0,
			model: MODEL,
		});
		client = await ReasoningClient.create({ baseUrl: emulator.url });
		// Seeds go only to servers known to take one: learn the dialect first, as a run after a connection test does.
		await client.discover();
	});
	after(async () => {
		await client.close();
		await emulator.close();
	});

	it('watch mode: streams into a live tree, journals the record, and ends on the analysed tree', async () => {
		const host = new TestHost();
		const { record, outcome } = await executeLiveRun(endpoint(), spec, host.ports());
		assert.equal(outcome.status, 'complete', outcome.error);
		assert.equal(host.started?.id, record.id);
		assert.equal(host.started?.status, 'streaming');
		assert.equal(record.status, 'complete');
		assert.equal(record.thinking, trace.thinking);
		assert.equal(
			record.cut?.thought,
			outcome.cut?.thought,
			'watch mode records where the policy would cut',
		);
		assert.deepEqual(host.saved.at(-1), record, 'the last save is the returned record');
		assert.equal(host.trees.length, 2, 'the live tree, then the one built from the full analysis');
		const [live, full] = host.trees;
		assert.ok(live !== undefined && full !== undefined);
		assert.equal(treeText(live), trace.thinking, 'every streamed delta reached the live tree');
		assert.equal(full.runId, record.id);
		assert.equal(full.snapshot().figures.policy, 'trimr');
		assert.ok(
			host.tokens.some((t) => t.phase === 'thinking') &&
				host.tokens.some((t) => t.phase === 'answering'),
		);
		assert.equal(host.progress.length, 0, 'no cut is made in watch mode');
	});

	it('act mode: the drop rule holds for the tree, the record and the token count alike', async () => {
		const host = new TestHost();
		const { record, outcome } = await executeLiveRun(
			endpoint(),
			{
				...spec,
				mode: 'act',
				kind: 'replay',
				parentRunId: 'run-original',
				original: { thinkingTokens: 9999, wallMs: 1234 },
			},
			host.ports(),
		);
		assert.equal(outcome.status, 'complete', outcome.error);
		assert.ok(
			outcome.cut !== undefined && outcome.continuation !== undefined,
			'the policy cut and the answer was asked for',
		);
		assert.equal(record.thinking, outcome.keptThinking);
		assert.equal(record.parentRunId, 'run-original');
		assert.deepEqual(record.original, { thinkingTokens: 9999, wallMs: 1234 });
		assert.deepEqual(
			host.trees[0]?.snapshot().figures.original,
			{ thinkingTokens: 9999, elapsedMs: 1234 },
			'the header measures the replay against its original',
		);
		assert.equal(record.cut?.trigger, outcome.cut.trigger);
		assert.match(host.progress[0] ?? '', new RegExp(`^cut at thought ${outcome.cut.thought + 1} `));
		const live = host.trees[0];
		assert.ok(live !== undefined);
		// What arrived after the cut was dropped once, in runReasoning; the tree saw exactly what the engine kept.
		assert.equal(treeText(live), outcome.streamedThinking);
		const thinkingTokens = host.tokens.filter((t) => t.phase === 'thinking').length;
		const keptDeltas = host.events.filter(
			(e) => e.type === 'stream' && e.event.type === 'reasoning' && !e.dropped,
		).length;
		assert.equal(thinkingTokens, keptDeltas, 'dropped deltas are not counted');
		const afterCut = host.saved.filter((r) => r.cut !== undefined);
		assert.ok(
			afterCut.every((r) => r.thinking === outcome.keptThinking),
			'no save after the cut holds discarded thinking',
		);
	});

	it('keeps the live tree when the user has opened another chain meanwhile', async () => {
		const host = new TestHost();
		const ports = host.ports();
		const sink = ports.sink;
		assert.ok(sink?.tree !== undefined);
		const away: LivePorts = {
			...ports,
			sink: { ...sink, tree: { show: (tree) => sink.tree?.show(tree), showing: () => false } },
		};
		const { outcome } = await executeLiveRun(endpoint(), spec, away);
		assert.equal(outcome.status, 'complete', outcome.error);
		assert.equal(host.trees.length, 1, 'the final tree is not forced on screen');
		assert.equal(host.trees[0]?.snapshot().status, 'complete');
	});

	it('headless: no view, no store; the clock stamps the record and draws the seed the server is sent', async () => {
		const clock: RunClock = { now: () => new Date('2026-01-02T03:04:05Z'), random: () => 0.5 };
		const before = emulator.log.total;
		const { record, outcome } = await executeLiveRun(
			endpoint(),
			{ ...spec, drawSeed: true },
			{ clock },
		);
		assert.equal(outcome.status, 'complete', outcome.error);
		assert.equal(record.createdAt, '2026-01-02T03:04:05.000Z');
		assert.match(record.id, /^run-20260102T030405-/);
		assert.equal(record.sampling?.seed, 2 ** 30);
		const chat = await emulator.log.waitFor(
			(e) => e.kind === 'chat' && emulator.log.entriesSince(before).includes(e),
		);
		assert.equal((chat.body as { seed?: number }).seed, 2 ** 30);
		assert.equal(chat.traceId, trace.id, 'the recording is pinned with X-ThinkTrim-Trace');
	});

	it('tells the host once when the record cannot be saved, and still finishes the run', async () => {
		const host = new TestHost(true);
		const { record } = await executeLiveRun(endpoint(), spec, host.ports());
		assert.equal(record.status, 'complete');
		assert.equal(host.saveFailures[0], true);
		assert.ok(host.saveFailures.slice(1).every((first) => !first));
	});

	it("a failed run is reported to the host once, and its chain offers the host's failure actions", async () => {
		const host = new TestHost();
		// fetch refuses port 9 (a blocked port): the run fails before a byte arrives.
		const refused = await ReasoningClient.create({
			baseUrl: 'http://127.0.0.1:9/v1',
			maxRetries: 0,
		});
		try {
			const { record, outcome } = await executeLiveRun(
				{ ...endpoint(), client: refused, baseUrl: 'http://127.0.0.1:9/v1' },
				spec,
				host.ports(),
			);
			assert.equal(outcome.status, 'error');
			assert.deepEqual(host.failures, [`${record.id}: ${outcome.error ?? ''}`]);
			const shown = host.onScreen?.snapshot();
			assert.equal(shown?.status, 'error');
			assert.equal(shown?.statusMessage, outcome.error);
			assert.deepEqual(shown?.statusActions, [OPEN_LOG]);
		} finally {
			await refused.close();
		}
	});

	it('a run that completes reports no failure and offers nothing', async () => {
		const host = new TestHost();
		await executeLiveRun(endpoint(), spec, host.ports());
		assert.deepEqual(host.failures, []);
		assert.equal(host.onScreen?.snapshot().statusActions, undefined);
	});
});
