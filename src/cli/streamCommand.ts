import { parseThinkingMarkers } from '../core/stream/thinkingMarkers';
import { executeLiveRun } from '../core/run/liveRun';
import type { LiveEndpoint, LiveRunSink } from '../core/run/livePorts';
import { ReasoningClient } from '../core/stream/reasoningClient';
import type { StreamEvent, StreamResult } from '../core/stream/streamEvents';
import type { ServedTrace } from '../core/stream/servedTrace';
import { openSettings, UserError } from '../shared/userError';
import { CLIENT_SWITCHES, CLIENT_VALUE_FLAGS, clientOptionsFrom } from './clientLimits';
import {
	parseArgs,
	type CliCommand,
	type CliIo,
	numberFlag,
	stringFlag,
	wholeAtLeast,
} from './cliCommand';
import { reportError } from './errorOutput';
import { readInputFile } from './inputFile';

const VALUED = [
	'base-url',
	'model',
	'prompt',
	'prompt-file',
	'system',
	'max-tokens',
	'temperature',
	'thinking',
	'think-markers',
	'trace',
	'seed',
	...CLIENT_VALUE_FLAGS,
];
const SWITCHES = ['json', ...CLIENT_SWITCHES, 'no-color'];

/** The JSON printed by `--json`: the result without the per-chunk arrival list's bulk turned into noise. */
function jsonResult(
	result: StreamResult,
	served: ServedTrace | undefined,
): Record<string, unknown> {
	return {
		...(served !== undefined ? { served } : {}),
		thinking: result.thinking,
		answer: result.answer,
		usage: result.usage,
		timings: result.timings,
		finishReason: result.finishReason ?? null,
		dialect: result.dialect ?? null,
		partial: result.partial,
		...(result.error !== undefined
			? {
					error: {
						kind: result.error.kind,
						message: result.error.message,
						status: result.error.status ?? null,
					},
				}
			: {}),
		...(result.warnings.length > 0 ? { warnings: result.warnings } : {}),
	};
}

function summary(result: StreamResult): string {
	const u = result.usage;
	const t = result.timings;
	const parts = [
		`finish ${result.finishReason ?? 'none'}`,
		u.reasoningTokens !== undefined
			? `${u.reasoningTokens} thinking tokens (${u.reasoningTokensSource})`
			: undefined,
		u.completionTokens !== undefined ? `${u.completionTokens} completion tokens` : undefined,
		t.firstTokenMs !== undefined
			? `first token ${(t.firstTokenMs / 1000).toFixed(2)} s`
			: undefined,
		t.tokensPerSecond !== undefined ? `${t.tokensPerSecond.toFixed(1)} tok/s` : undefined,
		result.dialect !== undefined ? `dialect ${result.dialect}` : undefined,
	];
	return parts.filter((p) => p !== undefined).join(', ');
}

/** Writes events live: reasoning dimmed (when colour is on), a blank line, then the answer. */
function liveWriter(io: CliIo, color: boolean): (ev: StreamEvent) => void {
	let section: 'none' | 'reasoning' | 'answer' = 'none';
	return (ev) => {
		if (ev.type === 'reasoning') {
			if (section === 'none' && color) {
				io.stdout('\x1b[2m');
			}
			section = 'reasoning';
			io.stdout(ev.text);
		} else if (ev.type === 'answer') {
			if (section !== 'answer') {
				io.stdout(
					`${section === 'reasoning' && color ? '\x1b[22m' : ''}${section === 'reasoning' ? '\n\n' : ''}`,
				);
				section = 'answer';
			}
			io.stdout(ev.text);
		} else if (ev.type === 'retry') {
			io.stderr(
				`thinktrim stream: ${ev.error.message} Retrying in ${(ev.delayMs / 1000).toFixed(1)} s (${ev.attempt})…\n`,
			);
		} else if (ev.type === 'end') {
			io.stdout(
				`${section === 'reasoning' && color ? '\x1b[22m' : ''}${section !== 'none' ? '\n' : ''}`,
			);
		}
	};
}

/** The run's sink for the terminal: the stream's events to `live`, a warning when the emulator's recording is unrelated. */
function streamPrinter(
	io: CliIo,
	live: ((ev: StreamEvent) => void) | undefined,
): { sink: LiveRunSink; served: () => ServedTrace | undefined } {
	let served: ServedTrace | undefined;
	const sink: LiveRunSink = {
		event: (event) => {
			if (event.type !== 'stream') {
				return;
			}
			if (event.event.type === 'start' && event.event.served !== undefined) {
				served = event.event.served;
			}
			live?.(event.event);
		},
		warn: (message) => io.stderr(`thinktrim stream: warning: ${message}\n`),
	};
	return { sink, served: () => served };
}

/** Prints the result (JSON, or the summary line) and warnings; returns the exit code. */
function report(
	io: CliIo,
	result: StreamResult,
	served: ServedTrace | undefined,
	json: boolean,
	verbose: boolean,
): number {
	if (json) {
		io.stdout(`${JSON.stringify(jsonResult(result, served))}\n`);
	} else if (result.timings.firstTokenMs !== undefined) {
		io.stderr(`${summary(result)}\n`);
	}
	for (const warning of result.warnings) {
		io.stderr(`thinktrim stream: ${warning}\n`);
	}
	if (result.error !== undefined) {
		return reportError(result.error, io, { command: 'stream', verbose });
	}
	if (result.aborted) {
		io.stderr('thinktrim stream: stopped; the text above is partial.\n');
		return 130;
	}
	return 0;
}

