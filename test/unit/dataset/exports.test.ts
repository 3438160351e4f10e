import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { evaluateDataset } from '../../../src/core/dataset/evaluateDataset';
import type { DatasetEvaluation } from '../../../src/core/dataset/evaluationTypes';
import {
	csvCell,
	evaluationRunsCsv,
	evaluationSummaryCsv,
	RUN_COLUMNS,
	SUMMARY_COLUMNS,
} from '../../../src/core/dataset/exportCsv';
import { evaluationToJson, parseEvaluationJson } from '../../../src/core/dataset/exportJson';
import { parseDatasetJsonl } from '../../../src/core/dataset/datasetProblem';
import { buildVariants } from '../../../src/core/dataset/policyVariants';
import { evaluationReportHtml } from '../../../src/core/dataset/reportHtml';
import { accuracyPlotSvg, plotData } from '../../../src/core/dataset/reportPlot';
import { ReasoningClient } from '../../../src/core/stream/reasoningClient';
import type { TraceRecord } from '../../../src/core/traces/traceRecord';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/server';
import { FAST, parseCsv, sampleDataset } from './fixtures';

const HOSTILE = '<script>alert("pwned")</script><img src=x onerror=alert(1)>';

/** A trace whose problem, thinking and answer all carry markup, as a hostile or careless model might. */
const hostileTrace: TraceRecord = {
	id: 'hostile',
	problem: `What does ${HOSTILE} print? Answer with a number.`,
	thinking: `Okay, the page would run ${HOSTILE}. So the answer is 7.\n\nWait, let me double-check: it prints 7. The answer is 7.\n\nHmm, again the answer is 7.\n\nYes, the answer is 7.`,
	final: `It runs ${HOSTILE} and prints **7**.\n\n\\boxed{7}`,
	predictedAnswer: '7',
	goldAnswer: '7',
};

