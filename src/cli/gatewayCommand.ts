import { parseGatewayConfig, type GatewayFlags } from '../core/gateway/gatewayConfig';
import { startGateway } from '../core/gateway/gatewayServer';
import {
	isPort,
	numberFlag,
	parseArgs,
	type CliCommand,
	type CliIo,
	stringFlag,
} from './cliCommand';
import { messageOf } from '../shared/userError';
import { readInputFile } from './inputFile';
import { serveUntilStopped, untilAborted } from './serveUntilStopped';
import { gatewayNodeFlagsHint } from './gatewayNodeFlags';

const VALUED = [
	'upstream',
	'port',
	'host',
	'policy',
	'mode',
	'dialect',
	'config',
	'verifier-url',
	'verifier-model',
];

async function readConfigFile(file: string | undefined): Promise<unknown> {
	if (file === undefined) {
		return {};
	}
	const text = await readInputFile(file, 'config file');
	try {
		return JSON.parse(text) as unknown;
	} catch (err) {
		throw new Error(`${file} is not valid JSON: ${messageOf(err)}`);
	}
}

/** `thinktrim gateway`: serves trimmed chat completions in front of a model server until stopped. */
export const gatewayCommand: CliCommand = {
	name: 'gateway',
	summary:
		'serve an OpenAI-compatible endpoint that trims thinking in front of vLLM/vllm-ascend/MindIE/SGLang/llama.cpp',
	usage:
		'thinktrim gateway --upstream URL [--port 8000] [--host 127.0.0.1] ' +
		'[--policy trimr|trimr:M=2|dynasor|deer|budget:B=N|none] [--mode act|watch] [--dialect D] ' +
		'[--verifier-url URL --verifier-model M] [--config gateway.json]',
	examples: [
		'thinktrim gateway --upstream http://gpu-node:8000/v1 --port 9000 --policy trimr   # trim every request',
		'thinktrim gateway --upstream http://gpu-node:8000/v1 --mode watch   # only measure what TrimR would save',
		'thinktrim gateway --config gateway.json   # per-model policies (docs/gateway.md)',
	],
	exitCodes: [
		[0, 'stopped with Ctrl-C or SIGTERM'],
		[1, 'could not start (no --upstream, bad config file, port in use, bad option value)'],
		[2, 'the command line is wrong (unknown option, missing value)'],
	],
	run(args, io) {
		return serveUntilStopped((signal) => runGateway(args, io, signal));
	},
};

/** The command body; serves until `signal` aborts. `onListening` hands tests the URL. */
export async function runGateway(
	args: readonly string[],
	io: CliIo,
	signal: AbortSignal,
	onListening?: (url: string) => void,
): Promise<number> {
	const { positional, options } = parseArgs(args, VALUED);
	if (positional.length > 0) {
		throw new Error(`unexpected argument "${positional[0]}"`);
	}
	const port = numberFlag(options, 'port', isPort, 'a port number');
	const flags: GatewayFlags = {
		upstream: stringFlag(options, 'upstream'),
		host: stringFlag(options, 'host'),
		port,
		policy: stringFlag(options, 'policy'),
		mode: stringFlag(options, 'mode'),
		dialect: stringFlag(options, 'dialect'),
		verifierUrl: stringFlag(options, 'verifier-url'),
		verifierModel: stringFlag(options, 'verifier-model'),
	};
	const file = stringFlag(options, 'config');
	const config = parseGatewayConfig(await readConfigFile(file), flags, file ?? 'gateway.json');
	const gateway = await startGateway(config, { log: (line) => io.stdout(`${line}\n`) });
	const models = Object.keys(config.models);
	const hint = gatewayNodeFlagsHint(process.execArgv, process.env.NODE_OPTIONS);
	io.stderr(
		`ThinkTrim gateway at ${gateway.url} → ${config.upstream}\n` +
			`  policy ${config.defaults.policy} (${config.defaults.mode})` +
			`${models.length > 0 ? `, own settings for ${models.join(', ')}` : ''}; ` +
			`verifier ${config.verifier !== undefined ? `llm ${config.verifier.model}` : 'heuristic'}\n` +
			`  metrics ${gateway.origin}/metrics, health ${gateway.origin}/healthz, live events ${gateway.origin}/thinktrim/events\n` +
			// In the banner's own write, so whoever reads the banner has the hint too.
			(hint !== undefined ? `${hint}\n` : ''),
	);
	onListening?.(gateway.url);
	await untilAborted(signal);
	await gateway.close();
	return 0;
}
