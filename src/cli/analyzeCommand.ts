import { readFile } from 'node:fs/promises';
import { analyzeTrace, type TraceAnalysis } from '../core/engine/analyzeTrace';
import type { TraceEvaluation } from '../core/evaluation/evaluateTrace';
import { summarize, summaryShares, type EvaluationSummary } from '../core/evaluation/summary';
import { STOP_POLICY_NAMES, type StopPolicyName } from '../core/policies/stopPolicy';
import { loadTokenCounter, tokenCounterFor } from '../core/tokens/tokenCounter';
import { formatTraceLineError, parseTraceJsonl } from '../core/traces/traceRecord';
import { HeuristicVerifier } from '../core/verifier/heuristicVerifier';
import { LlmVerifier } from '../core/verifier/llmVerifier';
import type { Verifier } from '../core/verifier/verdict';
import { parseArgs, type CliCommand, type CliIo, type ParsedArgs } from './cliCommand';
import { bundledSamplesPath } from './paths';

const USAGE =
	'thinktrim analyze [FILE.jsonl...] [--policy trimr|dynasor|deer|budget|none] [--verifier heuristic|llm --verifier-url URL --verifier-model M] [--budget TOKENS] [--json]';

/** Reads the policy and verifier options; throws a usage error with what is wrong. */
function readOptions(options: ParsedArgs['options']): { policy: StopPolicyName; verifier: Verifier; budget?: number } {
	const policy = options.get('policy') ?? 'trimr';
	if (typeof policy !== 'string' || !(STOP_POLICY_NAMES as readonly string[]).includes(policy)) {
		throw new Error(`--policy must be one of ${STOP_POLICY_NAMES.join(', ')}`);
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
		return { policy: policy as StopPolicyName, verifier: new HeuristicVerifier(), budget };
	}
	if (kind !== 'llm') {
		throw new Error('--verifier must be heuristic or llm');
	}
	if (typeof url !== 'string' || typeof model !== 'string') {
		throw new Error('--verifier llm needs --verifier-url URL (with /v1) and --verifier-model M');
	}
	const apiKey = process.env.THINKTRIM_VERIFIER_API_KEY;
	return { policy: policy as StopPolicyName, verifier: new LlmVerifier({ baseURL: url, model, apiKey }), budget };
}

/** The per-trace JSON line (the shape documented in docs/engine.md). */
function traceJson(analysis: TraceAnalysis): Record<string, unknown> {
	const e = analysis.evaluation;
	return {
		id: e.id,
		thoughts: e.thoughts,
		thinkingTokens: e.thinkingTokens,
		cut: e.cut === undefined ? null : { thought: e.cut.thought, tokenOffset: e.cut.tokenOffset, trigger: e.cut.trigger },
		keptTokens: e.keptTokens,
		savedTokens: e.savedTokens,
		answerAtCut: e.answerAtCut ?? null,
		finalAnswer: e.finalAnswer ?? null,
		flipped: e.flipped,
		oracle: { thought: e.oracle.thought, tokenOffset: e.oracle.tokenOffset, savedTokens: e.oracle.savedTokens },
		explanation: e.cut?.explanation ?? null,
		goldAnswer: e.goldAnswer ?? null,
		correct: e.correct ?? null,
		correctAtCut: e.correctAtCut ?? null,
		compressionRatio: Math.round(e.compressionRatio * 1000) / 1000,
		answerSwitches: e.answerSwitches,
		verifierCalls: e.verifierCalls,
		verifierFallbacks: analysis.verifierFallbacks,
		tokenCount: analysis.tokenSource === 'server' ? 'server' : tokenCounterFor(analysis.trace.model).description,
	};
}

function percent(part: number, whole: number): string {
	return whole > 0 ? `${((part / whole) * 100).toFixed(1)} %` : '–';
}

