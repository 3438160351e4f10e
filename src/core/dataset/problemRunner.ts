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
import {
	UNTRIMMED,
	type DatasetRunFigures,
	type EvaluateDatasetOptions,
	type ProblemResult,
	type TrimmedRun,
	type UntrimmedRun,
} from './evaluationTypes';
import {
	failedFigures,
	failedUntrimmed,
	figuresOf,
	trimmedRunOf,
	untrimmedRunOf,
} from './runFigures';
import { messageOf } from '../../shared/userError';

/** What a problem's runs report to the evaluation. */
export interface ProblemHooks {
	runStart(phase: string): void;
	runEnd(phase: string, run: DatasetRunFigures): void;
	/** Runs that will not happen (the untrimmed run failed) or were reused (--resume), so that progress still reaches the total. */
	runsSkipped(count: number): void;
}

/** The chat of a problem: its own system prompt, else the evaluation's, then the problem. */
export function messagesFor(
	problem: DatasetProblem,
	systemPrompt: string | undefined,
): ChatMessage[] {
	return runMessages(problem.problem, problem.system ?? systemPrompt);
}

/** Runs one chain, headless (no view, no store); an unexpected throw becomes a failed outcome instead of sinking the evaluation. */
async function oneRun(
	options: EvaluateDatasetOptions,
	problem: DatasetProblem,
	mode: RunMode,
	policy: LivePolicy,
): Promise<RunOutcome | string> {
	const run = options.run ?? {};
	try {
		const endpoint = {
			client: options.client,
			model: options.model,
			baseUrl: options.client.options.baseUrl,
			// Each run pays for its own verifier calls (the trimmed run would reuse the untrimmed run's).
			verifier: options.verifier?.forRun?.() ?? options.verifier,
			policy,
			segmenter: run.segmenter,
			maxTokens: run.maxTokens,
			temperature: run.temperature,
			thinking: run.thinking,
			answerMaxTokens: run.answerMaxTokens,
			guide: run.guide,
			chatTemplate: run.chatTemplate,
		};
		const spec = {
			problem: problem.problem,
			systemPrompt: problem.system ?? run.systemPrompt,
			mode,
			kind: mode === 'act' ? ('replay' as const) : ('live' as const),
			goldAnswer: problem.goldAnswer,
		};
		return (await executeLiveRun(endpoint, spec, {}, options.signal)).outcome;
	} catch (err) {
		return messageOf(err);
	}
}

function stopped(options: EvaluateDatasetOptions): boolean {
	return options.signal?.aborted === true;
}

/** Evaluates one problem; never throws. `index` is its 0-based position. */
export async function evaluateProblem(
	options: EvaluateDatasetOptions,
	problem: DatasetProblem,
	index: number,
	hooks: ProblemHooks,
): Promise<ProblemResult> {
	const base = {
		index,
		id: problem.id,
		problem: problem.problem,
		goldAnswer: problem.goldAnswer,
		line: problem.line,
	};
	const prior = options.prior?.get(index);
	if (stopped(options)) {
		return (
			priorResult(options, problem, index) ?? {
				...base,
				status: 'not-run',
				untrimmed: undefined,
				trimmed: [],
			}
		);
	}
	let untrimmed: UntrimmedRun;
	if (prior?.untrimmed !== undefined) {
		// Finished in an earlier, interrupted evaluation (--resume): kept, not run again.
		untrimmed = prior.untrimmed;
		hooks.runsSkipped(1);
	} else {
		hooks.runStart(UNTRIMMED);
		const outcome = await oneRun(options, problem, 'watch', { name: 'none' });
		if (typeof outcome === 'string') {
			untrimmed = failedUntrimmed(failedFigures(outcome, stopped(options) ? 'cancelled' : 'error'));
		} else {
			untrimmed = untrimmedRunOf(
				outcome,
				figuresOf(outcome, problem.goldAnswer, stopped(options)),
				options.variants,
				problem.problem,
			);
		}
		hooks.runEnd(UNTRIMMED, untrimmed);
	}
	if (untrimmed.status !== 'complete') {
		// Without the untrimmed run there is nothing to compare a trimmed run with.
		hooks.runsSkipped(options.variants.length);
		return {
			...base,
			status: untrimmed.status === 'cancelled' ? 'cancelled' : 'done',
			untrimmed,
			trimmed: [],
		};
	}
	const trimmed: TrimmedRun[] = [];
	for (const variant of options.variants) {
		const earlier = prior?.trimmed.get(variant.key);
		if (earlier !== undefined) {
			trimmed.push(earlier);
			hooks.runsSkipped(1);
			continue;
		}
		if (stopped(options)) {
			return { ...base, status: 'cancelled', untrimmed, trimmed };
		}
		hooks.runStart(variant.key);
		const result = await oneRun(options, problem, 'act', {
			name: variant.policy,
			options: variant.options,
			online: options.online ?? {},
		});
		const figures =
			typeof result === 'string'
				? failedFigures(result, stopped(options) ? 'cancelled' : 'error')
				: figuresOf(result, problem.goldAnswer, stopped(options));
		const run = trimmedRunOf(variant, figures, untrimmed);
		trimmed.push(run);
		hooks.runEnd(variant.key, run);
	}
	const cancelled = trimmed.some((t) => t.status === 'cancelled');
	return { ...base, status: cancelled ? 'cancelled' : 'done', untrimmed, trimmed };
}

/**
 * A problem not reached in this evaluation, from the runs an earlier one finished (--resume), so that an
 * evaluation interrupted again still reports them; undefined when there are none.
 */
export function priorResult(
	options: EvaluateDatasetOptions,
	problem: DatasetProblem,
	index: number,
): ProblemResult | undefined {
	const prior = options.prior?.get(index);
	if (prior?.untrimmed === undefined) {
		return undefined;
	}
	const trimmed = options.variants.flatMap((v) => {
		const run = prior.trimmed.get(v.key);
		return run !== undefined ? [run] : [];
	});
	const done = prior.untrimmed.status !== 'complete' || trimmed.length === options.variants.length;
	return {
		index,
		id: problem.id,
		problem: problem.problem,
		goldAnswer: problem.goldAnswer,
		line: problem.line,
		status: done ? 'done' : 'cancelled',
		untrimmed: prior.untrimmed,
		trimmed,
	};
}
