// Every sub-command answers --help (before: "thinktrim analyze --help" printed "unknown option --help"),
// with usage, examples and exit codes; a wrong command line exits 2 and points at --help.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS, main } from '../../../src/cli/commands';
import { capturedIo } from './runCli';

const ROOT = join(__dirname, '..', '..', '..');

describe('thinktrim <command> --help', () => {
	for (const command of COMMANDS) {
		it(`${command.name} --help and -h print usage, examples and exit codes, and exit 0`, async () => {
			for (const flag of ['--help', '-h']) {
				const c = capturedIo();
				// Help wins over anything else on the line, even options the command would refuse.
				const code = await main([command.name, '--no-such-option', flag], c.io);
				assert.equal(code, 0, c.err());
				assert.equal(c.err(), '');
				const text = c.out();
				assert.match(text, new RegExp(`^thinktrim ${command.name}: `));
				assert.ok(text.includes(`Usage: thinktrim ${command.name}`), text);
				const examples = text
					.slice(text.indexOf('Examples:'), text.indexOf('Exit codes:'))
					.split('\n')
					.slice(1)
					.filter((l) => l.trim() !== '');
				assert.ok(examples.length >= 2, `at least two examples:\n${text}`);
				assert.ok(
					examples.every((e) => e.trim().startsWith(`thinktrim ${command.name} `)),
					text,
				);
				assert.match(text, /Exit codes:\n {2}0 {4}\S/);
			}
		});
	}

	it('thinktrim help analyze is thinktrim analyze --help; thinktrim --help lists the exit codes', async () => {
		const a = capturedIo();
		const b = capturedIo();
		assert.equal(await main(['help', 'analyze'], a.io), 0);
		assert.equal(await main(['analyze', '--help'], b.io), 0);
		assert.equal(a.out(), b.out());
		const top = capturedIo();
		assert.equal(await main(['--help'], top.io), 0);
		assert.match(top.out(), /Exit codes:\n {2}0 {4}success\n {2}1 .*\n {2}2 .*\n {2}130 /);
		assert.ok(top.out().includes('thinktrim <command> --help'));
	});

	it('exits 2 on an unknown option or a missing value and says where the options are', async () => {
		for (const args of [
			['thoughts', '--frobnicate'],
			['stream', '--base-url'],
			['eval', 'd.jsonl', '--nope'],
			['gateway', '--bogus', 'x'],
		]) {
			const c = capturedIo();
			const code = await main(args, c.io);
			assert.equal(code, 2, `${args.join(' ')}: ${c.err()}`);
			assert.match(
				c.err(),
				new RegExp(
					`^thinktrim ${args[0]}: (unknown option|--\\S+ needs a value).*\\(thinktrim ${args[0]} --help lists the options\\)\\n$`,
				),
			);
		}
	});

	it('the real process: analyze --help exits 0 with the examples, an unknown command exits 2', () => {
		const cli = (args: string[]): { status: number | null; stdout: string } => {
			const r = spawnSync(
				process.execPath,
				['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), ...args],
				{ cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
			);
			return { status: r.status, stdout: `${r.stdout}${r.stderr}${String(r.error ?? '')}` };
		};
		const help = cli(['analyze', '--help']);
		assert.equal(help.status, 0);
		assert.ok(help.stdout.includes('Examples:\n  thinktrim analyze '), help.stdout);
		assert.ok(!help.stdout.includes('unknown option --help'), help.stdout);
		assert.equal(cli(['frobnicate']).status, 2);
	});
});
