import { main } from './commands';
import { processIo } from './cliCommand';
import { reportError, wantsVerbose } from './errorOutput';
import { configuredSecrets, safeIo } from './safeOutput';

const args = process.argv.slice(2);
main(args).then(
	(code) => {
		process.exitCode = code;
	},
	// A failure outside any command (main reports those itself), told the same way, keys redacted.
	(err: unknown) => {
		process.exitCode = reportError(err, safeIo(processIo, configuredSecrets(args, process.env)), {
			verbose: wantsVerbose(args),
		});
	},
);
