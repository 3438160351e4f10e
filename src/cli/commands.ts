import { processIo, UsageError, type CliCommand, type CliIo } from './cliCommand';
import { reportError, wantsVerbose } from './errorOutput';
import { commandHelp, mainHelp, wantsHelp } from './cliHelp';
import { configuredSecrets, safeIo } from './safeOutput';
import { thoughtsCommand } from './thoughtsCommand';
import { renderCommand } from './renderCommand';
import { analyzeCommand } from './analyzeCommand';
import { streamCommand } from './streamCommand';
import { emulateCommand } from './emulateCommand';
import { evalCommand } from './evalCommand';
import { gatewayCommand } from './gatewayCommand';

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
		const code = reportError(new UsageError(`unknown command "${name}"`), io, { verbose: false });
		io.stderr(mainHelp(COMMANDS));
		return code;
	}
	if (wantsHelp(rest)) {
		io.stdout(commandHelp(command));
		return 0;
	}
	try {
		return await command.run(rest, io);
	} catch (err) {
		return reportError(err, io, { command: name, verbose: wantsVerbose(rest) });
	}
}
