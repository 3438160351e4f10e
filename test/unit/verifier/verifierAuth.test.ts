// A verifier endpoint that rejects the key (401) or refuses access (403): the CLI says which endpoint and
// what to do, never prints the key (even when the server echoes it), records the fallback in the JSON
// ("heuristic (fallback: 401 from URL)") and exits non-zero under --strict. The verifier and the reasoning
// server are small real HTTP servers in the test.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../cli/runCli';
import type { DatasetEvaluation } from '../../../src/core/dataset/evaluationTypes';
import {
	sseChunk,
	servedModels,
	startHostileServer,
	type HostileServer,
} from '../../harness/hostileServer';

const KEY = 'sk-verifier-9c8b7a6f5e4d';
const servers: HostileServer[] = [];
after(async () => {
	await Promise.all(servers.map((s) => s.close()));
});

/** A verifier server that answers every request with `status`, echoing the Authorization header it got. */
async function refusingVerifier(status: number): Promise<{ url: string; chats: () => number }> {
	let chats = 0;
	const s = await startHostileServer((req, res) => {
		if (req.url?.endsWith('/chat/completions') === true) {
			chats++;
		}
		res.writeHead(status, { 'content-type': 'application/json' });
		res.end(
			JSON.stringify({
				error: { message: `bad credentials: ${req.headers.authorization ?? 'none'}`, code: status },
			}),
		);
	});
	servers.push(s);
	return { url: s.baseUrl, chats: () => chats };
}

async function run(
	args: string[],
	env: Record<string, string | undefined> = {},
): Promise<{ code: number; out: string; err: string }> {
	const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
	for (const [k, v] of Object.entries(env)) {
		if (v === undefined) {
			delete process.env[k];
		} else {
			process.env[k] = v;
		}
	}
	try {
		return await runCli(args);
	} finally {
		for (const [k, v] of Object.entries(saved)) {
			if (v === undefined) {
				delete process.env[k];
			} else {
				process.env[k] = v;
			}
		}
	}
}

async function traceFile(): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'tt-vauth-'));
	const file = join(dir, 't.jsonl');
	const thinking =
		'First I add two and three, so the answer is 5.\n\nWait, let me double check that sum. Two and three make 5.\n\nAlternatively, counting up from three: four, five. So it is 5.';
	await writeFile(
		file,
		`${JSON.stringify({ id: 't1', problem: 'What is 2+3?', thinking, final: 'The answer is 5.' })}\n`,
	);
	return file;
}

describe('a verifier endpoint that refuses the key', () => {
	it('analyze names the endpoint and what to do, keeps the key out, and records the fallback', async () => {
		const verifier = await refusingVerifier(401);
		const file = await traceFile();
		const args = [
			'analyze',
			file,
			'--verifier',
			'llm',
			'--verifier-url',
			verifier.url,
			'--verifier-model',
			'v',
			'--json',
		];
		const loose = await run(args, { THINKTRIM_VERIFIER_API_KEY: KEY });
		assert.ok(verifier.chats() > 0, 'the verifier was asked');
		assert.equal(loose.code, 0, loose.err);
		assert.ok(!loose.out.includes(KEY) && !loose.err.includes(KEY));
		assert.match(
			loose.err,
			new RegExp(
				`the verifier endpoint ${verifier.url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} rejected its API key \\(HTTP 401\\): set the verifier's key \\(CLI: --verifier-api-key or THINKTRIM_VERIFIER_API_KEY`,
			),
		);
		assert.match(loose.err, /the heuristic verifier judged every verdict instead/);
		const summary = (
			JSON.parse(loose.out.trim().split('\n').at(-1) ?? '{}') as { summary: { verifier: string } }
		).summary;
		assert.equal(summary.verifier, `heuristic (fallback: 401 from ${verifier.url})`);
		const strict = await run([...args, '--strict'], { THINKTRIM_VERIFIER_API_KEY: KEY });
		assert.equal(strict.code, 1);
	});

	it('says when no key is set, and when access is refused (403)', async () => {
		const file = await traceFile();
		const noKey = await refusingVerifier(401);
		const a = await run(
			['analyze', file, '--verifier', 'llm', '--verifier-url', noKey.url, '--verifier-model', 'v'],
			{ THINKTRIM_VERIFIER_API_KEY: undefined },
		);
		assert.match(a.err, /needs an API key \(HTTP 401\) and none is set/);
		const forbidden = await refusingVerifier(403);
		const b = await run(
			[
				'analyze',
				file,
				'--verifier',
				'llm',
				'--verifier-url',
				forbidden.url,
				'--verifier-model',
				'v',
				'--verifier-api-key',
				KEY,
			],
			{ THINKTRIM_VERIFIER_API_KEY: undefined },
		);
		assert.match(b.err, /refused access with its API key \(HTTP 403\)/);
		assert.ok(!b.err.includes(KEY) && !b.out.includes(KEY));
	});

	it('eval says so, writes it into the JSON export, and fails under --strict', async () => {
		const verifier = await refusingVerifier(401);
		const reasoning = await startHostileServer((req, res) => {
			if (servedModels(req, res)) {
				return;
			}
			req.resume();
			req.on('end', () => {
				res.writeHead(200, { 'content-type': 'text/event-stream' });
				res.end(
					sseChunk({
						reasoning_content:
							'Adding two and three, the answer is 5.\n\nWait, let me check again: it is 5.',
					}) +
						sseChunk({ content: 'The answer is 5.' }, 'stop') +
						'data: [DONE]\n\n',
				);
			});
		});
		servers.push(reasoning);
		const dir = await mkdtemp(join(tmpdir(), 'tt-vauth-eval-'));
		const data = join(dir, 'd.jsonl');
		await writeFile(data, '{"id":"a","problem":"What is 2+3?","answer":"5"}\n');
		const out = join(dir, 'r.json');
		const args = [
			'eval',
			data,
			'--base-url',
			reasoning.baseUrl,
			'--model',
			'm',
			'--dialect',
			'vllm-transition',
			'--policy',
			'trimr',
			'--verifier',
			'llm',
			'--verifier-url',
			verifier.url,
			'--verifier-model',
			'v',
			'--verifier-api-key',
			KEY,
			'--out-json',
			out,
			'--quiet',
		];
		const loose = await run(args);
		assert.equal(loose.code, 0, loose.err);
		assert.match(
			loose.err,
			/thinktrim eval: the LLM verifier failed and the heuristic verifier judged every verdict instead: the verifier endpoint .* rejected its API key \(HTTP 401\)/,
		);
		assert.ok(!loose.err.includes(KEY) && !loose.out.includes(KEY));
		const json = await readFile(out, 'utf8');
		assert.ok(!json.includes(KEY));
		assert.equal(
			(JSON.parse(json) as DatasetEvaluation).settings.verifier,
			`heuristic (fallback: 401 from ${verifier.url})`,
		);
		const strict = await run([...args, '--strict']);
		assert.equal(strict.code, 1);
		assert.match(strict.err, /fell back to the heuristic \(--strict\)/);
	});
});
