import { redactSecrets } from '../core/text/redact';
import { main } from './commands';
import { configuredSecrets } from './safeOutput';
import { messageOf } from '../shared/userError';

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(err: unknown) => {
		process.stderr.write(
			`thinktrim: ${redactSecrets(messageOf(err), configuredSecrets(process.argv, process.env))}\n`,
		);
		process.exitCode = 1;
	},
);
