import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseDatasetJsonl } from '../core/dataset/datasetProblem';
import { evaluateDataset } from '../core/dataset/evaluateDataset';
import type { DatasetEvaluation } from '../core/dataset/evaluationTypes';
import { evaluationRunsCsv, evaluationSummaryCsv } from '../core/dataset/exportCsv';
import { evaluationToJson } from '../core/dataset/exportJson';
import { buildVariants, parsePolicyList } from '../core/dataset/policyVariants';
import { messagesFor } from '../core/dataset/problemRunner';
import { completionsPorts } from '../core/policies/completionsPorts';
import { evaluationReportHtml } from '../core/dataset/reportHtml';
import { evaluationSummaryText, progressLine } from '../core/dataset/summaryText';
import { writeFileAtomic } from '../core/history/atomicWrite';
import { ReasoningClient } from '../core/stream/reasoningClient';
import { formatTraceLineError } from '../core/traces/traceRecord';
import { HeuristicVerifier } from '../core/verifier/heuristicVerifier';
import { LlmVerifier } from '../core/verifier/llmVerifier';
import type { Verifier } from '../core/verifier/verdict';
import { redactSecrets } from '../core/text/redact';
import { readInputFile } from './inputFile';
import { checkOutputPath } from './outputPaths';
import { verifierFallbackLine } from './verifierFallback';
import { RunLedger, resumeState } from './runLedger';
import { BASE_URL, preflight } from './evalPreflight';
import { CLIENT_SWITCHES, CLIENT_VALUE_FLAGS, clientOptionsFrom } from './clientLimits';
import {
	parseArgs,
	type CliCommand,
	type CliIo,
	numberFlag,
	stringFlag,
	wholeAtLeast,
} from './cliCommand';
import { loadTokenCounter } from '../core/tokens/tokenCounter';
import { UserError } from '../shared/userError';

const VALUED = [
	'base-url',
	'model',
	'policy',
	'sweep',
	'concurrency',
	'limit',
	'system',
	'max-tokens',
	'answer-max-tokens',
	'temperature',
	'thinking',
	'verifier',
	'verifier-url',
	'verifier-model',
	'verifier-api-key',
	'out-json',
	'out-csv',
	'out-summary-csv',
	'out-html',
	...CLIENT_VALUE_FLAGS,
];
const SWITCHES = [...CLIENT_SWITCHES, 'quiet', 'strict', 'online', 'resume'];
const OUT_OPTIONS = ['out-json', 'out-csv', 'out-summary-csv', 'out-html'] as const;
type Options = Map<string, string | true>;

function verifierFrom(options: Options): Verifier {
	const kind =
		stringFlag(options, 'verifier') ?? (options.has('verifier-url') ? 'llm' : 'heuristic');
	if (kind === 'heuristic') {
		return new HeuristicVerifier();
	}
	if (kind !== 'llm') {
		throw new Error(`--verifier takes heuristic or llm, got "${kind}"`);
	}
	const baseURL = stringFlag(options, 'verifier-url');
	const model = stringFlag(options, 'verifier-model');
	if (baseURL === undefined || model === undefined) {
		throw new Error('--verifier llm needs --verifier-url URL and --verifier-model M');
	}
	return new LlmVerifier({
		baseURL,
		model,
		apiKey: stringFlag(options, 'verifier-api-key') ?? process.env.THINKTRIM_VERIFIER_API_KEY,
	});
}

async function writeOutput(
	path: string | undefined,
	text: () => string,
	io: CliIo,
	secrets: readonly (string | undefined)[],
): Promise<void> {
	if (path === undefined) {
		return;
	}
	await mkdir(dirname(path), { recursive: true });
	// Server messages in the results may echo a key; exports never carry one.
	await writeFileAtomic(path, redactSecrets(text(), secrets));
	io.stderr(`Wrote ${path}\n`);
}