function cell(text: string, width: number): string {
	return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

/** One table row per trace. */
function traceRow(e: TraceEvaluation): string {
	const cut = e.cut === undefined ? 'no cut' : `#${e.cut.thought + 1} @${e.cut.tokenOffset} ${e.cut.trigger}`;
	const answer = e.cut === undefined ? '' : `${e.answerAtCut ?? '(none)'} → ${e.finalAnswer ?? '(none)'}${e.flipped ? '  FLIP' : ''}`;
	return `${cell(e.id, 34)} ${String(e.thoughts).padStart(5)} ${String(e.thinkingTokens).padStart(7)}  ${cell(cut, 30)} ${String(e.savedTokens).padStart(6)} ${String(e.oracle.savedTokens).padStart(6)}  ${answer.replace(/\s+/g, ' ')}`;
}

function summaryLines(s: EvaluationSummary): string[] {
	const shares = summaryShares(s);
	const lines = [
		`${s.traces} traces, ${s.thinkingTokens} thinking tokens, policy ${s.policy}: ${s.cuts} cut, saved ${s.savedTokens} tokens (${percent(s.savedTokens, s.thinkingTokens)}); oracle ${s.oracleSavedTokens} (${percent(s.oracleSavedTokens, s.thinkingTokens)}), captured ${percent(s.savedTokens, s.oracleSavedTokens)}; ${s.flips} flips (${percent(s.flips, s.traces)})`,
	];
	if (s.graded > 0) {
		lines.push(`accuracy against gold on ${s.graded} traces: ${percent(s.correct, s.graded)} full, ${percent(s.correctAtCut, s.graded)} at the cut (${(shares.accuracyDelta * 100).toFixed(1)} points)`);
	}
	if (s.verifierCalls > 0) {
		lines.push(`verifier calls up to the cuts: ${s.verifierCalls}`);
	}
	return lines;
}

/** `thinktrim analyze`: runs a stop policy over recorded traces and reports cuts, savings and flips. */
export const analyzeCommand: CliCommand = {
	name: 'analyze',
	summary: 'run a stop policy over recorded traces: cuts, saved tokens, flips, oracle',
	usage: USAGE,
	async run(args, io: CliIo) {
		let parsed: ParsedArgs;
		let settings: ReturnType<typeof readOptions>;
		try {
			parsed = parseArgs(args, ['policy', 'verifier', 'verifier-url', 'verifier-model', 'budget'], ['json']);
			settings = readOptions(parsed.options);
		} catch (err) {
			io.stderr(`thinktrim analyze: ${err instanceof Error ? err.message : String(err)}\nUsage: ${USAGE}\n`);
			return 2;
		}
		const json = parsed.options.has('json');
		const files = parsed.positional.length > 0 ? parsed.positional : [bundledSamplesPath()];
		const evaluations: TraceEvaluation[] = [];
		let failed = false;
		if (!json) {
			io.stdout(`${settings.verifier.description}\n${cell('trace', 34)} ${'thou.'.padStart(5)} ${'tokens'.padStart(7)}  ${cell('cut (thought @token trigger)', 30)} ${'saved'.padStart(6)} ${'oracle'.padStart(6)}  answer at cut → final\n`);
		}
		for (const file of files) {
			let text: string;
			try {
				text = await readFile(file, 'utf8');
			} catch (err) {
				io.stderr(`${file}: cannot read (${err instanceof Error ? err.message : String(err)})\n`);
				failed = true;
				continue;
			}
			const { records, errors } = parseTraceJsonl(text, file);
			for (const error of errors) {
				io.stderr(`${formatTraceLineError(error)}; skipped\n`);
				failed = true;
			}
			for (const trace of records) {
				await loadTokenCounter(trace.model);
				const analysis = await analyzeTrace(trace, {
					policy: settings.policy,
					policyOptions: { budget: settings.budget },
					verifier: settings.verifier,
					segmenter: { tokenCounter: tokenCounterFor(trace.model) },
				});
				evaluations.push(analysis.evaluation);
				io.stdout(json ? `${JSON.stringify(traceJson(analysis))}\n` : `${traceRow(analysis.evaluation)}\n`);
			}
		}
		const summary = summarize(settings.policy, evaluations);
		if (json) {
			const { traces, thinkingTokens, savedTokens, oracleSavedTokens, flips, policy } = summary;
			io.stdout(`${JSON.stringify({ summary: { traces, thinkingTokens, savedTokens, oracleSavedTokens, flips, policy, cuts: summary.cuts, graded: summary.graded, correct: summary.correct, correctAtCut: summary.correctAtCut, verifierCalls: summary.verifierCalls } })}\n`);
		} else {
			io.stdout(`\n${summaryLines(summary).join('\n')}\n`);
		}
		return failed ? 1 : 0;
	},
};
