// `thinktrim eval --resume`: an interrupted evaluation continues from the runs it already wrote to
// OUT.runs.jsonl, losing none and running none twice. The server is a small real HTTP server that counts
// the chat requests it gets per problem and can be told to hang on one.
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runEval } from '../../../src/cli/evalCommand';
import type { CliIo } from '../../../src/cli/cliCommand';
import type { DatasetEvaluation } from '../../../src/core/dataset/evaluationTypes';
import {
	sseChunk,
	servedModels,
	startHostileServer,
	type HostileServer,
} from '../../harness/hostileServer';

const servers: HostileServer[] = [];
after(async () => {
	await Promise.all(servers.map((s) => s.close()));
});

interface CountingServer {
	readonly baseUrl: string;
	/** Chat requests per problem text. */
	readonly requests: Map<string, number>;
	/** Problems the server never answers while set. */
	readonly hang: Set<string>;
}

async function countingServer(): Promise<CountingServer> {
	const requests = new Map<string, number>();
	const hang = new Set<string>();
	const s = await startHostileServer((req, res) => {
		if (servedModels(req, res)) {
			return;
		}
		let body = '';
		req.on('data', (d: Buffer) => (body += d.toString()));
		req.on('end', () => {
			const problem = /What is (\d+)\+(\d+)\?/.exec(body);
			const key = problem?.[0] ?? '?';
			if (problem !== null) {
				requests.set(key, (requests.get(key) ?? 0) + 1);
			}
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			if (hang.has(key)) {
				return; // headers, then nothing: the evaluation waits here until it is interrupted
			}
			const sum = Number(problem?.[1] ?? 0) + Number(problem?.[2] ?? 0);
			res.end(
				sseChunk({ reasoning_content: `Adding them gives ${sum}. Wait, let me check: ${sum}.` }) +
					sseChunk({ content: `The answer is ${sum}.` }, 'stop') +
					'data: [DONE]\n\n',
			);
		});
	});
	servers.push(s);
	return { baseUrl: s.baseUrl, requests, hang };
}

const DATASET = [
	'{"id":"a","problem":"What is 2+3?","answer":"5"}',
	'{"id":"b","problem":"What is 4+4?","answer":"8"}',
	'{"id":"c","problem":"What is 1+6?","answer":"7"}',
].join('\n');

function io(): { io: CliIo; err: () => string } {
	let err = '';
	return { io: { stdout: () => undefined, stderr: (t) => (err += t) }, err: () => err };
}

async function setup(): Promise<{
	server: CountingServer;
	data: string;
	outJson: string;
	args: string[];
}> {
	const server = await countingServer();
	const dir = await mkdtemp(join(tmpdir(), 'tt-resume-'));
	const data = join(dir, 'd.jsonl');
	await writeFile(data, `${DATASET}\n`);
	const outJson = join(dir, 'r.json');
	const args = [
		data,
		'--base-url',
		server.baseUrl,
		'--model',
		'm',
		'--dialect',
		'vllm-transition',
		'--policy',
		'budget,trimr',
		'--concurrency',
		'1',
		'--idle-timeout',
		'60',
		'--out-json',
		outJson,
	];
	return { server, data, outJson, args };
}

/** Runs the evaluation until the ledger holds `lines` runs, then interrupts it as Ctrl-C does. */
async function interruptAfter(args: string[], outJson: string, lines: number): Promise<string> {
	const controller = new AbortController();
	const out = io();
	const done = runEval(args, out.io, controller.signal);
	for (let i = 0; i < 400; i++) {
		const ledger = await readFile(`${outJson}.runs.jsonl`, 'utf8').catch(() => '');
		if (ledger.split('\n').filter((l) => l.includes('"phase"')).length >= lines) {
			break;
		}
		await new Promise((r) => setTimeout(r, 25));
	}
	controller.abort();
	assert.equal(await done, 130, out.err());
	return out.err();
}

