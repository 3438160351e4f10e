/**
 * CSV exports of a dataset evaluation (RFC 4180: comma-separated, double-quoted where needed, CRLF line
 * ends): one row per problem × run, and one row per variant for the summary. Text that a spreadsheet would
 * run as a formula (`=…`, `+…`, `@…`, `-…` that is not a number) is prefixed with an apostrophe.
 */
import type {
	DatasetEvaluation,
	DatasetRunFigures,
	ProblemResult,
	TrimmedRun,
} from './evaluationTypes';
import { UNTRIMMED } from './evaluationTypes';
import type { PolicyVariant } from './policyVariants';

type Cell = string | number | boolean | undefined;

/** The per-run columns, in order. */
export const RUN_COLUMNS = [
	'problem_index',
	'problem_id',
	'line',
	'run',
	'policy',
	'parameters',
	'status',
	'generated_thinking_tokens',
	'kept_thinking_tokens',
	'answer_tokens',
	'wall_ms',
	'verifier_ms',
	'verifier_calls',
	'saved_thinking_tokens',
	'saved_share',
	'saved_ms',
	'saved_time_share',
	'answer',
	'gold_answer',
	'correct',
	'same_as_untrimmed',
	'trigger',
	'cut_token',
	'marked_cut_token',
	'needed_thinking_tokens',
	'thoughts',
	'answer_switches',
	'error',
] as const;

/** The per-variant summary columns, in order. */
export const SUMMARY_COLUMNS = [
	'run',
	'policy',
	'parameters',
	'compared',
	'errors',
	'cancelled',
	'cuts',
	'graded',
	'accuracy_untrimmed',
	'accuracy_trimmed',
	'agreement',
	'flip_rate',
	'broke_correct',
	'fixed_wrong',
	'untrimmed_thinking_tokens',
	'kept_thinking_tokens',
	'saved_thinking_share',
	'predicted_saved_share',
	'compression_ratio',
	'untrimmed_wall_ms',
	'trimmed_wall_ms',
	'saved_time_share',
	'verifier_ms',
	'verifier_calls',
	'verifier_ms_per_run',
	'concurrency',
	'untrimmed_makespan_ms',
	'trimmed_makespan_ms',
	'saved_makespan_share',
	'time_to_token_ratio',
] as const;

const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** One CSV field. */
export function csvCell(value: Cell): string {
	if (value === undefined) {
		return '';
	}
	if (typeof value === 'number') {
		return Number.isFinite(value) ? String(Math.round(value * 10_000) / 10_000) : '';
	}
	if (typeof value === 'boolean') {
		return value ? 'true' : 'false';
	}
	let text = value;
	if (/^[=+@\t\r]/.test(text) || (text.startsWith('-') && !NUMBER.test(text))) {
		text = `'${text}`;
	}
	return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(cells: readonly Cell[]): string {
	return cells.map(csvCell).join(',');
}

function parametersText(variant: PolicyVariant | undefined): string {
	return variant === undefined
		? ''
		: Object.entries(variant.parameters)
				.map(([k, v]) => `${k}=${v}`)
				.join(' ');
}

function runCells(
	problem: ProblemResult,
	run: string,
	variant: PolicyVariant | undefined,
	figures: DatasetRunFigures | undefined,
	trimmed: TrimmedRun | undefined,
): Cell[] {
	const untrimmed = problem.untrimmed;
	const mark = variant !== undefined ? untrimmed?.marks[variant.key] : undefined;
	return [
		problem.index + 1,
		problem.id,
		problem.line,
		run,
		variant?.policy ?? 'none',
		parametersText(variant),
		figures?.status ?? problem.status,
		figures?.generatedThinkingTokens,
		figures?.keptThinkingTokens,
		figures?.answerTokens,
		figures?.wallMs,
		figures?.verifierMs,
		figures?.verifierCalls,
		trimmed?.savedThinkingTokens,
		trimmed?.savedShare,
		trimmed?.savedMs,
		trimmed?.savedTimeShare,
		figures?.answer,
		problem.goldAnswer,
		figures?.correct,
		trimmed?.sameAsUntrimmed,
		figures?.cut?.trigger,
		figures?.cut?.tokenOffset,
		mark === null ? undefined : mark?.tokenOffset,
		variant === undefined ? untrimmed?.neededThinkingTokens : undefined,
		figures?.thoughts,
		variant === undefined ? untrimmed?.answerSwitches : undefined,
		figures?.error,
	];
}

/** One row per problem × run (the untrimmed run first); a problem never run gets one row saying so. */
export function evaluationRunsCsv(evaluation: DatasetEvaluation): string {
	const lines = [RUN_COLUMNS.join(',')];
	const variants = new Map(evaluation.variants.map((v) => [v.key, v]));
	for (const problem of evaluation.problems) {
		lines.push(csvLine(runCells(problem, UNTRIMMED, undefined, problem.untrimmed, undefined)));
		for (const run of problem.trimmed) {
			lines.push(csvLine(runCells(problem, run.variant, variants.get(run.variant), run, run)));
		}
	}
	return `${lines.join('\r\n')}\r\n`;
}

/** One row per variant with its aggregates. */
export function evaluationSummaryCsv(evaluation: DatasetEvaluation): string {
	const lines = [SUMMARY_COLUMNS.join(',')];
	const variants = new Map(evaluation.variants.map((v) => [v.key, v]));
	for (const a of evaluation.aggregates) {
		lines.push(
			csvLine([
				a.variant,
				a.policy,
				parametersText(variants.get(a.variant)),
				a.compared,
				a.errors,
				a.cancelled,
				a.cuts,
				a.graded,
				a.accuracyUntrimmed,
				a.accuracyTrimmed,
				a.agreement,
				a.flipRate,
				a.brokeCorrect,
				a.fixedWrong,
				a.untrimmedThinkingTokens,
				a.keptThinkingTokens,
				a.savedThinkingShare,
				a.predictedSavedShare,
				a.compressionRatio,
				a.untrimmedWallMs,
				a.trimmedWallMs,
				a.savedTimeShare,
				a.verifierMs,
				a.verifierCalls,
				a.verifierMsPerRun,
				a.makespan?.concurrency,
				a.makespan?.untrimmedMs,
				a.makespan?.trimmedMs,
				a.makespan?.savedShare,
				a.makespan?.timeToTokenRatio,
			]),
		);
	}
	return `${lines.join('\r\n')}\r\n`;
}
