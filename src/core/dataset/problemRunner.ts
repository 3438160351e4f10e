/**
 * One problem of a dataset evaluation: the untrimmed run (watch mode, no cut; every variant's cut is
 * marked by replaying its policy on the chain's verdicts), then one trimmed run per variant (act mode).
 * The runs go one after another so that their wall-clock times are measured under the same load.
 */
import { executeLiveRun } from '../run/liveRun';
import type { LivePolicy } from '../run/livePorts';
import { messagesFor as runMessages } from '../run/runRecords';
import type { RunMode, RunOutcome } from '../run/runTypes';
import type { ChatMessage } from '../stream/reasoningClient';
import type { DatasetProblem } from './datasetProblem';
import { UNTRIMMED, type DatasetRunFigures, type EvaluateDatasetOptions, type ProblemResult, type TrimmedRun, type UntrimmedRun } from './evaluationTypes';
import { failedFigures, failedUntrimmed, figuresOf, trimmedRunOf, untrimmedRunOf } from './runFigures';

/** What a problem's runs report to the evaluation. */
export interface ProblemHooks {
	runStart(phase: string): void;
	runEnd(phase: string, run: DatasetRunFigures): void;
	/** Runs that will not happen (the untrimmed run failed), so that progress still reaches the total. */
	runsSkipped(count: number): void;
}

/** The chat of a problem: its own system prompt, else the evaluation's, then the problem. */
export function messagesFor(problem: DatasetProblem, systemPrompt: string | undefined): ChatMessage[] {
	return runMessages(problem.problem, problem.system ?? systemPrompt);
}

function messageOf(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}

/** Runs one chain, headless (no view, no store); an unexpected throw becomes a failed outcome instead of sinking the evaluation. */
async function oneRun(options: EvaluateDatasetOptions, problem: DatasetProblem, mode: RunMode, policy: LivePolicy): Promise<RunOutcome | string> {
	const run = options.run ?? {};
	try {
		const endpoint = {
			client: options.client,
			model: options.model,
			baseUrl: options.client.options.baseUrl,
			verifier: options.verifier,
			policy,
			segmenter: run.segmenter,
			maxTokens: run.maxTokens,
			temperature: run.temperature,
			thinking: run.thinking,
			answerMaxTokens: run.answerMaxTokens,
			guide: run.guide,
			chatTemplate: run.chatTemplate,
		};
		const spec = { problem: problem.problem, systemPrompt: problem.system ?? run.systemPrompt, mode, kind: mode === 'act' ? ('replay' as const) : ('live' as const), goldAnswer: problem.goldAnswer };
		return (await executeLiveRun(endpoint, spec, {}, options.signal)).outcome;
	} catch (err) {
		return messageOf(err);
	}
}

function stopped(options: EvaluateDatasetOptions): boolean {
	return options.signal?.aborted === true;
}

/** Evaluates one problem; never throws. `index` is its 0-based position. */
export async function evaluateProblem(options: EvaluateDatasetOptions, problem: DatasetProblem, index: number, hooks: ProblemHooks): Promise<ProblemResult> {
	const base = { index, id: problem.id, problem: problem.problem, goldAnswer: problem.goldAnswer, line: problem.line };
	if (stopped(options)) {
		return { ...base, status: 'not-run', untrimmed: undefined, trimmed: [] };
	}
	hooks.runStart(UNTRIMMED);
	const outcome = await oneRun(options, problem, 'watch', { name: 'none' });
	let untrimmed: UntrimmedRun;
	if (typeof outcome === 'string') {
		untrimmed = failedUntrimmed(failedFigures(outcome, stopped(options) ? 'cancelled' : 'error'));
	} else {
		untrimmed = untrimmedRunOf(outcome, figuresOf(outcome, problem.goldAnswer, stopped(options)), options.variants, problem.problem);
	}
	hooks.runEnd(UNTRIMMED, untrimmed);
	if (untrimmed.status !== 'complete') {
		// Without the untrimmed run there is nothing to compare a trimmed run with.
		hooks.runsSkipped(options.variants.length);
		return { ...base, status: untrimmed.status === 'cancelled' ? 'cancelled' : 'done', untrimmed, trimmed: [] };
	}
	const trimmed: TrimmedRun[] = [];
	for (const variant of options.variants) {
		if (stopped(options)) {
			return { ...base, status: 'cancelled', untrimmed, trimmed };
		}
		hooks.runStart(variant.key);
		const result = await oneRun(options, problem, 'act', { name: variant.policy, options: variant.options, online: options.online ?? {} });
		const figures = typeof result === 'string' ? failedFigures(result, stopped(options) ? 'cancelled' : 'error') : figuresOf(result, problem.goldAnswer, stopped(options));
		const run = trimmedRunOf(variant, figures, untrimmed);
		trimmed.push(run);
		hooks.runEnd(variant.key, run);
	}
	const cancelled = trimmed.some((t) => t.status === 'cancelled');
	return { ...base, status: cancelled ? 'cancelled' : 'done', untrimmed, trimmed };
}