describe('eval --resume', () => {
	it('continues an interrupted evaluation without losing or repeating a run', async () => {
		const { server, outJson, args } = await setup();
		server.hang.add('What is 4+4?');
		// Problem a: untrimmed, budget, trimr finished; problem b hangs on its untrimmed run.
		await interruptAfter(args, outJson, 3);
		assert.deepEqual([...server.requests.entries()].sort(), [
			['What is 2+3?', 3],
			['What is 4+4?', 1],
		]);
		server.hang.clear();

		const out = io();
		assert.equal(await runEval([...args, '--resume'], out.io, undefined), 0, out.err());
		assert.match(
			out.err(),
			/Resuming from .*r\.json\.runs\.jsonl: 3 of 9 runs already finished \(1 of 3 problems complete\)/,
		);
		// a was not asked again; b (its cancelled run dropped) and c ran once each.
		assert.deepEqual([...server.requests.entries()].sort(), [
			['What is 1+6?', 3],
			['What is 2+3?', 3],
			['What is 4+4?', 4],
		]);
		const evaluation = JSON.parse(await readFile(outJson, 'utf8')) as DatasetEvaluation;
		assert.equal(evaluation.cancelled, false);
		assert.deepEqual(
			evaluation.problems.map((p) => [
				p.id,
				p.status,
				p.untrimmed?.status,
				p.trimmed.map((t) => `${t.variant}:${t.status}`).join(','),
			]),
			[
				['a', 'done', 'complete', 'budget:complete,trimr:complete'],
				['b', 'done', 'complete', 'budget:complete,trimr:complete'],
				['c', 'done', 'complete', 'budget:complete,trimr:complete'],
			],
		);
		assert.equal(evaluation.aggregates.find((a) => a.variant === 'budget')?.compared, 3);
		// The complete export holds everything: the ledger is gone.
		await assert.rejects(readFile(`${outJson}.runs.jsonl`));
	});

	it('resumes a resumed evaluation interrupted again, and skips a line cut short by a kill', async () => {
		const { server, outJson, args } = await setup();
		server.hang.add('What is 4+4?');
		await interruptAfter(args, outJson, 3);
		// A kill in the middle of an append leaves half a line.
		await appendFile(`${outJson}.runs.jsonl`, '{"id":"b","problem":1,"phase":"untr');
		server.hang.clear();
		server.hang.add('What is 1+6?');
		// Second attempt: b finishes, c hangs.
		const second = await interruptAfter([...args, '--resume'], outJson, 6);
		assert.match(second, /1 unreadable line\(s\) skipped/);
		const partial = JSON.parse(await readFile(outJson, 'utf8')) as DatasetEvaluation;
		assert.deepEqual(
			partial.problems.map((p) => p.status),
			['done', 'done', 'cancelled'],
		);
		server.hang.clear();
		const out = io();
		assert.equal(await runEval([...args, '--resume'], out.io, undefined), 0, out.err());
		assert.match(out.err(), /6 of 9 runs already finished \(2 of 3 problems complete\)/);
		const ledgerRuns = (
			JSON.parse(await readFile(outJson, 'utf8')) as DatasetEvaluation
		).problems.flatMap((p) => [p.untrimmed, ...p.trimmed]);
		assert.equal(ledgerRuns.filter((r) => r?.status === 'complete').length, 9);
		assert.equal(server.requests.get('What is 2+3?'), 3);
		assert.equal(server.requests.get('What is 4+4?'), 1 + 3);
		assert.equal(server.requests.get('What is 1+6?'), 1 + 3);
	});

	it('refuses to start over on top of an interrupted evaluation, or to resume with other policies', async () => {
		const { server, outJson, args } = await setup();
		server.hang.add('What is 4+4?');
		await interruptAfter(args, outJson, 3);
		const fresh = io();
		await assert.rejects(
			runEval(args, fresh.io, undefined),
			/r\.json\.runs\.jsonl holds 3 finished run\(s\) of an interrupted evaluation: add --resume to continue it, or delete that file to start over/,
		);
		const other = args.map((a) => (a === 'budget,trimr' ? 'budget' : a));
		await assert.rejects(
			runEval([...other, '--resume'], io().io, undefined),
			/was written for the policies budget, trimr; this run asks for budget\. Resume with the same --policy and --sweep/,
		);
		// Nothing was sent for either refusal.
		assert.equal(server.requests.get('What is 2+3?'), 3);
	});

	it('needs --out-json, and says when there is nothing to resume', async () => {
		const { outJson, args } = await setup();
		const noOut = args.slice(0, args.indexOf('--out-json'));
		await assert.rejects(
			runEval([...noOut, '--resume'], io().io, undefined),
			/--resume needs --out-json OUT/,
		);
		const first = io();
		assert.equal(await runEval([...args, '--resume'], first.io, undefined), 0);
		assert.match(
			first.err(),
			/Nothing to resume \(no .*runs\.jsonl\): starting from the first problem/,
		);
		await assert.rejects(
			runEval([...args, '--resume'], io().io, undefined),
			/the evaluation in .*r\.json finished; nothing to resume/,
		);
		void outJson;
	});
});