/** `thinktrim stream`: streams one chat completion from a server, reasoning and answer separated. */
export const streamCommand: CliCommand = {
	name: 'stream',
	summary:
		'stream a reasoning chat completion from a vLLM/vllm-ascend/MindIE/SGLang/llama.cpp server',
	usage:
		'thinktrim stream --base-url URL [--model M] (--prompt TEXT | --prompt-file F) [--json] ' +
		'[--max-tokens N] [--seed N] [--trace ID] [--dialect D] [--api-key K] ' +
		'[--ca-file F] [--cert-file F --key-file F] [--idle-timeout S] [--max-event-mb N] ' +
		'[--think-markers think|begin-of-thought|gemma-channel|auto|OPEN...CLOSE]',
	examples: [
		'thinktrim stream --base-url http://gpu-node:8000/v1 --prompt "What is 17 * 23?"   # vLLM / vllm-ascend',
		'thinktrim stream --base-url https://npu-node:1025/v1 --ca-file ca.pem --prompt-file problem.txt   # MindIE over HTTPS with a private CA',
		'thinktrim stream --base-url http://127.0.0.1:8000/v1 --prompt "…" --json > run.json   ' +
			'# one JSON object: thinking, answer, usage, timings',
	],
	exitCodes: [
		[0, 'the completion arrived whole'],
		[
			1,
			'the server or connection failed, or an option value is wrong (what arrived is still printed, marked partial)',
		],
		[2, 'the command line is wrong (unknown option, missing value)'],
		[130, 'stopped with Ctrl-C (what arrived is printed, marked partial)'],
	],
	run(args, io) {
		return runStream(args, io, undefined);
	},
};

/** The command body; `signal` lets tests (and Ctrl-C) stop the stream, keeping what arrived. */
export async function runStream(
	args: readonly string[],
	io: CliIo,
	signal: AbortSignal | undefined,
): Promise<number> {
	const { positional, options } = parseArgs(args, VALUED, SWITCHES);
	if (positional.length > 0) {
		throw new Error(`unexpected argument "${positional[0]}"`);
	}
	const baseUrl = stringFlag(options, 'base-url') ?? process.env.THINKTRIM_BASE_URL;
	if (baseUrl === undefined) {
		throw new UserError('--base-url is required (e.g. http://host:8000/v1)', {
			actions: [openSettings('thinktrim.endpoint.baseUrl')],
		});
	}
	// Every client flag is checked here, before any file is read or request sent.
	const clientOptions = clientOptionsFrom(options, baseUrl);
	const promptFile = stringFlag(options, 'prompt-file');
	const prompt =
		promptFile !== undefined
			? await readInputFile(promptFile, 'prompt file')
			: stringFlag(options, 'prompt');
	if (prompt === undefined || prompt.trim() === '') {
		throw new Error('give the prompt with --prompt TEXT or --prompt-file FILE');
	}
	const thinking = stringFlag(options, 'thinking');
	if (thinking !== undefined && thinking !== 'on' && thinking !== 'off') {
		throw new Error('--thinking takes on or off');
	}
	const markerSpec = stringFlag(options, 'think-markers');
	const thinkingMarkers = markerSpec !== undefined ? parseThinkingMarkers(markerSpec) : undefined;
	const client = await ReasoningClient.create(clientOptions);
	const controller = new AbortController();
	const onSignal = (): void => controller.abort();
	signal?.addEventListener('abort', onSignal, { once: true });
	process.once('SIGINT', onSignal);
	try {
		let model = stringFlag(options, 'model');
		if (model === undefined) {
			const server = await client.discover(controller.signal);
			model = server.models[0]?.id;
			if (model === undefined) {
				throw new UserError(
					`--model is required: ${baseUrl} did not list any model${server.problems[0] !== undefined ? ` (${server.problems[0].message})` : ''}`,
					{ cause: server.problems[0], actions: [openSettings('thinktrim.endpoint.model')] },
				);
			}
		}
		const json = options.has('json');
		const color =
			!json &&
			!options.has('no-color') &&
			process.stdout.isTTY &&
			process.env.NO_COLOR === undefined;
		const seed = numberFlag(options, 'seed', Number.isInteger, 'an integer');
		const endpoint: LiveEndpoint = {
			client,
			model,
			baseUrl,
			policy: { name: 'none' },
			maxTokens: numberFlag(options, 'max-tokens', wholeAtLeast(1), 'a whole number of at least 1'),
			temperature: numberFlag(options, 'temperature', (n) => n >= 0, 'a number of at least 0'),
			thinking: thinking === undefined ? undefined : thinking === 'on',
			thinkingMarkers,
		};
		const spec = {
			problem: prompt,
			systemPrompt: stringFlag(options, 'system'),
			mode: 'watch' as const,
			kind: 'live' as const,
			traceId: stringFlag(options, 'trace'),
			seed,
		};
		const printer = streamPrinter(io, json ? undefined : liveWriter(io, color));
		// The same live run as the editor's Stream Reasoning, headless: no view, no store.
		const { outcome } = await executeLiveRun(
			endpoint,
			spec,
			{ sink: printer.sink },
			controller.signal,
		);
		return report(io, outcome.stream, printer.served(), json, options.has('verbose'));
	} finally {
		process.off('SIGINT', onSignal);
		signal?.removeEventListener('abort', onSignal);
		await client.close();
	}
}
