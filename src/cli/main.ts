import { main } from './commands';

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(err: unknown) => {
		process.stderr.write(`thinktrim: ${err instanceof Error ? err.message : String(err)}\n`);
		process.exitCode = 1;
	},
);
