import {
	formatTraceLineError,
	parseTraceJsonl,
	type TraceRecord,
} from '../core/traces/traceRecord';
import { dialectProfile, EMULATOR_DIALECTS, parseDialect } from '../emulator/dialects';
import { parseFaultSpec } from '../emulator/faults';
import { EMULATOR_QUIRKS, parseQuirks } from '../emulator/quirks';
import { startEmulator } from '../emulator/server';
import {
	isPort,
	numberFlag,
	parseArgs,
	type CliCommand,
	type CliIo,
	stringFlag,
	wholeAtLeast,
} from './cliCommand';
import { readInputFile } from './inputFile';
import { bundledSamplesPath } from './paths';
import { serveUntilStopped, untilAborted } from './serveUntilStopped';

const VALUED = [
	'port',
	'host',
	'dialect',
	'traces',
	'rate',
	'ttft',
	'tokens-per-chunk',
	'jitter',
	'decode-step',
	'model',
	'server-version',
	'api-key',
	'fault',
	'log',
	'max-model-len',
	'tls-cert',
	'tls-key',
	'tls-ca',
	'fragment-bytes',
	'seed',
	'quirk',
	'template',
];
const SWITCHES = ['require-client-cert', 'split-think-tag', 'quiet', 'no-prefix-cache'];

async function loadTraces(files: readonly string[], io: CliIo): Promise<TraceRecord[]> {
	const traces: TraceRecord[] = [];
	for (const file of files) {
		const { records, errors } = parseTraceJsonl(await readInputFile(file, 'traces file'), file);
		for (const error of errors) {
			io.stderr(`${formatTraceLineError(error)} (skipped)\n`);
		}
		traces.push(...records);
	}
	if (traces.length === 0) {
		throw new Error(`no usable trace in ${files.join(', ')}`);
	}
	return traces;
}

function parseTemplate(name: string | undefined): 'r1' | 'qwen3' | undefined {
	if (name === undefined || name === 'r1' || name === 'qwen3') {
		return name;
	}
	throw new Error(`--template must be r1 or qwen3, got "${name}"`);
}

/** `thinktrim emulate`: a vLLM-compatible server replaying recorded traces, for trying ThinkTrim without a GPU. */
export const emulateCommand: CliCommand = {
	name: 'emulate',
	summary: 'serve recorded traces as an OpenAI-compatible reasoning endpoint (no GPU needed)',
	usage:
		`thinktrim emulate [--port N] [--dialect ${EMULATOR_DIALECTS.join('|')}] [--traces FILE.jsonl[,FILE…]] ` +
		`[--rate TOK_PER_S] [--ttft MS] [--fault SPEC] [--quirk ${EMULATOR_QUIRKS.join('|')}[,…]] [--log FILE.jsonl]`,
	examples: [
		'thinktrim emulate --port 8000   # a vLLM-compatible server replaying the bundled traces at 30 tokens/s',
		'thinktrim emulate --port 1025 --dialect mindie --tls-cert cert.pem --tls-key key.pem   # play a MindIE server over HTTPS',
		'thinktrim emulate --traces my-traces.jsonl --rate 300 --fault close-after=50   # your traces, faster, with a dropped connection',
	],
	exitCodes: [
		[0, 'stopped with Ctrl-C or SIGTERM'],
		[1, 'could not start (port in use, unreadable traces or certificates, bad option value)'],
		[2, 'the command line is wrong (unknown option, missing value)'],
	],
	run(args, io) {
		return serveUntilStopped((signal) => runEmulate(args, io, signal));
	},
};