describe('exports of an evaluation (CSV, JSON, HTML)', () => {
	let emulator: RunningEmulator;
	let client: ReasoningClient;
	let evaluation: DatasetEvaluation;

	before(async () => {
		const { traces, jsonl } = sampleDataset(5);
		const text = `${jsonl}\n${JSON.stringify({ id: '<b>id</b>', problem: hostileTrace.problem, gold_answer: `7 ${HOSTILE}` })}\n{broken line\n`;
		const { problems, errors } = parseDatasetJsonl(text, 'mixed.jsonl');
		emulator = await startEmulator({ traces: [...traces, hostileTrace], ...FAST });
		client = await ReasoningClient.create({ baseUrl: emulator.url });
		evaluation = await evaluateDataset({
			problems,
			variants: buildVariants(['dynasor'], 'trimr:M=1,2'),
			client,
			model: emulator.state.models[0] ?? '',
			dataset: { file: 'mixed.jsonl', skipped: errors },
		});
	});
	after(async () => {
		await client.close();
		await emulator.close();
	});

	it('CSV: one parseable row per problem × run, with the recorded figures', () => {
		const rows = parseCsv(evaluationRunsCsv(evaluation));
		assert.deepEqual(rows[0], [...RUN_COLUMNS]);
		const body = rows.slice(1);
		assert.equal(body.length, 6 * 4);
		assert.ok(body.every((r) => r.length === RUN_COLUMNS.length));
		const col = (name: (typeof RUN_COLUMNS)[number]): number => RUN_COLUMNS.indexOf(name);
		for (const problem of evaluation.problems) {
			const mine = body.filter((r) => r[col('problem_id')] === problem.id);
			assert.deepEqual(
				mine.map((r) => r[col('run')]),
				['untrimmed', 'dynasor', 'trimr:M=1', 'trimr:M=2'],
			);
			for (const run of problem.trimmed) {
				const row = mine.find((r) => r[col('run')] === run.variant);
				assert.equal(row?.[col('kept_thinking_tokens')], String(run.keptThinkingTokens));
				assert.equal(row?.[col('generated_thinking_tokens')], String(run.generatedThinkingTokens));
				assert.equal(
					row?.[col('same_as_untrimmed')],
					run.sameAsUntrimmed === undefined ? '' : String(run.sameAsUntrimmed),
				);
				assert.equal(row?.[col('status')], run.status);
			}
		}
		const hostile = body.find((r) => r[col('problem_id')] === '<b>id</b>');
		assert.equal(hostile?.[col('gold_answer')], `7 ${HOSTILE}`, 'text is kept verbatim in CSV');
		const summary = parseCsv(evaluationSummaryCsv(evaluation));
		assert.deepEqual(summary[0], [...SUMMARY_COLUMNS]);
		assert.deepEqual(
			summary.slice(1).map((r) => r[0]),
			['dynasor', 'trimr:M=1', 'trimr:M=2'],
		);
	});

	it('CSV cells quote separators and defuse spreadsheet formulas but keep negative numbers', () => {
		assert.equal(csvCell('a,b'), '"a,b"');
		assert.equal(csvCell('say "hi"\nbye'), '"say ""hi""\nbye"');
		assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
		assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
		assert.equal(csvCell('-12.5'), '-12.5');
		assert.equal(csvCell('-x+1'), "'-x+1");
		assert.equal(csvCell(0.123456789), '0.1235');
		assert.equal(csvCell(undefined), '');
	});

	it('JSON: round-trips through the reader, and the reader rejects other files', () => {
		const text = evaluationToJson(evaluation);
		assert.deepEqual(parseEvaluationJson(text), JSON.parse(text));
		assert.equal(parseEvaluationJson(text).problems.length, 6);
		assert.equal(parseEvaluationJson(text).skippedLines[0]?.line, 7);
		assert.throws(
			() => parseEvaluationJson('{"format": "other"}', 'x.json'),
			/x\.json: not a ThinkTrim dataset evaluation/,
		);
		assert.throws(
			() => parseEvaluationJson('{"format": "thinktrim-dataset-evaluation", "version": 2}'),
			/version 2 is not supported/,
		);
		assert.throws(() => parseEvaluationJson('nope'), /not valid JSON/);
	});

	it('HTML: self-contained, with the summary, three plots and every run', () => {
		const html = evaluationReportHtml(evaluation);
		assert.match(html, /^<!DOCTYPE html>/);
		// The attribute is escaped like every other (&#39; is the quote the browser reads).
		assert.match(
			html,
			/Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:"/,
		);
		assert.doesNotMatch(html, /<script|<link|<iframe|<object|@import|url\(/i);
		// No element loads anything: with every quoted attribute value blanked, no src= or href= is left.
		assert.doesNotMatch(html.replace(/"[^"]*"/g, '""'), /<[a-z][^>]*\s(src|href)=/i);
		assert.equal(
			html.match(/<svg /g)?.length,
			3,
			'accuracy vs tokens, accuracy vs time, saved vs flips',
		);
		assert.match(html, /<h2>Time under load<\/h2>/);
		assert.match(html, /<h2>Saved against flips<\/h2>/);
		// Each setting's flips carry the upper end of their 95 % interval, explained under the table.
		assert.match(html, /<td>\d+ <span class="delta">\([\d.]+ %, up to [\d.]+ %\)<\/span><\/td>/);
		assert.match(html, /"Up to" under Flips is the upper end of the flip rate's 95 % interval/);
		assert.equal(html.match(/<table class="runs">/g)?.length, 1);
		const runsTable = html.slice(html.indexOf('<table class="runs">'));
		assert.equal(runsTable.match(/<tr>/g)?.length, 1 + 6 * 4, 'header + one row per run');
		for (const label of ['Dynasor', 'TrimR M=1', 'TrimR M=2']) {
			assert.ok(html.includes(`<th scope="row">${label}</th>`), label);
		}
		for (const p of evaluation.problems.filter((x) => x.id !== '<b>id</b>')) {
			assert.ok(html.includes(`<div class="pid">${p.id}</div>`), p.id);
		}
		assert.ok(html.includes('mixed.jsonl:7: not valid JSON'), 'the skipped line is reported');
	});

	it('HTML: model and dataset text is escaped, never markup', () => {
		const hostile = evaluation.problems.find((p) => p.id === '<b>id</b>');
		assert.equal(hostile?.untrimmed?.status, 'complete');
		assert.ok(hostile?.untrimmed?.answerText.includes('<script>'), 'the model did send markup');
		const html = evaluationReportHtml(evaluation);
		assert.doesNotMatch(html, /<script|<img|<b>id/i);
		assert.ok(html.includes('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;'));
		assert.ok(html.includes('&lt;b&gt;id&lt;/b&gt;'));
	});

	it('plots one point per variant plus the untrimmed baseline, on both axes', () => {
		for (const axis of ['tokens', 'time'] as const) {
			const data = plotData(evaluation, axis);
			assert.equal(data.metric, 'accuracy');
			assert.deepEqual(
				data.points.map((p) => p.label),
				['untrimmed', 'default', 'M=1', 'M=2'],
			);
			const trimr = evaluation.aggregates.find((a) => a.variant === 'trimr:M=1');
			const point = data.points.find((p) => p.label === 'M=1');
			assert.equal(point?.x, axis === 'tokens' ? trimr?.savedThinkingShare : trimr?.savedTimeShare);
			assert.equal(point?.y, trimr?.accuracyTrimmed);
			const svg = accuracyPlotSvg(data);
			assert.equal(svg.match(/<circle /g)?.length, 4 + 3, 'points and legend');
			assert.equal(svg.match(/<polyline /g)?.length, 1, 'the TrimR sweep is joined');
		}
	});
});
