/**
 * Dataset evaluation: every problem is run untrimmed and once per trimmed variant against a live
 * endpoint, a bounded number of problems at a time, with progress events and cancellation; the result
 * keeps every run (failed and cancelled ones included) and the aggregates of docs/evaluation.md#what-each-figure-means.
 *
 * ```ts
 * const { problems } = parseDatasetJsonl(text, 'gsm8k.jsonl');
 * const result = await evaluateDataset({ problems, variants: buildVariants(['trimr'], 'dynasor:N=2,3'), client, model, signal });
 * writeFileSync('report.html', evaluationReportHtml(result));
 * ```
 */
import { HeuristicVerifier } from '../verifier/heuristicVerifier';
import { aggregateUntrimmed, aggregateVariants } from './aggregate';
import type {
	DatasetEvaluation,
	DatasetRunFigures,
	EvaluateDatasetOptions,
	EvaluationProgress,
	ProblemResult,
} from './evaluationTypes';
import { evaluateProblem, priorResult } from './problemRunner';

export const DEFAULT_EVALUATION_CONCURRENCY = 2;

/** The base URL without user info, query or fragment (where gateways sometimes carry keys). */
export function publicBaseUrl(baseUrl: string): string {
	try {
		const url = new URL(baseUrl);
		return `${url.protocol}//${url.host}${url.pathname}`;
	} catch {
		return baseUrl.replace(/\/\/[^@/]*@/, '//').replace(/[?#].*$/, '');
	}
}

/**
 * Runs the evaluation. Rejects only for bad options (no problems, no variants, bad concurrency); server
 * failures are recorded per run, and an abort returns what finished with `cancelled: true`.
 */
export async function evaluateDataset(options: EvaluateDatasetOptions): Promise<DatasetEvaluation> {
	const total = options.problems.length;
	if (total === 0) {
		throw new Error('the dataset has no problems to evaluate');
	}
	if (options.variants.length === 0) {
		throw new Error('give at least one policy to evaluate');
	}
	const concurrency = options.concurrency ?? DEFAULT_EVALUATION_CONCURRENCY;
	if (!Number.isInteger(concurrency) || concurrency < 1) {
		throw new Error(`concurrency must be a positive integer, got ${concurrency}`);
	}
	const startedAt = new Date();
	const t0 = performance.now();
	const runs = total * (1 + options.variants.length);
	const emit = (event: EvaluationProgress): void => {
		try {
			options.onProgress?.(event);
		} catch {
			// A failing progress listener must not lose the evaluation.
		}
	};
	emit({ type: 'start', problems: total, variants: options.variants.length, runs });
	// Dialect discovery happens once per client: do it now so that it is not timed as part of the first run.
	await options.client.discover(options.signal).catch(() => undefined);

	const results: Array<ProblemResult | undefined> = new Array<ProblemResult | undefined>(total);
	let next = 0;
	let runsDone = 0;
	let problemsDone = 0;
	const worker = async (): Promise<void> => {
		while (options.signal?.aborted !== true && next < total) {
			const index = next++;
			const problem = options.problems[index];
			if (problem === undefined) {
				continue;
			}
			const hooks = {
				runStart: (phase: string): void =>
					emit({ type: 'run-start', problem: index, problems: total, id: problem.id, phase }),
				runEnd: (phase: string, run: DatasetRunFigures): void =>
					emit({
						type: 'run-end',
						problem: index,
						problems: total,
						id: problem.id,
						phase,
						run,
						runsDone: ++runsDone,
						runs,
					}),
				runsSkipped: (count: number): void => {
					runsDone += count;
				},
			};
			const result = await evaluateProblem(options, problem, index, hooks);
			results[index] = result;
			emit({
				type: 'problem-end',
				problem: index,
				problems: total,
				id: problem.id,
				status: result.status,
				problemsDone: ++problemsDone,
				runsDone,
				runs,
			});
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, total) }, () => worker()));

	const problems = options.problems.map(
		(p, index): ProblemResult =>
			results[index] ??
			priorResult(options, p, index) ?? {
				index,
				id: p.id,
				problem: p.problem,
				goldAnswer: p.goldAnswer,
				line: p.line,
				status: 'not-run',
				untrimmed: undefined,
				trimmed: [],
			},
	);
	const cancelled = options.signal?.aborted === true;
	const run = options.run ?? {};
	const evaluation: DatasetEvaluation = {
		format: 'thinktrim-dataset-evaluation',
		version: 1,
		startedAt: startedAt.toISOString(),
		finishedAt: new Date().toISOString(),
		durationMs: performance.now() - t0,
		cancelled,
		settings: {
			model: options.model,
			baseUrl: publicBaseUrl(options.client.options.baseUrl),
			dialect: options.client.dialect,
			verifier: (options.verifier ?? new HeuristicVerifier()).description,
			concurrency,
			online: options.online !== undefined,
			run: {
				maxTokens: run.maxTokens,
				temperature: run.temperature,
				thinking: run.thinking,
				answerMaxTokens: run.answerMaxTokens,
				guide: run.guide,
				systemPrompt: run.systemPrompt,
			},
			dataset: options.dataset?.file,
		},
		variants: options.variants,
		problems,
		untrimmed: aggregateUntrimmed(problems),
		aggregates: aggregateVariants(options.variants, problems, concurrency),
		skippedLines: options.dataset?.skipped ?? [],
	};
	emit({ type: 'end', cancelled });
	return evaluation;
}
