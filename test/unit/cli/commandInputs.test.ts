import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { clientOptionsFrom } from '../../../src/cli/clientLimits';
import { numberFlag, wholeAtLeast } from '../../../src/cli/cliCommand';
import { runCli } from './runCli';

const dir = mkdtempSync(join(tmpdir(), 'thinktrim-inputs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function options(entries: Record<string, string | true>): Map<string, string | true> {
	return new Map(Object.entries(entries));
}

/** `stream` against port 9 (discard), which is never asked: a bad flag is refused first. */
function streamWith(...flags: string[]): ReturnType<typeof runCli> {
	return runCli(['stream', '--base-url', 'http://127.0.0.1:9/v1', '--prompt', 'hi', ...flags]);
}

describe('the client flags every networked command shares', () => {
	it('become the stream client options: key, dialect, limits, retries and TLS', () => {
		const got = clientOptionsFrom(
			options({
				'api-key': 'sk-flag',
				dialect: 'sglang',
				'idle-timeout': '30',
				'max-event-mb': '2',
				'max-retries': '3',
				'ca-file': 'ca.pem',
				'cert-file': 'client.pem',
				'key-file': 'client.key',
				insecure: true,
			}),
			'http://gpu:8000/v1',
		);
		assert.deepEqual(got, {
			baseUrl: 'http://gpu:8000/v1',
			apiKey: 'sk-flag',
			dialect: 'sglang',
			idleTimeoutMs: 30_000,
			maxEventBytes: 2 * 1024 * 1024,
			maxRetries: 3,
			tls: {
				caFile: 'ca.pem',
				certFile: 'client.pem',
				keyFile: 'client.key',
				rejectUnauthorized: false,
			},
		});
	});

	it('take the key from THINKTRIM_API_KEY when no flag gives one, and verify TLS by default', () => {
		const before = process.env.THINKTRIM_API_KEY;
		process.env.THINKTRIM_API_KEY = 'sk-env';
		try {
			const got = clientOptionsFrom(options({}), 'http://gpu:8000/v1');
			assert.equal(got.apiKey, 'sk-env');
			assert.equal(got.dialect, 'auto');
			assert.equal(got.maxRetries, undefined);
			assert.equal(got.tls?.rejectUnauthorized, true);
		} finally {
			if (before === undefined) {
				delete process.env.THINKTRIM_API_KEY;
			} else {
				process.env.THINKTRIM_API_KEY = before;
			}
		}
	});

	it('refuse retries that are not a whole number of at least 0, naming the flag', () => {
		for (const bad of ['1.5', '-1', 'two', '']) {
			assert.throws(
				() => clientOptionsFrom(options({ 'max-retries': bad }), 'http://gpu:8000/v1'),
				/--max-retries needs/,
				bad,
			);
		}
	});

	it('are checked by `stream` before any request: a fractional retry count is a usage error', async () => {
		const { code, err } = await streamWith('--max-retries', '1.5');
		assert.notEqual(code, 0);
		assert.match(err, /--max-retries needs a whole number of at least 0, got "1\.5"/);
	});

	it('are checked by `eval` before the dataset is read', async () => {
		const { code, err } = await runCli([
			'eval',
			join(dir, 'no-such-dataset.jsonl'),
			'--base-url',
			'http://127.0.0.1:9/v1',
			'--idle-timeout',
			'0',
		]);
		assert.notEqual(code, 0);
		assert.match(err, /--idle-timeout takes seconds/);
		assert.doesNotMatch(err, /no-such-dataset/);
	});
});

describe('numeric flags', () => {
	it('read the number, or nothing when the flag is absent', () => {
		const flags = options({ limit: '1e3', temperature: '0.6' });
		assert.equal(numberFlag(flags, 'limit', wholeAtLeast(1), 'a whole number'), 1000);
		assert.equal(
			numberFlag(flags, 'temperature', (n) => n >= 0, 'a number'),
			0.6,
		);
		assert.equal(numberFlag(flags, 'seed', Number.isInteger, 'an integer'), undefined);
	});

	it('refuse what the check refuses, an empty value and a non-number, naming the flag and the value', () => {
		for (const bad of ['2.5', '0', '', 'ten', 'Infinity']) {
			assert.throws(
				() =>
					numberFlag(
						options({ limit: bad }),
						'limit',
						wholeAtLeast(1),
						'a whole number of at least 1',
					),
				new RegExp(`^Error: --limit needs a whole number of at least 1, got "${bad}"$`),
				bad,
			);
		}
	});

	it('give `gateway` and `emulate` the same port check: a blank or too large port is refused', async () => {
		for (const [command, extra] of [
			['gateway', ['--upstream', 'http://127.0.0.1:9/v1']],
			['emulate', ['--quiet']],
		] as const) {
			for (const port of [' ', '65536']) {
				const { code, err } = await runCli([command, ...extra, '--port', port]);
				assert.notEqual(code, 0, `${command} --port "${port}"`);
				assert.match(err, new RegExp(`--port needs a port number, got "${port}"`));
			}
		}
	});

	it('are checked the same way by `stream` as by `eval`: no zero --max-tokens', async () => {
		const { code, err } = await streamWith('--model', 'm', '--max-tokens', '0');
		assert.notEqual(code, 0);
		assert.match(err, /--max-tokens needs a whole number of at least 1, got "0"/);
	});
});

describe('trace files read by `thoughts` and `analyze`', () => {
	const sample = readFileSync(join(__dirname, '../../../media/traces/samples.jsonl'), 'utf8')
		.split('\n')
		.find((l) => l.trim() !== '');

	for (const command of ['thoughts', 'analyze']) {
		it(`${command}: a bad line is named with its file and line and skipped; the rest is read`, async () => {
			const file = join(dir, `${command}-mixed.jsonl`);
			writeFileSync(file, `${sample}\n{"id": "no-thinking"}\n`);
			const { code, out, err } = await runCli([command, file, '--json']);
			assert.equal(code, 1);
			assert.match(err, /-mixed\.jsonl:2: trace "no-thinking" has no "thinking" text; skipped/);
			const first = JSON.parse(out.trim().split('\n')[0] ?? '{}') as { id?: string };
			assert.equal(typeof first.id, 'string', 'the good trace was still read');
		});

		it(`${command}: an unreadable file and a file with no trace are said, and the exit code is 1`, async () => {
			const empty = join(dir, `${command}-empty.jsonl`);
			writeFileSync(empty, '\n');
			const missing = join(dir, `${command}-missing.jsonl`);
			const { code, err } = await runCli([command, missing, empty, '--json']);
			assert.equal(code, 1);
			assert.match(err, /-missing\.jsonl: cannot read \(/);
			assert.match(err, /no traces in .*-empty\.jsonl/);
		});
	}
});

describe('files named by other flags', () => {
	it('`thoughts --id` that matches no trace names the files it looked in', async () => {
		const file = join(dir, 'one-sample.jsonl');
		writeFileSync(
			file,
			readFileSync(join(__dirname, '../../../media/traces/samples.jsonl'), 'utf8').split('\n')[0] ??
				'',
		);
		const { code, err } = await runCli(['thoughts', file, '--id', 'nope']);
		assert.equal(code, 1);
		assert.match(err, /^no trace in .*one-sample\.jsonl has the id "nope"$/m);
	});

	it('are said by what they were meant to be, with the path, when they cannot be read', async () => {
		const missing = join(dir, 'absent');
		const cases: [string[], RegExp][] = [
			[
				['emulate', '--port', '0', '--traces', `${missing}.jsonl`],
				/^thinktrim emulate: cannot read the traces file .*absent\.jsonl \(ENOENT/,
			],
			[
				['emulate', '--port', '0', '--tls-cert', `${missing}.pem`, '--tls-key', `${missing}.key`],
				/^thinktrim emulate: cannot read the TLS certificate file .*absent\.pem \(ENOENT/,
			],
			[
				['stream', '--base-url', 'http://127.0.0.1:9/v1', '--prompt-file', `${missing}.txt`],
				/^thinktrim stream: cannot read the prompt file .*absent\.txt \(ENOENT/,
			],
		];
		for (const [args, message] of cases) {
			const { code, err } = await runCli(args);
			assert.equal(code, 1, args.join(' '));
			assert.match(err, message);
		}
	});
});
