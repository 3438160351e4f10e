// GATEWAY_BENCH_PIN=1: the event loop of the process under test (the gateway or the bare relay) gets CPU 0
// to itself, and this benchmark's clients and the emulator (which inherits this process's CPUs) share the
// others, as a deployed gateway has its own core and neither the model server nor the users' machines
// take from it. The process's helper threads (V8's garbage-collection and compiler workers, libuv's pool)
// run on the other CPUs too, as they do on a multi-core node where a replica requests one core: confined
// to the event loop's CPU they preempt it, and on this machine that made the watch- and act-mode tails
// longer in every pair measured (docs/benchmarks.md#gateway). GATEWAY_BENCH_PIN=process confines the
// whole process, helpers included, to CPU 0 (the harsher setup used until 2026-12-06 21:40 UTC). It
// separates what the gateway's own work adds from what contention with the load generator adds on a
// small machine. Linux only (taskset, from util-linux).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cpus as allCpus } from 'node:os';

const PIN = process.env.GATEWAY_BENCH_PIN;
export const PIN_CPUS = PIN === '1' || PIN === 'process';
/** Whether only the event loop keeps CPU 0 (its helper threads go to the other CPUs). */
const EVENT_LOOP_ONLY = PIN === '1';

/** The CPUs other than 0, as taskset reads them (all the machine's, whatever this process may use). */
function otherCpus(): string {
	const cpus = allCpus().length;
	if (cpus < 2) {
		throw new Error(`GATEWAY_BENCH_PIN needs at least 2 CPUs; this machine has ${cpus}`);
	}
	return cpus === 2 ? '1' : `1-${cpus - 1}`;
}

function taskset(args: string[]): void {
	const result = spawnSync('taskset', args);
	if (result.error !== undefined || result.status !== 0) {
		throw new Error(
			`GATEWAY_BENCH_PIN: taskset ${args.join(' ')} failed (${result.error?.message ?? result.stderr.toString().trim()})`,
		);
	}
}

/** What the pinning does, for the benchmark's header. */
export function pinningDescription(): string {
	return EVENT_LOOP_ONLY
		? "CPU 0: the gateway's (or relay's) event loop alone; the other CPUs: its helper threads, the clients and the emulator"
		: 'CPU 0: the gateway (or relay) alone, helper threads included; the other CPUs: the clients and the emulator';
}

/** Moves this process (every thread) off CPU 0; the emulator started after inherits it. */
export function pinLoadGenerator(): void {
	if (PIN_CPUS) {
		taskset(['-a', '-p', '-c', otherCpus(), String(process.pid)]);
	}
}

/** The command that starts `file` with `args` on CPU 0 when pinning, else as it is. */
export function onOwnCpu(file: string, args: string[]): [string, string[]] {
	return PIN_CPUS ? ['taskset', ['-c', '0', file, ...args]] : [file, args];
}

/**
 * With GATEWAY_BENCH_PIN=1, moves every thread of `pid` but its main thread (the event loop) off CPU 0.
 * Threads made later start on their creator's CPUs, so call it again once the process has run a load.
 * A thread that ends meanwhile is skipped.
 */
export function helpersOffOwnCpu(pid: number | undefined): void {
	if (!EVENT_LOOP_ONLY || pid === undefined) {
		return;
	}
	let tids: string[];
	try {
		tids = readdirSync(`/proc/${pid}/task`);
	} catch {
		return;
	}
	const cpus = otherCpus();
	for (const tid of tids.filter((t) => t !== String(pid))) {
		spawnSync('taskset', ['-p', '-c', cpus, tid]);
	}
}
