/**
 * Everything the CLI prints passes through here: credentials are redacted (the keys given on the command
 * line or in the environment, any Bearer token, URL userinfo), and control characters that could drive
 * the terminal are escaped. Standard output keeps its own colour codes and its JSON exact: JSON text
 * never holds a raw C0 character, and C1 characters are escaped on standard error only.
 */
import { escapeControlChars } from '../core/text/controlChars';
import { redactSecrets } from '../core/text/redact';
import type { CliIo } from './cliCommand';

const SECRET_OPTIONS = ['api-key', 'verifier-api-key'];
const SECRET_ENV = ['THINKTRIM_API_KEY', 'THINKTRIM_VERIFIER_API_KEY'];

/** The secrets a command line and environment configure. */
export function configuredSecrets(args: readonly string[], env: NodeJS.ProcessEnv): string[] {
	const found: string[] = [];
	args.forEach((arg, i) => {
		for (const name of SECRET_OPTIONS) {
			if (arg === `--${name}`) {
				found.push(args[i + 1] ?? '');
			} else if (arg.startsWith(`--${name}=`)) {
				found.push(arg.slice(name.length + 3));
			}
		}
	});
	for (const name of SECRET_ENV) {
		found.push(env[name] ?? '');
	}
	return found.filter((s) => s !== '');
}

// Our own dim/normal codes (thinktrim stream) are the only escape sequences let through on stdout.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const STDOUT_CONTROL = /\x1b\[(?:2|22)m|[\x00-\x08\x0b-\x1f\x7f]/g;

/** `io` with redaction and control-character escaping applied. */
export function safeIo(io: CliIo, secrets: readonly string[]): CliIo {
	return {
		stdout: (text) =>
			io.stdout(
				redactSecrets(text, secrets).replace(STDOUT_CONTROL, (m) =>
					m.length > 1 ? m : escapeControlChars(m),
				),
			),
		stderr: (text) => io.stderr(escapeControlChars(redactSecrets(text, secrets))),
	};
}
