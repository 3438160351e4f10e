// Issue 6 in a real extension host: the demo emulator (the project's vLLM-compatible emulator, in-process),
// Test Connection, Stream Reasoning, Stop, Replay with Truncation, What if, history, import and dataset
// evaluation, all through the registered commands. The API key must never reach settings, history, exports
// or logs.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { DatasetEvaluation } from '../../src/core/dataset/evaluationTypes';
import { analyzeTrace } from '../../src/core/engine/analyzeTrace';
import type { ConnectionReport } from '../../src/core/run/connectionCheck';
import { parseTraceJsonl, type TraceRecord } from '../../src/core/traces/traceRecord';
import type { ThinkTrimApi } from '../../src/vscode/extension';
import type { ComparisonResult } from '../../src/vscode/runCommands';
import { waitFor } from './support/observe';

const SECRET = 'sk-thinktrim-integration-5f1c2e9a7b';

/** Every file under `dir` (skipping what cannot be read), for the secret scan. */
function filesUnder(dir: string, out: string[] = []): string[] {
	let names: string[] = [];
	try {
		names = readdirSync(dir);
	} catch {
		return out;
	}
	for (const name of names) {
		const path = join(dir, name);
		try {
			const stat = statSync(path);
			if (stat.isDirectory()) {
				filesUnder(path, out);
			} else if (stat.isFile() && stat.size < 20_000_000) {
				out.push(path);
			}
		} catch {
			// vanished while scanning (logs rotate, sockets)
		}
	}
	return out;
}

