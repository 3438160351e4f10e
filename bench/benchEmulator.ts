// The emulator for the gateway benchmark, in its own process (as a model server is) or in the
// benchmark's. In its own process its work (a cut's continuation request resolves the trace, counts the
// prompt's tokens and slices the rest of the chain) does not delay the clients' reads the benchmark
// times. Run as a child (`tsx bench/benchEmulator.ts` with an IPC channel) it takes its options in a
// `start` message, replies `ready` with its URL, and answers each `take` with the write times of the
// tagged requests' reasoning chunks since the last `take` and the CPU it used meanwhile. Times are
// wall-clock milliseconds (performance.timeOrigin + performance.now()), so two processes compare them.
import { fork } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import type { TraceRecord } from '../src/core/traces/traceRecord';
import type { EmulatorDialect } from '../src/emulator/dialects';
import { startEmulator, type RunningEmulator } from '../src/emulator/server';
import { TimeSeries } from './timeSeries';

export interface BenchEmulatorOptions {
	readonly traces: readonly TraceRecord[];
	readonly dialect: EmulatorDialect;
	readonly ttftMs: number;
	readonly tokensPerSecond: number;
	/** Lockstep decode steps (ms) shared by all streams, as a batching server emits; undefined: each stream its own time. */
	readonly decodeStepMs?: number;
}

/** What the emulator did since the last take: reasoning chunk write times by request tag, CPU seconds. */
export interface EmulatorTake {
	readonly written: Map<string, number[]>;
	readonly cpuS: number;
}

export interface BenchEmulator {
	readonly url: string;
	/** `own process` or `this process`, for the benchmark's header. */
	readonly where: string;
	take(): Promise<EmulatorTake>;
	close(): Promise<void>;
}

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
export const wallMs = (nowMs: number): number => performance.timeOrigin + nowMs;

function hasReasoning(payload: unknown): boolean {
	const delta = (payload as { choices?: Array<{ delta?: Record<string, unknown> }> }).choices?.[0]
		?.delta;
	const text = delta?.reasoning ?? delta?.reasoning_content;
	return typeof text === 'string' && text !== '';
}

/** The emulator with a recorder of when each tagged request's reasoning chunks went to the socket. */
async function recordingEmulator(
	options: BenchEmulatorOptions,
): Promise<{ emulator: RunningEmulator; takeLocal: () => EmulatorTake }> {
	let written = new Map<string, TimeSeries>();
	let cpu = process.cpuUsage();
	const emulator = await startEmulator({
		traces: [...options.traces],
		dialect: options.dialect,
		ttftMs: options.ttftMs,
		tokensPerSecond: options.tokensPerSecond,
		tokensPerChunk: 1,
		jitter: 0,
		decodeStepMs: options.decodeStepMs,
		onChunksWritten: (request, payloads, atMs) => {
			const tag = request.body.user;
			if (typeof tag === 'string' && tag.startsWith('bench-')) {
				let times = written.get(tag);
				if (times === undefined) {
					times = new TimeSeries();
					written.set(tag, times);
				}
				for (const payload of payloads) {
					if (hasReasoning(payload)) {
						times.push(wallMs(atMs));
					}
				}
			}
		},
	});
	const takeLocal = (): EmulatorTake => {
		const used = process.cpuUsage(cpu);
		cpu = process.cpuUsage();
		const taken = {
			written: new Map([...written].map(([tag, times]) => [tag, times.toArray()])),
			cpuS: (used.user + used.system) / 1e6,
		};
		written = new Map();
		return taken;
	};
	return { emulator, takeLocal };
}

/** The emulator in this process (`GATEWAY_BENCH_EMULATOR=here`), sharing its event loop with the clients. */
async function emulatorHere(options: BenchEmulatorOptions): Promise<BenchEmulator> {
	const { emulator, takeLocal } = await recordingEmulator(options);
	return {
		url: emulator.url,
		where: 'this process',
		take: () => Promise.resolve(takeLocal()),
		close: () => emulator.close(),
	};
}

type ChildMessage =
	| { readonly type: 'ready'; readonly url: string }
	| { readonly type: 'taken'; readonly written: Array<[string, number[]]>; readonly cpuS: number };

/** The emulator in a child process of its own. */
async function emulatorApart(options: BenchEmulatorOptions): Promise<BenchEmulator> {
	const child = fork(__filename, [], {
		execArgv: [
			'--import',
			'tsx',
			...(process.env.GATEWAY_BENCH_EMULATOR_NODE_ARGS?.split(' ').filter((a) => a !== '') ?? []),
		],
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const next = (type: ChildMessage['type']): Promise<ChildMessage> =>
		new Promise((resolveMessage, reject) => {
			const onExit = (code: number | null): void =>
				reject(new Error(`the benchmark's emulator exited (${code})`));
			child.once('exit', onExit);
			const onMessage = (message: ChildMessage): void => {
				if (message.type === type) {
					child.off('message', onMessage);
					child.off('exit', onExit);
					resolveMessage(message);
				}
			};
			child.on('message', onMessage);
		});
	// It stands in for a model server on another machine: on this machine's few cores it yields the CPU
	// to the gateway and the clients, so its own bursts (50 continuations at once) do not count as theirs.
	if (child.pid !== undefined) {
		const nice = Number(process.env.GATEWAY_BENCH_EMULATOR_NICE ?? 10);
		setPriority(child.pid, Math.min(19, getPriority() + nice));
	}
	const ready = next('ready');
	child.send({ type: 'start', options });
	const started = await ready;
	return {
		url: started.type === 'ready' ? started.url : '',
		where: 'own process',
		take: async () => {
			const taken = next('taken');
			child.send({ type: 'take' });
			const message = await taken;
			return message.type === 'taken'
				? { written: new Map(message.written), cpuS: message.cpuS }
				: { written: new Map(), cpuS: 0 };
		},
		close: async () => {
			const exited = new Promise((r) => child.once('exit', r));
			child.kill('SIGTERM');
			await exited;
		},
	};
}

/** The benchmark's emulator: in its own process unless `GATEWAY_BENCH_EMULATOR=here`. */
export function startBenchEmulator(options: BenchEmulatorOptions): Promise<BenchEmulator> {
	return process.env.GATEWAY_BENCH_EMULATOR === 'here'
		? emulatorHere(options)
		: emulatorApart(options);
}

type ParentMessage =
	{ readonly type: 'start'; readonly options: BenchEmulatorOptions } | { readonly type: 'take' };

// As the child: serve until the parent stops it.
if (require.main === module && process.send !== undefined) {
	let takeLocal: (() => EmulatorTake) | undefined;
	process.on('message', (message: ParentMessage) => {
		if (message.type === 'start') {
			void recordingEmulator(message.options).then((running) => {
				takeLocal = running.takeLocal;
				process.send?.({ type: 'ready', url: running.emulator.url });
			});
		} else if (message.type === 'take' && takeLocal !== undefined) {
			const taken = takeLocal();
			process.send?.({ type: 'taken', written: [...taken.written], cpuS: taken.cpuS });
		}
	});
	process.on('SIGTERM', () => process.exit(0));
}
