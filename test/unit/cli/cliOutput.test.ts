import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runEval } from '../../../src/cli/evalCommand';
import type { CliIo } from '../../../src/cli/cliCommand';
import {
	sseChunk,
	servedModels,
	startHostileServer,
	type HostileServer,
} from '../../harness/hostileServer';
import { runCli } from './runCli';

const KEY = 'sk-live-4f9a8b7c6d5e';
const servers: HostileServer[] = [];
after(async () => {
	await Promise.all(servers.map((s) => s.close()));
});

/** A server that lists one model and answers every chat request with a 500 echoing the caller's Authorization header. */
async function echoingServer(): Promise<{ url: string; requests: () => number }> {
	let chats = 0;
	const s = await startHostileServer((req, res) => {
		if (servedModels(req, res)) {
			return;
		}
		if (req.url === '/v1/chat/completions') {
			chats++;
		}
		res.writeHead(500, { 'content-type': 'application/json' });
		res.end(
			JSON.stringify({
				error: {
					message: `internal error for ${req.headers.authorization ?? ''} (key ${KEY})`,
					code: 500,
				},
			}),
		);
	});
	servers.push(s);
	return { url: s.baseUrl, requests: () => chats };
}

describe('the CLI against hostile servers and paths', () => {
	it('never prints a key a server echoes back, on stderr or stdout', async () => {
		const { url } = await echoingServer();
		const { code, out, err } = await runCli([
			'stream',
			'--base-url',
			url,
			'--model',
			'm',
			'--prompt',
			'hi',
			'--api-key',
			KEY,
			'--dialect',
			'vllm',
			'--max-retries',
			'0',
		]);
		assert.equal(code, 1);
		assert.match(err, /The server failed \(500\)/);
		assert.ok(!`${out}${err}`.includes(KEY), err);
		assert.match(err, /Bearer \*\*\*/);
	});

	it('never prints the credentials of a base URL', async () => {
		const { url } = await echoingServer();
		const withCreds = url.replace('http://', 'http://admin:hunter2pass@');
		const { err } = await runCli([
			'stream',
			'--base-url',
			withCreds,
			'--model',
			'm',
			'--prompt',
			'hi',
			'--dialect',
			'vllm',
			'--max-retries',
			'0',
		]);
		assert.ok(!err.includes('hunter2pass'), err);
	});

	it('keeps the key out of eval exports', async () => {
		const { url } = await echoingServer();
		const dir = await mkdtemp(join(tmpdir(), 'tt-hostile-'));
		const data = join(dir, 'd.jsonl');
		await writeFile(data, '{"problem":"What is 2+3?","answer":"5"}\n');
		const outJson = join(dir, 'r.json');
		const outCsv = join(dir, 'r.csv');
		const outHtml = join(dir, 'r.html');
		const { err } = await runCli([
			'eval',
			data,
			'--base-url',
			url,
			'--model',
			'm',
			'--api-key',
			KEY,
			'--dialect',
			'vllm',
			'--max-retries',
			'0',
			'--policy',
			'budget',
			'--out-json',
			outJson,
			'--out-csv',
			outCsv,
			'--out-html',
			outHtml,
		]);
		assert.ok(!err.includes(KEY), err);
		for (const f of [outJson, outCsv, outHtml]) {
			const text = await readFile(f, 'utf8');
			assert.ok(!text.includes(KEY), `${f} holds the key`);
		}
		assert.match(await readFile(outJson, 'utf8'), /\*\*\*/);
	});

	it('checks every --out-* path before the first request', async () => {
		const { url, requests } = await echoingServer();
		const dir = await mkdtemp(join(tmpdir(), 'tt-hostile-'));
		const data = join(dir, 'd.jsonl');
		await writeFile(data, '{"problem":"What is 2+3?","answer":"5"}\n');
		await mkdir(join(dir, 'adir'));
		await writeFile(join(dir, 'afile'), 'x');
		const cases: [string, string, RegExp][] = [
			['--out-json', '/proc/self/thinktrim/r.json', /cannot write under \/proc/],
			['--out-csv', join(dir, 'adir'), /is a directory/],
			['--out-html', join(dir, 'afile', 'under-a-file.html'), /cannot create the folder/],
		];
		for (const [flag, path, message] of cases) {
			const { code, err } = await runCli([
				'eval',
				data,
				'--base-url',
				url,
				'--model',
				'm',
				'--dialect',
				'vllm',
				flag,
				path,
			]);
			assert.equal(code, 1);
			assert.match(err, message);
		}
		assert.equal(requests(), 0);
	});

	it('escapes terminal control sequences from a server in human output, keeps JSON exact', async () => {
		const evil = 'think \x1b]0;pwned\x07 \x1b[2J done';
		const s = await startHostileServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'text/event-stream' });
			res.end(
				sseChunk({ reasoning_content: evil }) +
					sseChunk({ content: 'ok\x9b31m' }, 'stop') +
					'data: [DONE]\n\n',
			);
		});
		servers.push(s);
		const human = await runCli([
			'stream',
			'--base-url',
			s.baseUrl,
			'--model',
			'm',
			'--prompt',
			'hi',
			'--dialect',
			'vllm-transition',
			'--no-color',
		]);
		assert.equal(human.code, 0);
		assert.ok(
			!human.out.includes('\x1b') && !human.out.includes('\x07'),
			JSON.stringify(human.out),
		);
		assert.match(human.out, /\\x1b\]0;pwned\\x07/);
		const json = await runCli([
			'stream',
			'--base-url',
			s.baseUrl,
			'--model',
			'm',
			'--prompt',
			'hi',
			'--dialect',
			'vllm-transition',
			'--json',
		]);
		assert.equal((JSON.parse(json.out) as { thinking: string }).thinking, evil);
	});

	it('rejects --idle-timeout 0 and values past one day', async () => {
		for (const value of ['0', '-1', '1e12']) {
			const { code, err } = await runCli([
				'stream',
				'--base-url',
				'http://127.0.0.1:9/v1',
				'--model',
				'm',
				'--prompt',
				'hi',
				'--idle-timeout',
				value,
			]);
			assert.equal(code, 1);
			assert.match(err, /--idle-timeout takes seconds between 0 and 86400/);
		}
	});
});

