/** One `thinktrim <name>` sub-command. `run` returns the process exit code. */
export interface CliCommand {
	readonly name: string;
	readonly summary: string;
	readonly usage: string;
	/** Example command lines for `thinktrim <name> --help`, each with a `# comment` saying what it does. */
	readonly examples: readonly string[];
	/** The exit codes this command uses and what each means (`thinktrim <name> --help`, README). */
	readonly exitCodes: readonly (readonly [number, string])[];
	run(args: readonly string[], io: CliIo): Promise<number>;
}

/** A wrong command line (unknown option, missing value): exit code 2, with a pointer to `--help`. */
export class UsageError extends Error {
	override readonly name = 'UsageError';

	constructor(message: string, options?: { readonly cause?: unknown }) {
		super(message, options);
	}
}

/** Where a command writes; tests pass their own. */
export interface CliIo {
	readonly stdout: (text: string) => void;
	readonly stderr: (text: string) => void;
}

export const processIo: CliIo = {
	stdout: (text) => process.stdout.write(text),
	stderr: (text) => process.stderr.write(text),
};

/** Parsed `--flag value` / `--switch` options and positional arguments. */
export interface ParsedArgs {
	readonly positional: string[];
	readonly options: Map<string, string | true>;
}

/** A switch every command accepts: print a failure's causes (src/cli/errorOutput.ts reads it). */
const GLOBAL_SWITCHES = ['verbose'];

/** The value of `--name`, if it was given one (a switch, or an absent flag, gives undefined). */
export function stringFlag(
	options: ReadonlyMap<string, string | true>,
	name: string,
): string | undefined {
	const v = options.get(name);
	return typeof v === 'string' ? v : undefined;
}

/**
 * The number `--name` gives, or undefined when it is absent; `check` says whether it is acceptable and
 * `what` is what the flag needs, for the error ("--max-tokens needs a whole number of at least 1, got …").
 */
export function numberFlag(
	options: ReadonlyMap<string, string | true>,
	name: string,
	check: (n: number) => boolean,
	what: string,
): number | undefined {
	const v = options.get(name);
	if (v === undefined) {
		return undefined;
	}
	const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
	if (!Number.isFinite(n) || !check(n)) {
		throw new Error(`--${name} needs ${what}, got "${typeof v === 'string' ? v : ''}"`);
	}
	return n;
}

/** A `numberFlag` check: a TCP port (0 lets the system choose one). */
export function isPort(n: number): boolean {
	return Number.isInteger(n) && n >= 0 && n <= 65535;
}

/** A `numberFlag` check: a whole number of at least `min`. */
export function wholeAtLeast(min: number): (n: number) => boolean {
	return (n) => Number.isInteger(n) && n >= min;
}

/**
 * Parses `args`: `--name value`, `--name=value`, and bare `--switch` for names in `switches` (and
 * `--verbose`, which every command takes). Throws a `UsageError` on an unknown option so typos are not
 * silently ignored.
 */
export function parseArgs(
	args: readonly string[],
	valued: readonly string[],
	switches: readonly string[] = [],
): ParsedArgs {
	const positional: string[] = [];
	const options = new Map<string, string | true>();
	for (let i = 0; i < args.length; i++) {
		const arg = args[i] ?? '';
		if (!arg.startsWith('--')) {
			positional.push(arg);
			continue;
		}
		const eq = arg.indexOf('=');
		const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
		if (switches.includes(name) || GLOBAL_SWITCHES.includes(name)) {
			options.set(name, true);
		} else if (valued.includes(name)) {
			const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
			if (value === undefined) {
				throw new UsageError(`--${name} needs a value`);
			}
			options.set(name, value);
		} else {
			throw new UsageError(`unknown option --${name}`);
		}
	}
	return { positional, options };
}