/** `thinktrim eval`: runs a JSONL dataset untrimmed and trimmed against a server and reports the savings. */
export const evalCommand: CliCommand = {
	name: 'eval',
	summary:
		'evaluate stop policies on a JSONL dataset of problems against a server (accuracy vs saved tokens and time)',
	usage:
		'thinktrim eval DATASET.jsonl --base-url URL [--model M] [--policy trimr,dynasor,deer,budget] ' +
		'[--sweep "trimr:M=1,2,3;dynasor:N=2,3"] [--concurrency N] [--online] [--limit N] ' +
		'[--verifier heuristic|llm --verifier-url URL --verifier-model M] ' +
		'[--out-json F] [--out-csv F] [--out-summary-csv F] [--out-html F] [--resume] [--strict] [--quiet]',
	examples: [
		'thinktrim eval problems.jsonl --base-url http://127.0.0.1:8000/v1 --policy trimr,dynasor,deer --out-html report.html',
		'thinktrim eval problems.jsonl --base-url http://gpu:8000/v1 --online --concurrency 4 --out-json runs.json   ' +
			'# Dynasor and DEER ask the model itself',
		'thinktrim eval problems.jsonl --base-url http://gpu:8000/v1 --sweep "trimr:M=1,2,3" --limit 20 --strict',
		'thinktrim eval problems.jsonl --base-url http://gpu:8000/v1 --policy trimr --out-json runs.json --resume   ' +
			'# continue an interrupted run',
	],
	exitCodes: [
		[0, 'the evaluation ran (runs that failed are listed in the report)'],
		[
			1,
			'every run failed, --strict and any run failed or the LLM verifier fell back to the heuristic, ' +
				'the server or dataset could not be read, or an option value is wrong',
		],
		[2, 'the command line is wrong (unknown option, missing value)'],
		[
			130,
			'stopped with Ctrl-C (finished runs are kept and reported; with --out-json, --resume continues)',
		],
	],
	run(args, io) {
		return runEval(args, io, undefined);
	},
};

