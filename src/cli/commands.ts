import { processIo, type CliCommand, type CliIo } from './cliCommand';
import { configuredSecrets, safeIo } from './safeOutput';
import { thoughtsCommand } from './thoughtsCommand';
import { renderCommand } from './renderCommand';
import { analyzeCommand } from './analyzeCommand';
import { streamCommand } from './streamCommand';
import { emulateCommand } from './emulateCommand';
import { evalCommand } from './evalCommand';
import { gatewayCommand } from './gatewayCommand';
import { messageOf } from '../shared/userError';

/** Every sub-command; each lives in its own file. */
export const COMMANDS: readonly CliCommand[] = [thoughtsCommand, analyzeCommand, streamCommand, emulateCommand, renderCommand, evalCommand, gatewayCommand];

function help(): string {
	const lines = ['Usage: thinktrim <command> [options]', '', 'Commands:'];
	for (const c of COMMANDS) {
		lines.push(`  ${c.name.padEnd(10)} ${c.summary}`, `             ${c.usage}`);
	}
	return `${lines.join('\n')}\n`;
}

/** Runs `thinktrim ARGS`; returns the exit code. */
export async function main(args: readonly string[], rawIo: CliIo = processIo): Promise<number> {
	const io = safeIo(rawIo, configuredSecrets(args, process.env));
	const [name, ...rest] = args;
	if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
		io.stdout(help());
		return name === undefined ? 1 : 0;
	}
	const command = COMMANDS.find((c) => c.name === name);
	if (command === undefined) {
		io.stderr(`thinktrim: unknown command "${name}"\n${help()}`);
		return 2;
	}
	try {
		return await command.run(rest, io);
	} catch (err) {
		io.stderr(`thinktrim ${name}: ${messageOf(err)}\n`);
		return 1;
	}
}
