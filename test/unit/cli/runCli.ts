import type { CliIo } from '../../../src/cli/cliCommand';
import { main } from '../../../src/cli/commands';

/** What a command printed, kept for the test to read back. */
export interface CapturedIo {
	readonly io: CliIo;
	readonly out: () => string;
	readonly err: () => string;
}

/** A `CliIo` that keeps stdout and stderr instead of printing them. */
export function capturedIo(): CapturedIo {
	let out = '';
	let err = '';
	return {
		io: { stdout: (t) => (out += t), stderr: (t) => (err += t) },
		out: () => out,
		err: () => err,
	};
}

/** Runs `thinktrim ARGS` in this process: its exit code and what it printed. */
export async function runCli(
	args: readonly string[],
): Promise<{ code: number; out: string; err: string }> {
	const { io, out, err } = capturedIo();
	const code = await main(args, io);
	return { code, out: out(), err: err() };
}
