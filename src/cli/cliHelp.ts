import type { CliCommand } from './cliCommand';

/** Exit codes shared by every command (each command's `--help` lists the ones it uses). */
export const EXIT_CODES: readonly (readonly [number, string])[] = [
	[0, 'success'],
	[1, 'the work failed: a server, file or option value was wrong (the message says which)'],
	[2, 'the command line is wrong: unknown command or option, a missing value'],
	[130, 'stopped with Ctrl-C (stream, eval; what arrived is kept)'],
];

function exitCodeLines(codes: readonly (readonly [number, string])[]): string[] {
	return codes.map(([code, meaning]) => `  ${String(code).padEnd(4)} ${meaning}`);
}

/** `thinktrim --help`: the commands, the exit codes, and where each command's help is. */
export function mainHelp(commands: readonly CliCommand[]): string {
	const lines = ['Usage: thinktrim <command> [options]', '', 'Commands:'];
	for (const c of commands) {
		lines.push(`  ${c.name.padEnd(10)} ${c.summary}`, `             ${c.usage}`);
	}
	lines.push(
		'',
		'Run "thinktrim <command> --help" for a command\'s options, examples and exit codes.',
		'Every command takes --verbose: a failure then prints its causes too.',
		'',
		'Exit codes:',
		...exitCodeLines(EXIT_CODES),
	);
	return `${lines.join('\n')}\n`;
}

/** `thinktrim <command> --help`: what it does, its usage, examples and exit codes. */
export function commandHelp(command: CliCommand): string {
	const lines = [
		`thinktrim ${command.name}: ${command.summary}`,
		'',
		`Usage: ${command.usage}`,
		'',
		'Examples:',
		...command.examples.map((e) => `  ${e}`),
		'',
		'Exit codes:',
		...exitCodeLines(command.exitCodes),
	];
	return `${lines.join('\n')}\n`;
}

/** True when the arguments ask for help (`--help` or `-h` anywhere). */
export function wantsHelp(args: readonly string[]): boolean {
	return args.some((a) => a === '--help' || a === '-h');
}
