import { processIo, UsageError, type CliCommand, type CliIo } from './cliCommand';
import { commandHelp, mainHelp, wantsHelp } from './cliHelp';
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
export const COMMANDS: readonly CliCommand[] = [
	thoughtsCommand,
	analyzeCommand,
	streamCommand,
	emulateCommand,
	renderCommand,
	evalCommand,
	gatewayCommand,
];

/** Runs `thinktrim ARGS`; returns the exit code. */
export async function main(args: readonly string[], rawIo: CliIo = processIo): Promise<number> {
	const io = safeIo(rawIo, configuredSecrets(args, process.env));
	const [name, ...rest] = args;
	if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
		// `thinktrim help analyze` is `thinktrim analyze --help`.
		const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
		io.stdout(topic !== undefined ? commandHelp(topic) : mainHelp(COMMANDS));
		return name === undefined ? 1 : 0;
	}
	const command = COMMANDS.find((c) => c.name === name);
	if (command === undefined) {
		io.stderr(`thinktrim: unknown command "${name}"\n${mainHelp(COMMANDS)}`);
		return 2;
	}
	if (wantsHelp(rest)) {
		io.stdout(commandHelp(command));
		return 0;
	}
	try {
		return await command.run(rest, io);
	} catch (err) {
		const usage = err instanceof UsageError;
		io.stderr(
			`thinktrim ${name}: ${messageOf(err)}${usage ? ` (thinktrim ${name} --help lists the options)` : ''}\n`,
		);
		return usage ? 2 : 1;
	}
}
