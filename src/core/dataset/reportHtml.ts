/**
 * The self-contained HTML report of a dataset evaluation: settings, the summary per policy and threshold,
 * the two plots (accuracy against saved tokens and against saved time) and every run. No script, no
 * network (a CSP forbids both), styles inline, light and dark. Every text that came from a dataset, a
 * model or a server — problems, answers, ids, error messages, explanations — goes through `escapeHtml`.
 * Pure: the CLI writes it to a file, the extension can show it in a webview.
 */
import { wilsonInterval } from '../evaluation/rateInterval';
import type { VariantAggregate } from './aggregateTypes';
import type {
	DatasetEvaluation,
	DatasetRunFigures,
	ProblemResult,
	TrimmedRun,
} from './evaluationTypes';
import type { PolicyVariant } from './policyVariants';
import { REPORT_STYLES } from './reportStyles';
import { accuracyPlotSvg, plotData } from './reportPlot';
import { frontPlotSvg, type FrontPoint } from './frontPlot';
import { escapeHtml as esc, htmlPage } from '../text/html';
import { excerpt, formatCount, formatSeconds, formatShare, formatYesNo } from './reportFormat';
import { formatMs, formatRequestsPerThought } from './verifierCost';

/** Options of the report. */
export interface ReportOptions {
	/** Page title; default "ThinkTrim dataset evaluation". */
	readonly title?: string;
}

