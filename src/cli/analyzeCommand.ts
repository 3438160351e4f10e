import { analyzeTrace } from '../core/engine/analyzeTrace';
import type { TraceEvaluation } from '../core/evaluation/evaluateTrace';
import { summarize } from '../core/evaluation/summary';
import { isPolicyName, POLICY_NAMES, type PolicyName } from '../shared/protocol';
import { loadTokenCounter, tokenCounterFor } from '../core/tokens/tokenCounter';
import { maxRecordBytesOption, readTraceFile } from './traceFileOptions';
import { HeuristicVerifier } from '../core/verifier/heuristicVerifier';
import { LlmVerifier } from '../core/verifier/llmVerifier';
import { verifierFallbackLine } from './verifierFallback';
import type { Verifier } from '../core/verifier/verdict';
import { parseArgs, UsageError, type CliCommand, type CliIo, type ParsedArgs } from './cliCommand';
import { reportError, wantsVerbose } from './errorOutput';
import { bundledSamplesPath } from './paths';
import { flipCountTable, frontChart, sweepJsonLine, sweepTables } from './sweepReport';
import { parseSweepSpec, type PolicyVariant } from '../core/dataset/policyVariants';
import { SweepAccumulator, sweepVariants } from '../core/evaluation/sweep';
import { referenceTimeline } from '../core/evaluation/answerTimeline';
import {
	LENGTH_BUCKETS,
	lengthBucketOf,
	inSplit,
	parseSplitSelection,
	type LengthBucket,
	type SplitSelection,
} from '../core/evaluation/traceSplit';
import { messageOf } from '../shared/userError';
import { traceJson, cell, traceRow, summaryLines, flipRateInterval } from './analyzeOutput';

const USAGE =
	'thinktrim analyze [FILE.jsonl...] [--policy trimr|trimr-paper|dynasor|deer|budget|none] ' +
	'[--param NAME=VALUE]... [--sweep SPEC|all] [--split train|dev|train-fold-K-of-N|train-rest-K-of-N] ' +
	'[--bucket under-2k|2k-8k|8k-plus] ' +
	'[--verifier heuristic|llm --verifier-url URL --verifier-model M [--verifier-api-key K]] ' +
	'[--budget TOKENS] [--max-record-bytes N] [--strict] [--json]';

/** `--param M=1 --param T=32`: pulled out before the ordinary parsing, since it repeats. */
function takeParams(args: readonly string[]): { rest: string[]; params: string[] } {
	const rest: string[] = [];
	const params: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const arg = args[i] ?? '';
		if (arg === '--param') {
			const value = args[++i];
			if (value === undefined) {
				throw new Error('--param needs NAME=VALUE');
			}
			params.push(value);
		} else if (arg.startsWith('--param=')) {
			params.push(arg.slice('--param='.length));
		} else {
			rest.push(arg);
		}
	}
	return { rest, params };
}

/** The policy options of `--policy P --param NAME=VALUE…`, through the sweep grammar (`P:NAME=VALUE`). */
function singleVariant(policy: PolicyName, params: readonly string[]): PolicyVariant | undefined {
	if (params.length === 0) {
		return undefined;
	}
	if (policy === 'none') {
		throw new Error('--param needs a policy that cuts (not none)');
	}
	const [variant] = parseSweepSpec([policy, ...params].join(':'));
	return variant;
}

/** Reads the policy and verifier options; throws a usage error with what is wrong. */
function readOptions(options: ParsedArgs['options']): {
	policy: PolicyName;
	verifier: Verifier;
	budget?: number;
} {
	const policy = options.get('policy') ?? 'trimr';
	if (typeof policy !== 'string' || !isPolicyName(policy)) {
		throw new Error(`--policy must be one of ${POLICY_NAMES.join(', ')}`);
	}
	const budgetOption = options.get('budget');
	const budget = typeof budgetOption === 'string' ? Number(budgetOption) : undefined;
	if (budget !== undefined && !(Number.isInteger(budget) && budget > 0)) {
		throw new Error('--budget must be a positive number of tokens');
	}
	const kind = options.get('verifier') ?? 'heuristic';
	const url = options.get('verifier-url');
	const model = options.get('verifier-model');
	if (kind === 'heuristic') {
		if (url !== undefined || model !== undefined) {
			throw new Error('--verifier-url and --verifier-model need --verifier llm');
		}
		return { policy, verifier: new HeuristicVerifier(), budget };
	}
	if (kind !== 'llm') {
		throw new Error('--verifier must be heuristic or llm');
	}
	if (typeof url !== 'string' || typeof model !== 'string') {
		throw new Error('--verifier llm needs --verifier-url URL (with /v1) and --verifier-model M');
	}
	const flagKey = options.get('verifier-api-key');
	const apiKey = typeof flagKey === 'string' ? flagKey : process.env.THINKTRIM_VERIFIER_API_KEY;
	return { policy, verifier: new LlmVerifier({ baseURL: url, model, apiKey }), budget };
}

