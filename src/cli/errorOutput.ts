/**
 * The CLI's one way to report a failure (issue 15): `thinktrim <command>: <message>` on stderr, then what
 * the error's actions mean in a terminal, as hints, and the exit code it ends with. Every command's error
 * path comes here (src/cli/commands.ts for thrown errors; commands that end on a failure they did not
 * throw call it themselves), so the editor's Open Settings and Open Log read the same in a shell.
 */
import { actionsOf, messageOf, type ErrorAction } from '../shared/userError';
import { UsageError, type CliIo } from './cliCommand';

/**
 * The flag that sets each extension setting an error may name (Open Settings in the editor). A setting
 * missing here has no flag: the hint names the setting.
 */
export const SETTING_FLAGS: Readonly<Record<string, string>> = {
	'thinktrim.endpoint.baseUrl': '--base-url',
	'thinktrim.endpoint.model': '--model',
	'thinktrim.endpoint.dialect': '--dialect',
	'thinktrim.endpoint.caFile': '--ca-file',
	'thinktrim.endpoint.certFile': '--cert-file',
	'thinktrim.endpoint.keyFile': '--key-file',
	'thinktrim.endpoint.idleTimeoutSeconds': '--idle-timeout',
	'thinktrim.endpoint.maxEventMiB': '--max-event-mb',
	'thinktrim.endpoint.maxTokens': '--max-tokens',
	'thinktrim.endpoint.temperature': '--temperature',
	'thinktrim.endpoint.systemPrompt': '--system',
	'thinktrim.endpoint.answerMaxTokens': '--answer-max-tokens',
	'thinktrim.endpoint.thinkingMarkers': '--think-markers',
	'thinktrim.verifier.baseUrl': '--verifier-url',
	'thinktrim.verifier.model': '--verifier-model',
	'thinktrim.policy.name': '--policy',
	'thinktrim.policy.online': '--online',
	'thinktrim.evaluation.concurrency': '--concurrency',
};

/** The switch, accepted by every command, that prints a failure's causes (the CLI's Open Log). */
export const VERBOSE_FLAG = '--verbose';

/** How a failure is reported: the command it ended, and whether its causes are printed. */
export interface ErrorReport {
	/** The sub-command (`thinktrim stream: …`); none for a failure outside any command. */
	readonly command?: string;
	readonly verbose: boolean;
}

/** The causes of `err`, outermost first (a cycle ends the list). */
function causes(err: unknown): unknown[] {
	const chain: unknown[] = [];
	let next = err instanceof Error ? err.cause : undefined;
	while (next !== undefined && !chain.includes(next) && next !== err) {
		chain.push(next);
		next = next instanceof Error ? next.cause : undefined;
	}
	return chain;
}

/** What an Open Settings means in a terminal: the flag that sets it, else the setting in the editor. */
function settingHint(action: Extract<ErrorAction, { kind: 'open-settings' }>): string {
	const flag = SETTING_FLAGS[action.setting];
	return flag !== undefined
		? `hint: set it with ${flag}`
		: `hint: no flag sets this; it is the editor's setting ${action.setting}`;
}

/** The lines `err` is reported with, without the trailing newline. */
export function errorLines(err: unknown, report: ErrorReport): string[] {
	const name = report.command !== undefined ? `thinktrim ${report.command}` : 'thinktrim';
	const usage =
		err instanceof UsageError && report.command !== undefined
			? ` (thinktrim ${report.command} --help lists the options)`
			: '';
	const lines = [`${name}: ${messageOf(err)}${usage}`];
	for (const action of actionsOf(err)) {
		if (action.kind === 'open-settings') {
			lines.push(`  ${settingHint(action)}`);
		}
	}
	// Open Log shows the cause in the editor; here the cause is printed on request.
	const chain = causes(err);
	if (report.verbose) {
		lines.push(...chain.map((cause) => `  cause: ${messageOf(cause)}`));
	} else if (chain.length > 0) {
		lines.push(`  hint: run again with ${VERBOSE_FLAG} to see the cause`);
	}
	return lines;
}

/** Reports `err` on stderr; returns the exit code: 2 for a wrong command line, else 1. */
export function reportError(err: unknown, io: CliIo, report: ErrorReport): number {
	io.stderr(`${errorLines(err, report).join('\n')}\n`);
	return err instanceof UsageError ? 2 : 1;
}

/** Whether the command line asks for causes (`--verbose` anywhere; parseArgs accepts it everywhere). */
export function wantsVerbose(args: readonly string[]): boolean {
	return args.includes(VERBOSE_FLAG);
}
