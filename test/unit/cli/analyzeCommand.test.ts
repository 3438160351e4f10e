import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from './runCli';

const dir = mkdtempSync(join(tmpdir(), 'thinktrim-analyze-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const samples = readFileSync(join(__dirname, '../../../media/traces/samples.jsonl'), 'utf8')
	.split('\n')
	.filter((l) => l.trim() !== '');

describe('thinktrim analyze', () => {
	it('prints one JSON object per trace, then the summary line, with --json', async () => {
		const file = join(dir, 'good.jsonl');
		writeFileSync(file, `${samples.slice(0, 5).join('\n')}\n`);
		const { code, out, err } = await runCli(['analyze', file, '--json']);
		assert.equal(err, '');
		assert.equal(code, 0);
		const lines = out
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l) as Record<string, unknown>);
		assert.equal(lines.length, 6);
		const first = lines[0] ?? {};
		for (const key of [
			'id',
			'thoughts',
			'thinkingTokens',
			'cut',
			'keptTokens',
			'savedTokens',
			'answerAtCut',
			'finalAnswer',
			'flipped',
			'oracle',
		]) {
			assert.ok(key in first, `per-trace key ${key}`);
		}
		const traces = lines.slice(0, 5);
		for (const t of traces) {
			assert.equal((t.keptTokens as number) + (t.savedTokens as number), t.thinkingTokens);
			const cut = t.cut as { thought: number; tokenOffset: number; trigger: string } | null;
			if (cut !== null) {
				assert.deepEqual(Object.keys(cut), ['thought', 'tokenOffset', 'trigger']);
				assert.equal(cut.tokenOffset, t.keptTokens);
			}
			assert.deepEqual(Object.keys(t.oracle as object), ['thought', 'tokenOffset', 'savedTokens']);
		}
		const summary = (lines[5] as { summary: Record<string, unknown> }).summary;
		assert.equal(summary.traces, 5);
		assert.equal(summary.policy, 'trimr');
		assert.equal(
			summary.thinkingTokens,
			traces.reduce((n, t) => n + (t.thinkingTokens as number), 0),
		);
		assert.equal(
			summary.savedTokens,
			traces.reduce((n, t) => n + (t.savedTokens as number), 0),
		);
		assert.equal(summary.flips, traces.filter((t) => t.flipped === true).length);
		// The flip rate's 95 % interval holds the measured rate and is wide on five chains.
		const [low, high] = summary.flipRateInterval as [number, number];
		const rate = Number(summary.flips) / 5;
		assert.ok(low <= rate && rate <= high && high - low > 0.3, `[${low}, ${high}] around ${rate}`);
	});

	it('reports a bad record with file:line on stderr, analyses the rest, and exits 1', async () => {
		const file = join(dir, 'mixed.jsonl');
		writeFileSync(file, [samples[0], '{not json', '{"id": "no-thinking"}', samples[1]].join('\n'));
		const { code, out, err } = await runCli([
			'analyze',
			file,
			'--json',
			'--policy',
			'budget',
			'--budget',
			'500',
		]);
		assert.equal(code, 1);
		assert.match(
			err,
			new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: not valid JSON`),
		);
		assert.match(err, /:3: trace "no-thinking" has no "thinking" text; skipped/);
		const lines = out
			.trim()
			.split('\n')
			.map((l) => JSON.parse(l) as Record<string, unknown>);
		assert.equal(lines.length, 3);
		assert.equal((lines[2] as { summary: { traces: number; policy: string } }).summary.traces, 2);
		assert.equal((lines[0]?.cut as { trigger: string; tokenOffset: number }).trigger, 'budget');
		assert.equal((lines[0]?.cut as { tokenOffset: number }).tokenOffset, 500);
	});

	it('prints a table and the summary without --json, and runs every policy', async () => {
		const file = join(dir, 'table.jsonl');
		writeFileSync(file, `${samples.slice(0, 3).join('\n')}\n`);
		for (const policy of ['trimr', 'dynasor', 'deer', 'budget', 'none']) {
			const { code, out } = await runCli(['analyze', file, '--policy', policy]);
			assert.equal(code, 0, policy);
			assert.match(out, /^heuristic verifier/);
			assert.match(out, /tegra-dsr1\.5-aime24-b4096-60/);
			assert.match(out, new RegExp(`3 traces, \\d+ thinking tokens, policy ${policy}: \\d+ cut`));
			assert.match(out, /\d flips \([\d.]+ %, 95 % interval [\d.]+–[\d.]+ %\)/);
		}
	});

	it('rejects bad options with a usage error (exit 2) and reports unreadable files', async () => {
		assert.equal((await runCli(['analyze', '--policy', 'fast'])).code, 2);
		assert.match((await runCli(['analyze', '--verifier', 'llm'])).err, /needs --verifier-url URL/);
		assert.equal((await runCli(['analyze', '--verifier-url', 'http://127.0.0.1:1/v1'])).code, 2);
		assert.equal((await runCli(['analyze', '--budget', '-3'])).code, 2);
		const missing = await runCli(['analyze', join(dir, 'nope.jsonl'), '--json']);
		assert.equal(missing.code, 1);
		assert.match(missing.err, /nope\.jsonl: cannot read/);
		// As a table: the error and the summary, no empty table head around them.
		const mistyped = await runCli(['analyze', join(dir, 'nope.jsonl')]);
		assert.equal(mistyped.code, 1);
		assert.match(mistyped.err, /nope\.jsonl: cannot read/);
		assert.doesNotMatch(mistyped.out, /answer at cut → final/);
		assert.match(mistyped.out, /^0 traces, 0 thinking tokens, policy trimr/);
	});

	it('uses the LLM verifier when asked and falls back, saying so, when it is unreachable', async () => {
		const file = join(dir, 'llm.jsonl');
		writeFileSync(file, `${samples[2]}\n`);
		const { code, out } = await runCli([
			'analyze',
			file,
			'--json',
			'--verifier',
			'llm',
			'--verifier-url',
			'http://127.0.0.1:9/v1',
			'--verifier-model',
			'm',
		]);
		assert.equal(code, 0);
		const trace = JSON.parse(out.split('\n')[0] ?? '{}') as { verifierFallbacks: number };
		assert.ok(trace.verifierFallbacks > 0);
	});
});
