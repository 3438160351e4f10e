// Issue 15: the CLI reports every failure one way (src/cli/errorOutput.ts): the message, then the error's
// actions as hints (Open Settings → the flag that sets it, Open Log → --verbose and the causes), and the
// exit code. Most tests run real commands that fail; a closed port stands in for a server that is down.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { errorLines, SETTING_FLAGS } from '../../../src/cli/errorOutput';
import { openSettings, UserError } from '../../../src/shared/userError';
import { runCli } from './runCli';

const ROOT = join(__dirname, '..', '..', '..');

/** A port nothing listens on: bound, then closed, so a connection is refused. */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	await new Promise<void>((resolve) => server.close(() => resolve()));
	assert.ok(address !== null && typeof address === 'object');
	return address.port;
}

describe('thinktrim reports failures one way', () => {
	let dir: string;
	let dataset: string;
	let baseUrl: string;
	const savedBaseUrl = process.env.THINKTRIM_BASE_URL;
	before(async () => {
		delete process.env.THINKTRIM_BASE_URL;
		dir = mkdtempSync(join(tmpdir(), 'thinktrim-errors-'));
		dataset = join(dir, 'problems.jsonl');
		writeFileSync(dataset, '{"id": "p1", "problem": "What is 2 + 2?"}\n');
		baseUrl = `http://127.0.0.1:${await closedPort()}/v1`;
	});
	after(() => {
		if (savedBaseUrl !== undefined) {
			process.env.THINKTRIM_BASE_URL = savedBaseUrl;
		}
		rmSync(dir, { recursive: true, force: true });
	});

	it('a missing setting: the message, then the flag that sets it; exit 1', async () => {
		const { code, err } = await runCli(['stream', '--prompt', 'What is 2 + 2?']);
		assert.equal(code, 1);
		assert.equal(
			err,
			'thinktrim stream: --base-url is required (e.g. http://host:8000/v1)\n  hint: set it with --base-url\n',
		);
	});

	it('a server that is down: the one-line message, the flag to fix, and --verbose for the cause', async () => {
		const { code, err } = await runCli([
			'eval',
			dataset,
			'--base-url',
			baseUrl,
			'--max-retries',
			'0',
		]);
		assert.equal(code, 1);
		const lines = err.trimEnd().split('\n');
		assert.match(lines[0] ?? '', /^thinktrim eval: .*127\.0\.0\.1/);
		assert.deepEqual(lines.slice(1), [
			'  hint: set it with --base-url',
			'  hint: run again with --verbose to see the cause',
		]);
	});

	it('--verbose prints the cause chain instead of the hint (the CLI side of Open Log)', async () => {
		const { code, err } = await runCli([
			'eval',
			dataset,
			'--base-url',
			baseUrl,
			'--max-retries',
			'0',
			'--verbose',
		]);
		assert.equal(code, 1);
		const lines = err.trimEnd().split('\n');
		assert.equal(lines[1], '  hint: set it with --base-url');
		const causes = lines.slice(2);
		assert.ok(causes.length > 0, err);
		assert.ok(
			causes.every((l) => l.startsWith('  cause: ')),
			err,
		);
		assert.match(causes.join('\n'), /ECONNREFUSED|refused/i);
		assert.ok(!err.includes('--verbose to see'), err);
	});

	it('a stream that fails after it started is reported the same way', async () => {
		const { code, err } = await runCli([
			'stream',
			'--base-url',
			baseUrl,
			'--model',
			'm',
			'--prompt',
			'hi',
			'--max-retries',
			'0',
		]);
		assert.equal(code, 1);
		assert.match(
			err,
			/^thinktrim stream: .+\n {2}hint: run again with --verbose to see the cause\n$/,
		);
	});

	it('a wrong command line: exit 2 and where the options are, in every command', async () => {
		for (const [args, message] of [
			[['thoughts', '--think-markers', 'x'], /^thinktrim thoughts: thinking markers "x"/],
			[
				['analyze', '--split', 'test'],
				/^thinktrim analyze: --split must be train, dev, train-fold-K-of-N or train-rest-K-of-N/,
			],
			[['render', 'x.jsonl'], /^thinktrim render: usage: thinktrim render/],
		] as const) {
			const { code, err } = await runCli([...args]);
			assert.equal(code, 2, err);
			assert.match(err, message);
			assert.match(err, new RegExp(`\\(thinktrim ${args[0]} --help lists the options\\)\\n$`));
		}
	});

	it('a setting no flag sets is named as the editor setting; causes nest', () => {
		const err = new UserError('Cannot read the chat template x.json', {
			cause: new Error('read failed', { cause: new Error('ENOENT: no such file') }),
			actions: [openSettings('thinktrim.endpoint.chatTemplate')],
		});
		assert.deepEqual(errorLines(err, { command: 'stream', verbose: true }), [
			'thinktrim stream: Cannot read the chat template x.json',
			"  hint: no flag sets this; it is the editor's setting thinktrim.endpoint.chatTemplate",
			'  cause: read failed',
			'  cause: ENOENT: no such file',
		]);
		assert.deepEqual(errorLines('a string', { verbose: false }), ['thinktrim: a string']);
	});

	it('every flag a setting maps to is an option of some command', () => {
		const cli = readdirSync(join(ROOT, 'src', 'cli'))
			.filter((f) => f.endsWith('Command.ts') || f === 'clientLimits.ts')
			.map((f) => readFileSync(join(ROOT, 'src', 'cli', f), 'utf8'))
			.join('\n');
		for (const [setting, flag] of Object.entries(SETTING_FLAGS)) {
			assert.ok(cli.includes(`'${flag.slice(2)}'`), `${setting}: no command takes ${flag}`);
		}
	});

	it('the real process exits with the code and prints the hint on stderr', () => {
		const env = { ...process.env };
		delete env.THINKTRIM_BASE_URL;
		const r = spawnSync(
			process.execPath,
			['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), 'stream', '--prompt', 'hi'],
			{ cwd: ROOT, encoding: 'utf8', timeout: 60_000, env },
		);
		assert.equal(r.status, 1, r.stderr);
		assert.equal(r.stdout, '');
		assert.match(r.stderr, /--base-url is required .*\n {2}hint: set it with --base-url\n$/);
	});
});