describe('runs against the demo emulator', function () {
	this.timeout(120_000);
	let api: ThinkTrimApi;
	let samples: TraceRecord[];
	/** Samples whose problem no other sample shares, so the emulator replays exactly that trace. */
	let unique: TraceRecord[];
	/** A unique sample on which TrimR cuts without changing the answer. */
	let overthought: TraceRecord;
	let streamedRunId: string;

	before(async () => {
		const extension = vscode.extensions.getExtension<ThinkTrimApi>('thinktrim.thinktrim');
		assert.ok(extension !== undefined);
		api = await extension.activate();
		samples = parseTraceJsonl(
			readFileSync(join(extension.extensionPath, 'media', 'traces', 'samples.jsonl'), 'utf8'),
			'samples.jsonl',
		).records;
		unique = samples.filter((t) => samples.filter((u) => u.problem === t.problem).length === 1);
		for (const trace of unique) {
			const analysis = await analyzeTrace(trace);
			if (analysis.cut !== undefined && !analysis.evaluation.flipped) {
				overthought = trace;
				break;
			}
		}
		assert.ok(overthought !== undefined, 'a bundled sample on which TrimR cuts');
		await api.features.keys.set('reasoning', SECRET);
		await vscode.commands.executeCommand('thinktrim.startDemoEmulator', 4000);
	});

	after(async () => {
		await vscode.commands.executeCommand('thinktrim.stopDemoEmulator');
		await api.features.keys.clear('reasoning');
	});

	it('points the reasoning endpoint at the demo emulator and passes Test Connection', async () => {
		const url = api.features.demo.url;
		assert.ok(url !== undefined && /^http:\/\/127\.0\.0\.1:\d+\/v1$/.test(url));
		assert.equal(vscode.workspace.getConfiguration('thinktrim').get('endpoint.baseUrl'), url);
		const report = await vscode.commands.executeCommand<ConnectionReport>(
			'thinktrim.testConnection',
		);
		assert.equal(report.usable, true);
		assert.equal(report.server.kind, 'vllm');
		const tokenize = report.lines.find((l) => l.what === '/tokenize');
		assert.equal(tokenize?.ok, true, tokenize?.detail);
		assert.equal(report.lines.find((l) => l.what === 'logprobs')?.ok, true);
		// What a replay will do, shown before one runs: the render path and the verifier's constraint field.
		assert.match(
			report.lines.find((l) => l.what === 'continuation')?.detail ?? '',
			/^\/tokenize \+ \/detokenize \(the server's own chat template\)/,
		);
		assert.match(
			report.lines.find((l) => l.what === 'verifier constraint')?.detail ?? '',
			/^structured_outputs \(vLLM /,
		);
	});

	it('streams a chain live into the tree and saves it to history', async () => {
		const trace = overthought;
		assert.ok(trace.problem !== undefined);
		const runId = await vscode.commands.executeCommand<string>(
			'thinktrim.streamReasoning',
			trace.problem,
		);
		assert.ok(typeof runId === 'string', 'the command returns the run id');
		streamedRunId = runId;
		const run = await api.features.store.load(runId);
		assert.equal(run.status, 'complete', run.error);
		assert.equal(run.kind, 'live');
		assert.equal(run.thinking, trace.thinking, 'the whole chain arrived and was saved');
		assert.ok(run.thinkingTokens > 0 && run.answerTokens > 0);
		const state = api.viewState();
		assert.equal(state.kind, 'chain');
		assert.equal(state.kind === 'chain' && state.chain.runId, runId);
		assert.ok(state.kind === 'chain' && state.chain.nodes.length > 2, 'the tree has thoughts');
		assert.ok(
			state.kind === 'chain' && state.chain.nodes.some((n) => n.explanation !== undefined),
			'verdicts carry explanations',
		);
	});

	it('stops a run midway and keeps what arrived as a partial run', async () => {
		// The longest unique chain, so there is time to stop it.
		const trace = [...unique].sort((a, b) => b.thinking.length - a.thinking.length)[0];
		assert.ok(trace?.problem !== undefined);
		const running = vscode.commands.executeCommand<string>(
			'thinktrim.streamReasoning',
			trace.problem,
		);
		await waitFor(
			() => {
				const s = api.viewState();
				return s.kind === 'chain' &&
					s.chain.runId !== streamedRunId &&
					s.chain.status === 'streaming' &&
					s.chain.nodes.length >= 4
					? true
					: undefined;
			},
			30_000,
			'a few thoughts of the new chain to stream',
		);
		assert.equal(await vscode.commands.executeCommand<boolean>('thinktrim.stop'), true);
		const runId = await running;
		const run = await api.features.store.load(runId);
		assert.equal(run.status, 'partial');
		assert.ok(
			run.thinking.length > 0 && trace.thinking.startsWith(run.thinking),
			'the partial thinking is a prefix of the chain',
		);
		assert.ok(run.thinking.length < trace.thinking.length);
		const { runs } = await api.features.store.list();
		assert.ok(
			runs.some((r) => r.id === runId && r.status === 'partial'),
			'history lists the partial run',
		);
	});

	it('replays with truncation: the stream is aborted, the continuation answers, the comparison shows the saving', async () => {
		const log = api.features.demo.requestLog;
		assert.ok(log !== undefined);
		const before = log.total;
		const result = await vscode.commands.executeCommand<ComparisonResult>(
			'thinktrim.replayWithTruncation',
			streamedRunId,
		);
		assert.ok(result !== undefined);
		assert.equal(result.originalRunId, streamedRunId);
		const replay = await api.features.store.load(result.runId);
		assert.equal(replay.kind, 'replay');
		assert.equal(replay.parentRunId, streamedRunId);
		assert.ok(replay.cut !== undefined, 'TrimR fired on this overthought chain');
		assert.ok(result.comparison.trimmed.thinkingTokens < result.comparison.original.thinkingTokens);
		assert.ok(result.comparison.savedThinkingTokens > 0);
		assert.equal(
			result.comparison.sameAnswer,
			true,
			`${result.comparison.original.answer} vs ${result.comparison.trimmed.answer}`,
		);
		const entries = log.entriesSince(before);
		assert.ok(
			entries.some((e) => e.kind === 'chat' && e.outcome === 'client-disconnected'),
			'the emulator saw the abort',
		);
		const continuation = entries.find((e) => e.kind === 'completion');
		assert.ok(continuation?.continuation !== undefined, 'the emulator got the continuation');
		assert.equal(continuation.continuation.cutChars, replay.thinking.length);
	});

	it('measures the replay against the original chain, and reopens runs with their recorded verdicts; Re-analyse is explicit', async () => {
		const original = await api.features.store.load(streamedRunId);
		const { runs } = await api.features.store.list();
		const replay = runs.find((r) => r.kind === 'replay' && r.parentRunId === streamedRunId);
		assert.ok(replay?.savings !== undefined, "History has the replay's savings");
		assert.equal(
			replay.savings.originalTokens,
			original.thinkingTokens,
			"against the original chain, not the replay's own tokens",
		);
		assert.ok(
			replay.savings.savedTokens > 0 && replay.savings.keptTokens === replay.thinkingTokens,
		);
		assert.ok(
			original.recordedChain !== undefined,
			'the live run kept the verdicts it was drawn with',
		);
		const config = vscode.workspace.getConfiguration('thinktrim');
		const recordedPolicy = original.recordedChain.figures.policy;
		const other = recordedPolicy === 'deer' ? 'budget' : 'deer';
		await config.update('policy.name', other, vscode.ConfigurationTarget.Global);
		try {
			assert.equal(
				await vscode.commands.executeCommand('thinktrim.history.open', streamedRunId),
				true,
			);
			const reopened = api.viewState();
			assert.ok(reopened.kind === 'chain');
			assert.equal(reopened.chain.figures.verdicts, 'recorded');
			assert.equal(
				reopened.chain.figures.policy,
				recordedPolicy,
				'the recorded policy, not the setting changed since',
			);
			assert.deepEqual(
				reopened.chain.nodes.map((n) => [n.id, n.usefulness, n.parentId]),
				original.recordedChain.nodes.map((n) => [n.id, n.usefulness, n.parentId]),
			);
			assert.equal(await vscode.commands.executeCommand('thinktrim.reanalyze'), true);
			const analysed = api.viewState();
			assert.ok(analysed.kind === 'chain');
			assert.equal(analysed.chain.figures.verdicts, 'analysed');
			assert.equal(analysed.chain.figures.policy, other, 'Re-analyse uses the current settings');
			assert.equal(
				(await api.features.store.load(streamedRunId)).recordedChain?.figures.policy,
				recordedPolicy,
				'and changes nothing saved',
			);
		} finally {
			await config.update('policy.name', undefined, vscode.ConfigurationTarget.Global);
		}
	});

	it('answers "what if I stopped here?" from a chosen thought', async () => {
		assert.equal(
			await vscode.commands.executeCommand('thinktrim.history.open', streamedRunId),
			true,
		);
		const result = await vscode.commands.executeCommand<ComparisonResult>(
			'thinktrim.whatIfStopHere',
			't1',
		);
		assert.ok(result !== undefined);
		const whatIf = await api.features.store.load(result.runId);
		assert.equal(whatIf.kind, 'whatif');
		assert.equal(whatIf.cut?.thought, 1);
		assert.ok(whatIf.final.length > 0, 'the server answered');
		assert.ok(result.comparison.trimmed.thinkingTokens < result.comparison.original.thinkingTokens);
	});

	it('replays a recording by continuing that chain from its cut; Re-sample with Truncation samples the prompt again', async () => {
		const log = api.features.demo.requestLog;
		assert.ok(log !== undefined);
		const before = log.total;
		const result = await vscode.commands.executeCommand<ComparisonResult>(
			'thinktrim.replayWithTruncation',
			`sample:${overthought.id}`,
		);
		assert.ok(result !== undefined);
		const replay = await api.features.store.load(result.runId);
		assert.equal(replay.kind, 'replay');
		assert.equal(replay.parentRunId, `sample:${overthought.id}`);
		assert.ok(replay.cut !== undefined, 'TrimR cuts this recording');
		assert.ok(
			overthought.thinking.startsWith(replay.thinking) &&
				replay.thinking.length < overthought.thinking.length,
			'the kept thinking is the recording’s own prefix',
		);
		const generating = log
			.entriesSince(before)
			.filter((e) => e.kind === 'chat' || e.kind === 'completion');
		assert.deepEqual(
			generating.map((e) => e.kind),
			['completion'],
			'one continuation, no new sample of the prompt',
		);
		assert.equal(generating[0]?.traceId, overthought.id, 'pinned to the recording');
		assert.equal(result.comparison.trimmed.thinkingTokens, replay.cut.tokenOffset);
		assert.ok(result.comparison.savedThinkingTokens > 0);
		// The emulator answers a continuation of this recording, cut after its answer, with the recording's
		// own answer text (this one ran out of budget mid-answer, so the texts are compared, not the answers).
		assert.equal(generating[0]?.continuation?.source, 'final');
		assert.equal(replay.final.trim(), (overthought.final ?? '').trim());

		const again = log.total;
		const resampled = await vscode.commands.executeCommand<ComparisonResult>(
			'thinktrim.resampleWithTruncation',
			`sample:${overthought.id}`,
		);
		assert.ok(resampled !== undefined);
		assert.ok((await api.features.store.load(resampled.runId)).name.startsWith('Re-sample: '));
		assert.ok(
			log.entriesSince(again).some((e) => e.kind === 'chat' && e.traceId === overthought.id),
			'the prompt was streamed again, pinned',
		);
	});

	it('imports a trace file with one bad line: the good traces land in history, the bad one is reported', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'thinktrim-import-'));
		const file = join(dir, 'mixed.jsonl');
		const [a, b] = samples;
		writeFileSync(
			file,
			[
				JSON.stringify(a),
				'{"id": "broken", thinking',
				JSON.stringify({ ...b, id: 'imported/with spaces' }),
			].join('\n'),
		);
		const result = await vscode.commands.executeCommand<{
			imported: string[];
			errors: { line: number }[];
		}>('thinktrim.openTraceFile', vscode.Uri.file(file));
		assert.equal(result.imported.length, 2);
		assert.deepEqual(
			result.errors.map((e) => e.line),
			[2],
		);
		const run = await api.features.store.load(result.imported[1] ?? '');
		assert.equal(run.kind, 'imported');
		assert.equal(run.thinking, b?.thinking);
		assert.ok(run.thinkingTokens > 0);
	});

	it('evaluates a 20-problem dataset with two policies and exports the report', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'thinktrim-eval-'));
		const file = join(dir, 'dataset.jsonl');
		const problems = samples
			.slice(0, 20)
			.map((t) => JSON.stringify({ id: t.id, problem: t.problem, gold_answer: t.goldAnswer }));
		writeFileSync(file, `${problems.join('\n')}\n`);
		const evaluation = await vscode.commands.executeCommand<DatasetEvaluation>(
			'thinktrim.evaluateDataset',
			{ file, policies: ['trimr', 'budget'], concurrency: 2 },
		);
		assert.ok(evaluation !== undefined);
		assert.equal(evaluation.problems.length, 20);
		assert.equal(evaluation.aggregates.length, 2);
		const written = await api.features.evaluation.exportTo(
			evaluation,
			vscode.Uri.file(join(dir, 'report')),
		);
		assert.deepEqual(
			written.map((u) => u.path.split('.').pop()),
			['csv', 'json', 'html'],
		);
		const csv = readFileSync(join(dir, 'report.csv'), 'utf8');
		assert.ok(csv.split('\n').length > 20, 'one CSV row per run');
		assert.match(readFileSync(join(dir, 'report.html'), 'utf8'), /<svg/);
	});

	it('never writes the API key to settings, history, exports or logs', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'thinktrim-export-'));
		await vscode.commands.executeCommand(
			'thinktrim.history.exportJson',
			streamedRunId,
			vscode.Uri.file(join(dir, 'run.json')),
		);
		// globalStorage is <user-data>/User/globalStorage/<id>: scan the whole user-data folder (settings,
		// state, history, logs) and the export.
		const userData = dirname(dirname(dirname(api.storagePath)));
		const files = [...filesUnder(userData), ...filesUnder(dir)];
		assert.ok(
			files.some((f) => f.endsWith('settings.json')),
			'the scan covers the settings',
		);
		assert.ok(
			files.some((f) => f.endsWith('run.json')),
			'the scan covers history',
		);
		assert.ok(
			files.some((f) => f.endsWith('.log')),
			'the scan covers the logs',
		);
		const leaks = files.filter((f) => readFileSync(f).includes(SECRET));
		assert.deepEqual(leaks, [], 'no file holds the API key');
	});
});