function meta(evaluation: DatasetEvaluation): string {
	const s = evaluation.settings;
	const items: Array<[string, string | undefined]> = [
		['Model', s.model],
		['Endpoint', s.baseUrl],
		['Dialect', s.dialect],
		['Verifier', s.verifier],
		['Dataset', s.dataset],
		['Problems', String(evaluation.problems.length)],
		['Concurrency', String(s.concurrency)],
		['Max tokens', s.run.maxTokens !== undefined ? String(s.run.maxTokens) : undefined],
		['Temperature', s.run.temperature !== undefined ? String(s.run.temperature) : undefined],
		['Started', evaluation.startedAt],
		['Duration', formatSeconds(evaluation.durationMs)],
	];
	return `<dl class="meta">${items
		.filter((i): i is [string, string] => i[1] !== undefined && i[1] !== '')
		.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`)
		.join('')}</dl>`;
}

function notices(evaluation: DatasetEvaluation): string {
	const out: string[] = [];
	if (evaluation.cancelled) {
		const done = evaluation.problems.filter((p) => p.status === 'done').length;
		out.push(
			`<p class="notice">Cancelled: ${done} of ${evaluation.problems.length} problems finished; ` +
				'the figures cover the runs that completed.</p>',
		);
	}
	const failed =
		evaluation.untrimmed.errors +
		evaluation.problems.reduce(
			(n, p) => n + p.trimmed.filter((t) => t.status === 'error').length,
			0,
		);
	if (failed > 0) {
		out.push(
			`<p class="notice error">${failed} run(s) failed; their problems are left out of the comparison (see the Status column).</p>`,
		);
	}
	if (evaluation.skippedLines.length > 0) {
		const lines = evaluation.skippedLines
			.slice(0, 20)
			.map((e) => `<li>${esc(`${e.file}:${e.line}: ${e.message}`)}</li>`);
		const more =
			evaluation.skippedLines.length > 20
				? `<li>… and ${evaluation.skippedLines.length - 20} more</li>`
				: '';
		out.push(
			`<details class="notice"><summary>${evaluation.skippedLines.length} dataset line(s) skipped</summary>` +
				`<ul>${lines.join('')}${more}</ul></details>`,
		);
	}
	return out.join('');
}

/** A table's header row, one column heading a cell. */
function headRow(head: readonly string[]): string {
	return `<thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead>`;
}

/** A table's body, one row of cells an entry. */
function bodyRows(rows: readonly (readonly string[])[]): string {
	return `<tbody>${rows.map((cells) => `<tr>${cells.join('')}</tr>`).join('')}</tbody>`;
}

function accuracyCell(a: VariantAggregate): string {
	if (a.graded === 0) {
		return '–';
	}
	const delta = (a.accuracyTrimmed ?? 0) - (a.accuracyUntrimmed ?? 0);
	const sign = delta > 0 ? '+' : delta < 0 ? '−' : '±';
	return (
		`${esc(formatShare(a.accuracyUntrimmed))} → <b>${esc(formatShare(a.accuracyTrimmed))}</b> ` +
		`<span class="delta">(${sign}${esc(formatShare(Math.abs(delta)))})</span>`
	);
}

/** Each variant as a point of the saved-vs-flips front (variants without a compared pair are left out). */
export function evaluationFrontPoints(evaluation: DatasetEvaluation): FrontPoint[] {
	return evaluation.aggregates.flatMap((a) => {
		if (a.savedThinkingShare === undefined || a.flipRate === undefined) {
			return [];
		}
		const params = Object.entries(a.parameters)
			.map(([k, v]) => `${k}=${v}`)
			.join(' ');
		return [
			{
				policy: a.policy,
				label: params === '' ? 'default' : params,
				saved: a.savedThinkingShare,
				flipRate: a.flipRate,
			},
		];
	});
}

function timeTable(evaluation: DatasetEvaluation): string {
	const head = [
		'Run',
		`Makespan @${evaluation.settings.concurrency}, untrimmed → trimmed`,
		'Makespan saved',
		'Thinking saved',
		'Time / token',
		'Verifier per trimmed request (mean · p95)',
		'Verifier requests per thought',
		'Verifier calls',
	];
	const rows = evaluation.aggregates.map((a) => {
		const m = a.makespan;
		return [
			`<th scope="row">${esc(a.label)}</th>`,
			`<td>${m !== undefined ? `${esc(formatSeconds(m.untrimmedMs))} → <b>${esc(formatSeconds(m.trimmedMs))}</b>` : '–'}</td>`,
			`<td><b>${esc(formatShare(m?.savedShare))}</b></td>`,
			`<td>${esc(formatShare(a.savedThinkingShare))}</td>`,
			`<td>${m?.timeToTokenRatio !== undefined ? esc(m.timeToTokenRatio.toFixed(2)) : '–'}</td>`,
			`<td>${esc(formatMs(a.verifierCost?.meanMs ?? a.verifierMsPerRun))} · ${esc(formatMs(a.verifierCost?.p95Ms))}</td>`,
			`<td>${esc(formatRequestsPerThought(a.verifierCost))}</td>`,
			`<td>${a.verifierCalls}</td>`,
		];
	});
	return `<div class="scroll"><table class="summary time-under-load">${headRow(head)}${bodyRows(rows)}</table></div>`;
}

function summaryTable(evaluation: DatasetEvaluation): string {
	const u = evaluation.untrimmed;
	const head = [
		'Run',
		'Compared',
		'Errors',
		'Cuts',
		'Accuracy',
		'Agreement',
		'Flips',
		'Thinking saved',
		'Predicted',
		'CR',
		'Time saved',
		'Verifier',
		'Triggers',
	];
	const untrimmedRow = [
		'<th scope="row">Untrimmed</th>',
		`<td>${u.completed}</td>`,
		`<td>${u.errors}</td>`,
		'<td>–</td>',
		`<td>${u.graded > 0 ? esc(formatShare(u.accuracy)) : '–'}</td>`,
		'<td>–</td><td>–</td>',
		`<td>– <span class="delta">(oracle ${esc(formatShare(u.oracleSavedShare))})</span></td>`,
		'<td>–</td><td>1.00</td>',
		'<td>–</td>',
		'<td>–</td><td>–</td>',
	];
	const rows = evaluation.aggregates.map((a) => {
		const triggers = Object.entries(a.triggers)
			.map(([t, n]) => `${t} ${n}`)
			.join(', ');
		return [
			`<th scope="row">${esc(a.label)}</th>`,
			`<td>${a.compared}</td>`,
			`<td class="${a.errors > 0 ? 'bad' : ''}">${a.errors}</td>`,
			`<td>${a.cuts}</td>`,
			`<td>${accuracyCell(a)}</td>`,
			`<td>${esc(formatShare(a.agreement))}</td>`,
			`<td>${a.flips} <span class="delta">(${esc(formatShare(a.flipRate))}${esc(flipsUpTo(a.flips, a.compared))})</span></td>`,
			`<td><b>${esc(formatShare(a.savedThinkingShare))}</b> ` +
				`<span class="delta">(${esc(formatCount(a.untrimmedThinkingTokens - a.keptThinkingTokens))})</span></td>`,
			`<td>${esc(formatShare(a.predictedSavedShare))}</td>`,
			`<td>${a.compressionRatio !== undefined ? esc(a.compressionRatio.toFixed(2)) : '–'}</td>`,
			`<td><b>${esc(formatShare(a.savedTimeShare))}</b></td>`,
			`<td>${esc(formatSeconds(a.verifierMs))}</td>`,
			`<td class="triggers">${esc(triggers === '' ? '–' : triggers)}</td>`,
		];
	});
	const totals =
		`<p class="note">Untrimmed runs: ${esc(formatCount(u.thinkingTokens))} thinking tokens and ` +
		`${esc(formatCount(u.answerTokens))} answer tokens in ${esc(formatSeconds(u.wallMs))} ` +
		`(summed over the completed runs); ${u.answerSwitches} answer switches. ` +
		'The oracle is the share of thinking after the final answer was stated for good. ' +
		'"Up to" under Flips is the upper end of the flip rate\'s 95 % interval (Wilson): on other ' +
		'problems the same setting may flip that often.</p>';
	const table = `<table class="summary">${headRow(head)}${bodyRows([untrimmedRow, ...rows])}</table>`;
	return `${totals}<div class="scroll">${table}</div>`;
}

/** ", up to 4.3 %": the flip rate's 95 % upper bound over the compared problems (none without any). */
function flipsUpTo(flips: number, compared: number): string {
	return compared > 0 ? `, up to ${formatShare(wilsonInterval(flips, compared).high)}` : '';
}

function statusCell(run: DatasetRunFigures | undefined, fallback: string): string {
	const status = run?.status ?? fallback;
	const title = run?.error !== undefined ? ` title="${esc(run.error)}"` : '';
	return `<td class="status ${esc(status)}"${title}>${esc(status)}</td>`;
}

function runRow(
	problemCell: string,
	label: string,
	run: DatasetRunFigures | undefined,
	trimmed: TrimmedRun | undefined,
	fallback: string,
): string {
	const answer = run?.answer;
	const detail =
		run?.error ??
		(run?.cut !== undefined ? `${run.cut.trigger} at token ${run.cut.tokenOffset}` : '');
	const detailTitle = run?.error ?? run?.cut?.explanation;
	const kept =
		run !== undefined
			? `${esc(formatCount(run.keptThinkingTokens))} / ${esc(formatCount(run.generatedThinkingTokens))}`
			: '–';
	const answerTitle = answer !== undefined ? ` title="${esc(answer)}"` : '';
	return [
		'<tr>',
		problemCell,
		`<td class="run">${esc(label)}</td>`,
		statusCell(run, fallback),
		`<td class="num">${kept}</td>`,
		`<td class="num">${esc(formatShare(trimmed?.savedShare))}</td>`,
		`<td class="num">${esc(formatCount(run?.answerTokens))}</td>`,
		`<td class="num">${esc(formatSeconds(run?.wallMs))}</td>`,
		`<td class="num">${esc(formatSeconds(run?.verifierMs))}</td>`,
		`<td class="answer"${answerTitle}>${esc(answer !== undefined ? excerpt(answer, 60) : '–')}</td>`,
		`<td>${esc(trimmed !== undefined ? formatYesNo(trimmed.sameAsUntrimmed) : '')}</td>`,
		`<td class="${run?.correct === true ? 'good' : run?.correct === false ? 'bad' : ''}">${esc(formatYesNo(run?.correct))}</td>`,
		`<td class="detail"${detailTitle !== undefined ? ` title="${esc(detailTitle)}"` : ''}>${esc(excerpt(detail, 90))}</td>`,
		'</tr>',
	].join('');
}

function problemRows(problem: ProblemResult, variants: ReadonlyMap<string, PolicyVariant>): string {
	const span = 1 + problem.trimmed.length;
	const gold =
		problem.goldAnswer !== undefined
			? `<div class="gold">gold: ${esc(excerpt(problem.goldAnswer, 40))}</div>`
			: '';
	const text =
		`<div class="ptext" title="${esc(excerpt(problem.problem, 1500))}">` +
		`${esc(excerpt(problem.problem, 140))}</div>`;
	const problemCell = `<td rowspan="${span}" class="problem"><div class="pid">${esc(problem.id)}</div>${text}${gold}</td>`;
	const rows = [runRow(problemCell, 'untrimmed', problem.untrimmed, undefined, problem.status)];
	for (const run of problem.trimmed) {
		rows.push(
			runRow('', variants.get(run.variant)?.label ?? run.variant, run, run, problem.status),
		);
	}
	return `<tbody>${rows.join('')}</tbody>`;
}

function runsTable(evaluation: DatasetEvaluation): string {
	const head = [
		'Problem',
		'Run',
		'Status',
		'Thinking kept / generated',
		'Saved',
		'Answer tokens',
		'Time',
		'Verifier',
		'Answer',
		'Same',
		'Correct',
		'Cut / error',
	];
	const variants = new Map(evaluation.variants.map((v) => [v.key, v]));
	const problems = evaluation.problems.map((p) => problemRows(p, variants)).join('');
	return `<table class="runs">${headRow(head)}${problems}</table>`;
}

/** The whole report as one HTML document. */
export function evaluationReportHtml(
	evaluation: DatasetEvaluation,
	options: ReportOptions = {},
): string {
	const title = options.title ?? 'ThinkTrim dataset evaluation';
	const policies = evaluation.variants
		.map((v) => `<li><b>${esc(v.label)}</b>: ${esc(v.description)}</li>`)
		.join('');
	// Self-contained: inline styles and SVG, no script at all; every outside text in it is escaped.
	return htmlPage({
		title: `${title} — ${evaluation.settings.model}`,
		csp: ["default-src 'none'", "style-src 'unsafe-inline'", 'img-src data:'],
		head: `<style>${REPORT_STYLES}</style>`,
		body: [
			`<header><h1>${esc(title)}</h1>${meta(evaluation)}${notices(evaluation)}</header>`,
			`<section><h2>Summary per policy and threshold</h2>${summaryTable(evaluation)}` +
				`<ul class="policies">${policies}</ul></section>`,
			'<section><h2>Accuracy against savings</h2><div class="plots">' +
				`${accuracyPlotSvg(plotData(evaluation, 'tokens'))}${accuracyPlotSvg(plotData(evaluation, 'time'))}</div>`,
			'<p class="note">Each point is one policy setting over the problems where both its run and the ' +
				'untrimmed run completed. Up and to the right is better: the grey point is the untrimmed run; ' +
				'a point below it lost accuracy for the savings it made. ' +
				'Time includes the verifier and the continuation after the cut.</p></section>',
			`<section><h2>Time under load</h2>${timeTable(evaluation)}`,
			'<p class="note">The makespan is how long the whole dataset takes with ' +
				`${evaluation.settings.concurrency} problem(s) in flight: each run's measured wall time ` +
				'(verifier waits, trial answers and the continuation after a cut included), placed in dataset ' +
				'order on the first free slot. Time / token is the makespan saved divided by the thinking ' +
				'saved: 1.00 means time falls in proportion to the tokens. Verifier per trimmed request: the ' +
				"summed latency of one trimmed run's verifier calls, which overlap the stream (work, not " +
				'waiting); a thought makes at most one verifier request.</p></section>',
			`<section><h2>Saved against flips</h2><div class="plots">${frontPlotSvg(evaluationFrontPoints(evaluation))}</div>`,
			'<p class="note">One point per policy setting: the share of thinking it saved against the share of ' +
				"answers it flipped. Each policy's front (filled points, joined) is the settings no other " +
				'setting of that policy beats on both; higher and further left is better.</p></section>',
			`<section><h2>Runs</h2>${runsTable(evaluation)}</section>`,
			`<footer>Generated by ThinkTrim on ${esc(evaluation.finishedAt)}. ` +
				'Hover a cell for the full problem, answer, cut explanation or error.</footer>',
		].join('\n'),
	});
}