describe('eval keeps what finished', () => {
	it('writes each finished run to OUT.runs.jsonl while the evaluation is still going', async () => {
		const s = await startHostileServer((req, res) => {
			if (servedModels(req, res)) {
				return;
			}
			let body = '';
			req.on('data', (d: Buffer) => (body += d.toString()));
			req.on('end', () => {
				if (body.includes('hang forever')) {
					res.writeHead(200, { 'content-type': 'text/event-stream' });
					return; // a server that never answers this problem
				}
				res.writeHead(200, { 'content-type': 'text/event-stream' });
				res.end(
					sseChunk({ reasoning_content: 'Two plus three is five.' }) +
						sseChunk({ content: 'The answer is 5.' }, 'stop') +
						'data: [DONE]\n\n',
				);
			});
		});
		servers.push(s);
		const dir = await mkdtemp(join(tmpdir(), 'tt-ledger-'));
		const data = join(dir, 'd.jsonl');
		await writeFile(
			data,
			'{"id":"quick","problem":"What is 2+3?","answer":"5"}\n{"id":"slow","problem":"hang forever","answer":"1"}\n',
		);
		const outJson = join(dir, 'r.json');
		const controller = new AbortController();
		let err = '';
		const io: CliIo = { stdout: () => undefined, stderr: (t) => (err += t) };
		const done = runEval(
			[
				data,
				'--base-url',
				s.baseUrl,
				'--model',
				'm',
				'--dialect',
				'vllm-transition',
				'--policy',
				'budget',
				'--concurrency',
				'1',
				'--idle-timeout',
				'60',
				'--out-json',
				outJson,
			],
			io,
			controller.signal,
		);
		let ledger = '';
		// The first line names the dataset and policies; each further line is one finished run.
		for (
			let i = 0;
			i < 200 && ledger.split('\n').filter((l) => l.includes('"phase"')).length < 2;
			i++
		) {
			await new Promise((r) => setTimeout(r, 50));
			ledger = await readFile(`${outJson}.runs.jsonl`, 'utf8').catch(() => '');
		}
		assert.match(
			ledger.split('\n')[0] ?? '',
			/"format":"thinktrim-eval-runs".*"variants":\["budget"\]/,
		);
		const lines = ledger
			.split('\n')
			.filter((l) => l.includes('"phase"'))
			.map((l) => JSON.parse(l) as { id: string; phase: string; run: { status: string } });
		assert.deepEqual(
			lines.map((l) => [l.id, l.run.status]),
			[
				['quick', 'complete'],
				['quick', 'complete'],
			],
			err,
		);
		controller.abort();
		assert.equal(await done, 130);
		// Kept for --resume (test/unit/cli/evalResume.test.ts), and said so.
		assert.match(await readFile(`${outJson}.runs.jsonl`, 'utf8'), /"quick"/);
		assert.match(err, /run the same command with --resume to continue/);
		assert.match(await readFile(outJson, 'utf8'), /"quick"/);
	});
});
