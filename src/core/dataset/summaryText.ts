/**
 * Plain-text views of a dataset evaluation for terminals and logs: one progress line per finished run,
 * and the summary table per policy and threshold.
 */
import type { DatasetEvaluation, EvaluationProgress } from './evaluationTypes';
import { formatCount, formatSeconds, formatShare } from './reportFormat';
import { verifierCostLine } from './verifierCost';

/** The line for a progress event, or `undefined` for events not worth a line. Model text is kept out. */
export function progressLine(event: EvaluationProgress): string | undefined {
	if (event.type === 'start') {
		return (
			`Evaluating ${event.problems} problem(s) × ${event.variants + 1} run(s) ` +
			`(untrimmed + ${event.variants} trimmed) = ${event.runs} runs`
		);
	}
	if (event.type === 'run-end') {
		const r = event.run;
		const width = String(event.problems).length;
		const where = `[${String(event.problem + 1).padStart(width)}/${event.problems}] ${event.id} ${event.phase}`;
		if (r.status !== 'complete') {
			return `${where}: ${r.status}${r.error !== undefined ? ` (${r.error})` : ''}`;
		}
		const thinking =
			r.keptThinkingTokens !== r.generatedThinkingTokens
				? `${r.keptThinkingTokens}/${r.generatedThinkingTokens}`
				: String(r.generatedThinkingTokens);
		const correct = r.correct === undefined ? '' : r.correct ? ', correct' : ', wrong';
		const cut = r.cut !== undefined ? `, cut: ${r.cut.trigger}` : '';
		return `${where}: ${thinking} thinking tokens, ${formatSeconds(r.wallMs)}${cut}${correct}`;
	}
	if (event.type === 'end' && event.cancelled) {
		return 'Cancelled: the runs that finished are kept in the results.';
	}
	return undefined;
}

function table(rows: readonly (readonly string[])[]): string {
	const widths: number[] = [];
	for (const row of rows) {
		row.forEach((cell, i) => {
			widths[i] = Math.max(widths[i] ?? 0, cell.length);
		});
	}
	return rows
		.map((row) =>
			row
				.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
				.join('  ')
				.trimEnd(),
		)
		.join('\n');
}

/** The summary table (untrimmed first, then each variant) and a line on errors and cancellation. */
export function evaluationSummaryText(evaluation: DatasetEvaluation): string {
	const u = evaluation.untrimmed;
	const rows: string[][] = [
		[
			'run',
			'compared',
			'errors',
			'cuts',
			'accuracy',
			'agreement',
			'flips',
			'thinking saved',
			'time saved',
			'CR',
			`makespan @${evaluation.settings.concurrency}`,
			'makespan saved',
			'time/token',
			'verifier/run',
		],
		[
			'untrimmed',
			String(u.completed),
			String(u.errors),
			'–',
			u.graded > 0 ? formatShare(u.accuracy) : '–',
			'–',
			'–',
			`(${formatCount(u.thinkingTokens)} tok)`,
			`(${formatSeconds(u.wallMs)})`,
			'1.00',
			'–',
			'–',
			'–',
			'–',
		],
	];
	for (const a of evaluation.aggregates) {
		rows.push([
			a.label,
			String(a.compared),
			String(a.errors),
			String(a.cuts),
			a.graded > 0 ? formatShare(a.accuracyTrimmed) : '–',
			formatShare(a.agreement),
			String(a.flips),
			formatShare(a.savedThinkingShare),
			formatShare(a.savedTimeShare),
			a.compressionRatio !== undefined ? a.compressionRatio.toFixed(2) : '–',
			a.makespan !== undefined
				? `${formatSeconds(a.makespan.untrimmedMs)} → ${formatSeconds(a.makespan.trimmedMs)}`
				: '–',
			formatShare(a.makespan?.savedShare),
			a.makespan?.timeToTokenRatio !== undefined ? a.makespan.timeToTokenRatio.toFixed(2) : '–',
			a.verifierMsPerRun !== undefined ? formatSeconds(a.verifierMsPerRun) : '–',
		]);
	}
	const lines = [
		table(rows),
		`Makespan: the dataset's runs scheduled on ${evaluation.settings.concurrency} slot(s) from their ` +
			'measured wall times (verifier and continuation included); ' +
			'time/token = makespan saved ÷ thinking saved.',
	];
	const llm = /^LLM verifier/.test(evaluation.settings.verifier);
	for (const a of evaluation.aggregates) {
		if (a.verifierCost !== undefined && (llm || a.verifierCalls > 0)) {
			lines.push(`Verifier, ${a.label}: ${verifierCostLine(a.verifierCost)}.`);
		}
	}
	const failed =
		u.errors +
		evaluation.problems.reduce(
			(n, p) => n + p.trimmed.filter((t) => t.status === 'error').length,
			0,
		);
	if (failed > 0) {
		lines.push(`${failed} run(s) failed; those problems are left out of the comparison.`);
	}
	if (evaluation.cancelled) {
		lines.push(
			`Cancelled after ${evaluation.problems.filter((p) => p.status === 'done').length} of ${evaluation.problems.length} problems.`,
		);
	}
	return `${lines.join('\n')}\n`;
}