/** A value of an option that takes one of a few names, or undefined when the option is absent. */
function oneOf<T extends string>(
	value: string | true | undefined,
	allowed: readonly T[],
	option: string,
): T | undefined {
	if (value === undefined) {
		return undefined;
	}
	const found = allowed.find((a) => a === value);
	if (found === undefined) {
		throw new Error(`${option} must be one of ${allowed.join(', ')}`);
	}
	return found;
}

/** `thinktrim analyze`: runs a stop policy over recorded traces and reports cuts, savings and flips. */
export const analyzeCommand: CliCommand = {
	name: 'analyze',
	summary: 'run a stop policy over recorded traces: cuts, saved tokens, flips, oracle',
	usage: USAGE,
	examples: [
		'thinktrim analyze media/traces/samples.jsonl   # TrimR over the bundled traces: cuts, saved tokens, flips, oracle',
		'thinktrim analyze traces/*.jsonl --policy deer --json   # one JSON line per trace, then a summary line',
		'thinktrim analyze traces/*.jsonl --policy trimr --param M=1   # TrimR with one policy parameter changed',
		'thinktrim analyze traces/*.jsonl --split dev --bucket under-2k --sweep all   ' +
			'# every policy and setting: tables and the saved-vs-flips fronts',
		'thinktrim analyze traces/*.jsonl --verifier llm --verifier-url http://gpu:8001/v1 --verifier-model Qwen2.5-7B-Instruct',
	],
	exitCodes: [
		[0, 'every trace was analysed'],
		[
			1,
			'a file could not be read, held no traces, or had bad records (reported with file:line; the rest are analysed)',
		],
		[2, 'the command line is wrong (unknown option, bad --policy, --param or --sweep)'],
	],
	async run(args, io: CliIo) {
		let parsed: ParsedArgs;
		let settings: ReturnType<typeof readOptions>;
		let variant: PolicyVariant | undefined;
		let sweep: SweepAccumulator | undefined;
		let split: SplitSelection | undefined;
		let bucket: LengthBucket | undefined;
		let maxRecordBytes: number | undefined;
		try {
			const { rest, params } = takeParams(args);
			parsed = parseArgs(
				rest,
				[
					'policy',
					'verifier',
					'verifier-url',
					'verifier-model',
					'verifier-api-key',
					'budget',
					'sweep',
					'split',
					'bucket',
					'max-record-bytes',
				],
				['json', 'strict'],
			);
			maxRecordBytes = maxRecordBytesOption(parsed.options);
			const splitOption = parsed.options.get('split');
			if (splitOption === true) {
				throw new Error('--split needs a value');
			}
			split = splitOption === undefined ? undefined : parseSplitSelection(splitOption);
			bucket = oneOf(parsed.options.get('bucket'), LENGTH_BUCKETS, '--bucket');
			settings = readOptions(parsed.options);
			const spec = parsed.options.get('sweep');
			if (spec !== undefined) {
				if (
					typeof spec !== 'string' ||
					params.length > 0 ||
					parsed.options.has('policy') ||
					parsed.options.has('budget')
				) {
					throw new Error('--sweep SPEC replaces --policy, --param and --budget');
				}
				sweep = new SweepAccumulator(sweepVariants(spec));
			} else {
				variant = singleVariant(settings.policy, params);
			}
		} catch (err) {
			// Every option error here is a wrong command line: exit 2.
			return reportError(err instanceof UsageError ? err : new UsageError(messageOf(err)), io, {
				command: 'analyze',
				verbose: wantsVerbose(args),
			});
		}
		const json = parsed.options.has('json');
		const files = parsed.positional.length > 0 ? parsed.positional : [bundledSamplesPath()];
		const evaluations: TraceEvaluation[] = [];
		let failed = false;
		// The table's head goes out with its first row: a run that reads no trace (a mistyped path) shows
		// the error and the summary, not an empty table around them.
		let headDue = !json && sweep === undefined;
		for (const file of files) {
			const read = await readTraceFile(file, io, { maxRecordBytes });
			failed ||= read.failed;
			const records = read.records;
			for (const trace of records) {
				if (split !== undefined && !inSplit(trace.problem, split)) {
					continue;
				}
				await loadTokenCounter(trace.model);
				const analysis = await analyzeTrace(trace, {
					policy: sweep !== undefined ? 'none' : settings.policy,
					policyOptions: variant?.options ?? { budget: settings.budget },
					verifier: settings.verifier,
					segmenter: { tokenCounter: tokenCounterFor(trace.model) },
				});
				if (bucket !== undefined && lengthBucketOf(analysis.thinkingTokens) !== bucket) {
					continue;
				}
				if (sweep !== undefined) {
					// Segmented and verified once; every setting replays these verdicts.
					sweep.add({
						trace,
						thoughts: analysis.thoughts,
						steps: analysis.steps,
						timeline: referenceTimeline(analysis.thoughts, trace.problem),
					});
					continue;
				}
				evaluations.push(analysis.evaluation);
				if (headDue) {
					headDue = false;
					io.stdout(
						`${settings.verifier.description}\n` +
							`${cell('trace', 34)} ${'thou.'.padStart(5)} ${'tokens'.padStart(7)}  ` +
							`${cell('cut (thought @token trigger)', 30)} ${'saved'.padStart(6)} ${'oracle'.padStart(6)}  ` +
							'answer at cut → final\n',
					);
				}
				io.stdout(
					json ? `${JSON.stringify(traceJson(analysis))}\n` : `${traceRow(analysis.evaluation)}\n`,
				);
			}
		}
		if (sweep !== undefined) {
			const points = sweep.points();
			if (json) {
				io.stdout(points.map((p) => `${sweepJsonLine(p)}\n`).join(''));
			} else {
				const traces = points[0]?.traces ?? 0;
				io.stdout(
					`${settings.verifier.description}; ${traces} traces, ${points.length} settings\n` +
						`${[...sweepTables(points), ...frontChart(points), ...flipCountTable(points)].join('\n')}\n`,
				);
			}
			return verifierExit(settings.verifier, parsed.options.has('strict'), io) || (failed ? 1 : 0);
		}
		const summary = summarize(settings.policy, evaluations);
		if (json) {
			const { traces, thinkingTokens, savedTokens, oracleSavedTokens, flips, policy } = summary;
			const { afterFirstFinalTokens, thoughts, maxThoughtTokens } = summary;
			io.stdout(
				`${JSON.stringify({
					summary: {
						traces,
						thinkingTokens,
						savedTokens,
						oracleSavedTokens,
						flips,
						flipRateInterval: flipRateInterval(flips, traces),
						policy,
						cuts: summary.cuts,
						graded: summary.graded,
						correct: summary.correct,
						correctAtCut: summary.correctAtCut,
						verifierCalls: summary.verifierCalls,
						verifier: settings.verifier.description,
						afterFirstFinalTokens,
						thoughts,
						maxThoughtTokens,
					},
				})}\n`,
			);
		} else {
			io.stdout(`${headDue ? '' : '\n'}${summaryLines(summary).join('\n')}\n`);
		}
		return verifierExit(settings.verifier, parsed.options.has('strict'), io) || (failed ? 1 : 0);
	},
};

/** Says on stderr when the LLM verifier fell back to the heuristic; 1 under --strict then, else 0. */
function verifierExit(verifier: Verifier, strict: boolean, io: CliIo): number {
	const line = verifierFallbackLine('analyze', verifier);
	if (line === undefined) {
		return 0;
	}
	io.stderr(line);
	return strict ? 1 : 0;
}
