// GATEWAY_BENCH_PIN=1: the process under test (the gateway or the bare relay) gets CPU 0 to itself, and
// this benchmark's clients and the emulator (which inherits this process's CPUs) share the others, as a
// deployed gateway has its own CPU and neither the model server nor the users' machines take from it.
// It separates what the gateway's own work adds from what the load generator's contention adds on a
// small machine. Linux only (taskset, from util-linux).
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';

export const PIN_CPUS = process.env.GATEWAY_BENCH_PIN === '1';

/** Moves this process (every thread) off CPU 0; the emulator started after inherits it. */
export function pinLoadGenerator(): void {
	if (!PIN_CPUS) {
		return;
	}
	const cpus = availableParallelism();
	if (cpus < 2) {
		throw new Error(`GATEWAY_BENCH_PIN=1 needs at least 2 CPUs; this machine has ${cpus}`);
	}
	const rest = cpus === 2 ? '1' : `1-${cpus - 1}`;
	const result = spawnSync('taskset', ['-a', '-p', '-c', rest, String(process.pid)]);
	if (result.error !== undefined || result.status !== 0) {
		throw new Error(
			`GATEWAY_BENCH_PIN=1: taskset failed (${result.error?.message ?? result.stderr.toString().trim()})`,
		);
	}
}

/** The command that starts `file` with `args` on CPU 0 when pinning, else as it is. */
export function onOwnCpu(file: string, args: string[]): [string, string[]] {
	return PIN_CPUS ? ['taskset', ['-c', '0', file, ...args]] : [file, args];
}