/** The command body; `signal` lets tests (and Ctrl-C) cancel, keeping what finished. */
export async function runEval(
	args: readonly string[],
	io: CliIo,
	signal: AbortSignal | undefined,
): Promise<number> {
	const { positional, options } = parseArgs(args, VALUED, SWITCHES);
	const [file, extra] = positional;
	if (file === undefined || extra !== undefined) {
		throw new Error(
			file === undefined
				? 'give the dataset: thinktrim eval DATASET.jsonl --base-url URL'
				: `unexpected argument "${extra}"`,
		);
	}
	const baseUrl = stringFlag(options, 'base-url') ?? process.env.THINKTRIM_BASE_URL;
	if (baseUrl === undefined) {
		throw new UserError('--base-url is required (e.g. http://host:8000/v1)', {
			actions: [BASE_URL],
		});
	}
	// Every client flag is checked here, before any file is read or request sent.
	const clientOptions = clientOptionsFrom(options, baseUrl);
	const thinking = stringFlag(options, 'thinking');
	if (thinking !== undefined && thinking !== 'on' && thinking !== 'off') {
		throw new Error('--thinking takes on or off');
	}
	const variants = buildVariants(
		parsePolicyList(stringFlag(options, 'policy') ?? ''),
		stringFlag(options, 'sweep'),
	);
	const verifier = verifierFrom(options);
	const limit = numberFlag(options, 'limit', wholeAtLeast(1), 'a whole number of at least 1');
	const concurrency = numberFlag(
		options,
		'concurrency',
		wholeAtLeast(1),
		'a whole number of at least 1',
	);
	for (const option of OUT_OPTIONS) {
		const path = stringFlag(options, option);
		if (path !== undefined) {
			await checkOutputPath(path, option);
		}
	}
	const parsed = parseDatasetJsonl(await readInputFile(file, 'dataset'), file);
	for (const error of parsed.errors) {
		io.stderr(`${formatTraceLineError(error)} (skipped)\n`);
	}
	const problems = limit !== undefined ? parsed.problems.slice(0, limit) : parsed.problems;
	if (problems.length === 0) {
		throw new Error(`${file} has no usable problem (each line needs a JSON object with "problem")`);
	}
	const outJson = stringFlag(options, 'out-json');
	const resume = await resumeState(
		options.has('resume'),
		outJson,
		file,
		problems,
		variants.map((v) => v.key),
		io,
	);
	const client = await ReasoningClient.create(clientOptions);
	const controller = new AbortController();
	const onSignal = (): void => controller.abort();
	signal?.addEventListener('abort', onSignal, { once: true });
	process.once('SIGINT', onSignal);
	const secrets = [
		stringFlag(options, 'api-key'),
		stringFlag(options, 'verifier-api-key'),
		process.env.THINKTRIM_API_KEY,
		process.env.THINKTRIM_VERIFIER_API_KEY,
	];
	const ledger =
		outJson !== undefined ? new RunLedger(`${outJson}.runs.jsonl`, secrets) : undefined;
	let evaluation: DatasetEvaluation;
	try {
		const model = await preflight(client, baseUrl, stringFlag(options, 'model'), controller.signal);
		// Thoughts counted with the model's tokenizer when installed, as analyze counts them.
		await loadTokenCounter(model);
		// Started only once the server answered: a failed start leaves no ledger behind to resume.
		await ledger?.begin({ dataset: file, variants: variants.map((v) => v.key) }, resume?.lines);
		const quiet = options.has('quiet');
		const thinkingOn = thinking === undefined ? undefined : thinking === 'on';
		evaluation = await evaluateDataset({
			// Dynasor's probes and DEER's trials go to the model itself, on the chat as each problem sends it.
			online: options.has('online')
				? completionsPorts({
						client,
						model,
						thinking: thinkingOn,
						messagesFor: (p) =>
							messagesFor({ id: '', problem: p ?? '', line: 0 }, stringFlag(options, 'system')),
					})
				: undefined,
			problems,
			variants,
			client,
			model,
			verifier,
			concurrency,
			prior: resume?.prior,
			signal: controller.signal,
			dataset: { file, skipped: parsed.errors },
			run: {
				maxTokens: numberFlag(
					options,
					'max-tokens',
					wholeAtLeast(1),
					'a whole number of at least 1',
				),
				answerMaxTokens: numberFlag(
					options,
					'answer-max-tokens',
					wholeAtLeast(1),
					'a whole number of at least 1',
				),
				temperature: numberFlag(options, 'temperature', (n) => n >= 0, 'a number of at least 0'),
				thinking: thinkingOn,
				systemPrompt: stringFlag(options, 'system'),
			},
			onProgress: (event) => {
				ledger?.record(event);
				const line =
					quiet && event.type !== 'start' && event.type !== 'end' ? undefined : progressLine(event);
				if (line !== undefined) {
					io.stderr(`${line}\n`);
				}
			},
		});
	} finally {
		process.off('SIGINT', onSignal);
		signal?.removeEventListener('abort', onSignal);
		await client.close();
	}
	const ledgerFailure = await ledger?.flush();
	if (ledgerFailure !== undefined) {
		io.stderr(
			`thinktrim eval: could not write ${ledger?.path ?? ''} as runs finished: ${ledgerFailure}\n`,
		);
	}
	await writeOutput(outJson, () => evaluationToJson(evaluation), io, secrets);
	if (evaluation.cancelled && ledger !== undefined) {
		// Kept so that the same command with --resume continues where this one stopped.
		io.stderr(
			`Interrupted: the finished runs are in ${ledger.path}; run the same command with --resume to continue.\n`,
		);
	} else {
		await ledger?.remove();
	}
	await writeOutput(
		stringFlag(options, 'out-csv'),
		() => evaluationRunsCsv(evaluation),
		io,
		secrets,
	);
	await writeOutput(
		stringFlag(options, 'out-summary-csv'),
		() => evaluationSummaryCsv(evaluation),
		io,
		secrets,
	);
	await writeOutput(
		stringFlag(options, 'out-html'),
		() => evaluationReportHtml(evaluation),
		io,
		secrets,
	);
	io.stdout(evaluationSummaryText(evaluation));
	const fallback = verifierFallbackLine('eval', verifier);
	if (fallback !== undefined) {
		io.stderr(fallback);
	}
	const code = exitCode(evaluation, options.has('strict'), io);
	if (code === 0 && fallback !== undefined && options.has('strict')) {
		io.stderr('thinktrim eval: the LLM verifier fell back to the heuristic (--strict)\n');
		return 1;
	}
	return code;
}

/** 0 when the evaluation ran, 1 when no run pair completed (or --strict and any run failed), 130 when cancelled. */
function exitCode(evaluation: DatasetEvaluation, strict: boolean, io: CliIo): number {
	if (evaluation.cancelled) {
		return 130;
	}
	const compared = evaluation.aggregates.reduce((n, a) => n + a.compared, 0);
	const failures = evaluation.problems
		.flatMap((p) => [p.untrimmed, ...p.trimmed])
		.filter((r) => r?.status === 'error');
	if (compared === 0 && failures.length > 0) {
		io.stderr(
			`thinktrim eval: every run failed; first error: ${failures[0]?.error ?? 'unknown'}\n`,
		);
		return 1;
	}
	if (strict && failures.length > 0) {
		io.stderr(`thinktrim eval: ${failures.length} run(s) failed (--strict)\n`);
		return 1;
	}
	return 0;
}
