import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../src/cli/commands';
import { RUN_COLUMNS } from '../../../src/core/dataset/exportCsv';
import { parseEvaluationJson } from '../../../src/core/dataset/exportJson';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/server';
import { FAST, parseCsv, sampleDataset } from '../dataset/fixtures';
import { capturedIo } from './runCli';

describe('thinktrim eval', () => {
	const { traces, jsonl } = sampleDataset(3);
	let emulator: RunningEmulator;
	let dir: string;
	let dataset: string;
	before(async () => {
		emulator = await startEmulator({ traces, ...FAST });
		dir = mkdtempSync(join(tmpdir(), 'thinktrim-eval-'));
		dataset = join(dir, 'problems.jsonl');
		writeFileSync(dataset, `${jsonl}\n{"id": "no-problem"}\n`);
	});
	after(async () => {
		await emulator.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('evaluates the dataset, prints progress and the summary, and writes the exports', async () => {
		const c = capturedIo();
		const out = join(dir, 'out');
		const code = await main(
			[
				'eval',
				dataset,
				'--base-url',
				emulator.url,
				'--policy',
				'trimr,dynasor',
				'--concurrency',
				'2',
				'--out-json',
				join(out, 'e.json'),
				'--out-csv',
				join(out, 'e.csv'),
				'--out-html',
				join(out, 'e.html'),
				'--out-summary-csv',
				join(out, 's.csv'),
			],
			c.io,
		);
		assert.equal(code, 0, c.err());
		assert.match(c.err(), /problems\.jsonl:4: missing "problem" .* \(skipped\)/);
		assert.match(c.err(), /Evaluating 3 problem\(s\) × 3 run\(s\)/);
		assert.equal(c.err().match(/^\[\d\/3\] /gm)?.length, 9, 'one progress line per run');
		const lines = c.out().trimEnd().split('\n');
		assert.match(lines[0] ?? '', /^run\s+compared\s+errors\s+cuts\s+accuracy/);
		assert.match(lines[1] ?? '', /^untrimmed\s+3\s+0/);
		assert.match(lines[2] ?? '', /^TrimR\s+3\s+0/);
		assert.match(lines[3] ?? '', /^Dynasor\s+3\s+0/);
		const evaluation = parseEvaluationJson(readFileSync(join(out, 'e.json'), 'utf8'));
		assert.equal(evaluation.problems.length, 3);
		assert.equal(evaluation.skippedLines.length, 1);
		assert.equal(evaluation.settings.model, emulator.state.models[0]);
		assert.equal(parseCsv(readFileSync(join(out, 'e.csv'), 'utf8')).length, 1 + 9);
		assert.deepEqual(parseCsv(readFileSync(join(out, 'e.csv'), 'utf8'))[0], [...RUN_COLUMNS]);
		assert.equal(parseCsv(readFileSync(join(out, 's.csv'), 'utf8')).length, 1 + 2);
		assert.match(readFileSync(join(out, 'e.html'), 'utf8'), /<h2>Accuracy against savings<\/h2>/);
	});

	it('--online: DEER and Dynasor ask the model over /v1/completions; the summary has the makespan', async () => {
		// Paced, so that the chains still stream when the trials and probes go out (as against a real server).
		const paced = await startEmulator({
			traces,
			...FAST,
			tokensPerSecond: 2000,
			tokensPerChunk: 4,
		});
		try {
			const c = capturedIo();
			const json = join(dir, 'online.json');
			const code = await main(
				[
					'eval',
					dataset,
					'--base-url',
					paced.url,
					'--policy',
					'deer,dynasor',
					'--online',
					'--concurrency',
					'2',
					'--quiet',
					'--out-json',
					json,
				],
				c.io,
			);
			assert.equal(code, 0, c.err());
			const evaluation = parseEvaluationJson(readFileSync(json, 'utf8'));
			assert.equal(evaluation.settings.online, true);
			const completions = paced.log.entries.filter((e) => e.kind === 'completion');
			assert.ok(
				completions.some((e) => e.continuation?.source.startsWith('trial-') === true),
				'DEER trial answers',
			);
			assert.ok(
				completions.some(
					(e) =>
						typeof (e.body as { prompt?: unknown }).prompt === 'string' &&
						/\\boxed\{$/.test((e.body as { prompt: string }).prompt),
				),
				'Dynasor probes',
			);
			assert.match(c.out(), /makespan @2 +makespan saved +time\/token +verifier\/run/);
			for (const a of evaluation.aggregates) {
				assert.equal(a.makespan?.concurrency, 2);
				assert.ok((a.makespan?.untrimmedMs ?? 0) > 0);
			}
		} finally {
			await paced.close();
		}
	});

	it('honours --limit and --sweep', async () => {
		const c = capturedIo();
		const json = join(dir, 'limited.json');
		const code = await main(
			[
				'eval',
				dataset,
				'--base-url',
				emulator.url,
				'--sweep',
				'trimr:M=1,3',
				'--limit',
				'2',
				'--quiet',
				'--out-json',
				json,
			],
			c.io,
		);
		assert.equal(code, 0, c.err());
		const evaluation = parseEvaluationJson(readFileSync(json, 'utf8'));
		assert.equal(evaluation.problems.length, 2);
		assert.deepEqual(
			evaluation.variants.map((v) => v.key),
			['trimr:M=1', 'trimr:M=3'],
		);
		assert.doesNotMatch(c.err(), /^\[/m, '--quiet leaves out the per-run lines');
	});

	it('fails with one line when the server is unreachable, before any run', async () => {
		const dead = await startEmulator({ traces, ...FAST });
		const url = dead.url;
		await dead.close();
		const c = capturedIo();
		const json = join(dir, 'never.json');
		const code = await main(
			['eval', dataset, '--base-url', url, '--max-retries', '0', '--out-json', json],
			c.io,
		);
		assert.equal(code, 1);
		const lines = c
			.err()
			.trimEnd()
			.split('\n')
			// Hints follow the one line (src/cli/errorOutput.ts).
			.filter((l) => !l.includes('(skipped)') && !l.startsWith('  hint: '));
		assert.equal(lines.length, 1, c.err());
		assert.match(lines[0] ?? '', /^thinktrim eval: .*(refused|connect)/i);
		assert.ok(c.err().includes('\n  hint: set it with --base-url\n'), c.err());
		assert.equal(c.out(), '');
		assert.equal(existsSync(json), false);
	});

	it('fails with one line on a bad option, a wrong model or a missing file', async () => {
		delete process.env.THINKTRIM_BASE_URL;
		const cases: Array<[string[], RegExp]> = [
			[
				['eval', dataset, '--base-url', emulator.url, '--sweep', 'trimr:Q=1'],
				/unknown parameter "Q" for trimr/,
			],
			[
				['eval', dataset, '--base-url', emulator.url, '--model', 'nope'],
				/does not serve the model "nope"; it lists/,
			],
			[
				['eval', join(dir, 'missing.jsonl'), '--base-url', emulator.url],
				/cannot read the dataset .*missing\.jsonl \(ENOENT/,
			],
			[
				['eval', dataset, '--base-url', emulator.url, '--verifier', 'llm'],
				/--verifier llm needs --verifier-url URL and --verifier-model M/,
			],
			[['eval', dataset], /--base-url is required/],
		];
		for (const [args, message] of cases) {
			const c = capturedIo();
			const code = await main(args, c.io);
			assert.equal(code, 1, args.join(' '));
			const lines = c
				.err()
				.trimEnd()
				.split('\n')
				// Hints follow the one line (src/cli/errorOutput.ts).
				.filter((l) => !l.includes('(skipped)') && !l.startsWith('  hint: '));
			assert.equal(lines.length, 1, c.err());
			assert.match(lines[0] ?? '', message);
		}
	});
});