/** The command body; it serves until `signal` aborts. `onListening` hands tests the URL. */
export async function runEmulate(
	args: readonly string[],
	io: CliIo,
	signal: AbortSignal,
	onListening?: (url: string) => void,
): Promise<number> {
	const { positional, options } = parseArgs(args, VALUED, SWITCHES);
	const dialect = parseDialect(stringFlag(options, 'dialect') ?? 'vllm');
	const fault = stringFlag(options, 'fault');
	if (fault !== undefined) {
		parseFaultSpec(fault);
	}
	const traceFiles = [
		...positional,
		...(stringFlag(options, 'traces')
			?.split(',')
			.filter((f) => f !== '') ?? []),
	];
	const traces = await loadTraces(traceFiles.length > 0 ? traceFiles : [bundledSamplesPath()], io);
	const rate =
		stringFlag(options, 'rate') === 'max'
			? Number.POSITIVE_INFINITY
			: numberFlag(
					options,
					'rate',
					(n) => n > 0,
					'a positive number of tokens per second (or "max")',
				);
	const certFile = stringFlag(options, 'tls-cert');
	const keyFile = stringFlag(options, 'tls-key');
	if ((certFile === undefined) !== (keyFile === undefined)) {
		throw new Error('HTTPS needs both --tls-cert and --tls-key');
	}
	const caFile = stringFlag(options, 'tls-ca');
	const tls =
		certFile !== undefined && keyFile !== undefined
			? {
					cert: await readInputFile(certFile, 'TLS certificate file'),
					key: await readInputFile(keyFile, 'TLS key file'),
					ca: caFile !== undefined ? await readInputFile(caFile, 'CA file') : undefined,
					requestClientCert: options.has('require-client-cert'),
				}
			: undefined;
	const emulator = await startEmulator({
		traces,
		dialect,
		port:
			numberFlag(options, 'port', isPort, 'a port number') ?? dialectProfile(dialect).defaultPort,
		host: stringFlag(options, 'host'),
		tokensPerSecond: rate,
		ttftMs: numberFlag(options, 'ttft', (n) => n >= 0, 'milliseconds'),
		tokensPerChunk: numberFlag(options, 'tokens-per-chunk', wholeAtLeast(1), 'a whole number ≥ 1'),
		jitter: numberFlag(options, 'jitter', (n) => n >= 0 && n <= 1, 'a fraction between 0 and 1'),
		decodeStepMs: numberFlag(options, 'decode-step', (n) => n > 0, 'milliseconds'),
		model: stringFlag(options, 'model'),
		serverVersion: stringFlag(options, 'server-version'),
		apiKey: stringFlag(options, 'api-key'),
		fault,
		logFile: stringFlag(options, 'log'),
		maxModelLen: numberFlag(options, 'max-model-len', wholeAtLeast(1), 'a token count'),
		fragmentBytes: numberFlag(options, 'fragment-bytes', wholeAtLeast(1), 'a byte count'),
		splitThinkTag: options.has('split-think-tag'),
		prefixCache: !options.has('no-prefix-cache'),
		seed: numberFlag(options, 'seed', Number.isInteger, 'an integer'),
		quirks: parseQuirks(stringFlag(options, 'quirk') ?? ''),
		template: parseTemplate(stringFlag(options, 'template')),
		tls,
	});
	const { pacing, models } = emulator.state;
	io.stdout(
		`ThinkTrim emulator (${dialect}) replaying ${traces.length} traces at ${emulator.url}\n` +
			`  model ${models[0] ?? ''}, first token ${pacing.ttftMs} ms, ` +
			`${Number.isFinite(pacing.tokensPerSecond) ? `${pacing.tokensPerSecond} tok/s` : 'full speed'}, ` +
			`${pacing.tokensPerChunk} token/chunk` +
			`${pacing.decodeStepMs !== undefined ? `, all streams in decode steps of ${pacing.decodeStepMs} ms` : ''}\n` +
			`  try: thinktrim stream --base-url ${emulator.url} ` +
			`--prompt "${(traces[0]?.problem ?? 'What is 2+3?').slice(0, 60).replace(/"/g, "'")}…"\n`,
	);
	onListening?.(emulator.url);
	if (!options.has('quiet')) {
		let shown = 0;
		const timer = setInterval(() => {
			for (const e of emulator.log.entriesSince(shown)) {
				io.stderr(
					`${e.method} ${e.path} ${e.status} ${e.outcome}` +
						`${e.traceId !== undefined ? ` trace=${e.traceId}` : ''}` +
						`${e.tokensSent > 0 ? ` tokens=${e.tokensSent}` : ''} ${e.durationMs} ms\n`,
				);
			}
			shown = emulator.log.total;
		}, 200);
		signal.addEventListener('abort', () => clearInterval(timer), { once: true });
	}
	await untilAborted(signal);
	await emulator.close();
	return 0;
}
