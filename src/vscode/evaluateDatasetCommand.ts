import * as vscode from 'vscode';
import { parseDatasetJsonl } from '../core/dataset/datasetProblem';
import { evaluateDataset } from '../core/dataset/evaluateDataset';
import type { DatasetEvaluation } from '../core/dataset/evaluationTypes';
import { evaluationRunsCsv } from '../core/dataset/exportCsv';
import { evaluationToJson } from '../core/dataset/exportJson';
import {
	buildVariants,
	TRIMMING_POLICIES,
	type PolicyVariant,
} from '../core/dataset/policyVariants';
import { createPolicy, type PolicyOptions } from '../core/policies/createPolicy';
import { evaluationReportHtml } from '../core/dataset/reportHtml';
import { progressLine, evaluationSummaryText } from '../core/dataset/summaryText';
import { formatTraceLineError } from '../core/traces/traceRecord';
import { readConfig } from './config';
import { chatTemplate, makeVerifier, reasoningClient, resolveModel } from './endpoints';
import { completionsPorts } from '../core/policies/completionsPorts';
import { messagesFor } from '../core/dataset/problemRunner';
import type { ScopedLog } from './log';
import type { ApiKeys } from './secrets';
import { loadTokenCounter } from '../core/tokens/tokenCounter';
import { messageOf, OPEN_LOG } from '../shared/userError';
import { notify } from './notify';

/** Arguments for scripted use (tests, tasks): skip the pickers. */
export interface EvaluateDatasetArgs {
	readonly file?: string;
	readonly policies?: readonly string[];
	readonly sweep?: string;
	readonly concurrency?: number;
	readonly limit?: number;
}

/**
 * The user's policy settings (thinktrim.policy.*) under each variant's swept values: a variant built from a
 * policy name alone would otherwise run with the built-in defaults, not "the configured settings".
 */
function withConfiguredSettings(
	variants: readonly PolicyVariant[],
	configured: PolicyOptions,
): PolicyVariant[] {
	return variants.map((variant) => {
		const own = variant.options;
		const options: PolicyOptions = {
			trimr: { ...configured.trimr, ...own.trimr },
			dynasor: { ...configured.dynasor, ...own.dynasor },
			deer: { ...configured.deer, ...own.deer },
			budget: own.budget ?? configured.budget,
		};
		return { ...variant, options, description: createPolicy(variant.policy, options).description };
	});
}

function isArgs(value: unknown): value is EvaluateDatasetArgs {
	return typeof value === 'object' && value !== null && !(value instanceof vscode.Uri);
}

/**
 * `ThinkTrim: Evaluate Dataset`: a JSONL of problems (optional gold answers), each run untrimmed and
 * trimmed with the chosen policies (and an optional threshold sweep) against the configured endpoint,
 * with bounded concurrency, progress and cancellation. The report (table + plot of accuracy against
 * saved tokens and saved time) opens in a panel; CSV, JSON and HTML exports are offered.
 */
export class DatasetEvaluationCommand {
	private last: DatasetEvaluation | undefined;

	constructor(
		private readonly keys: ApiKeys,
		private readonly log: ScopedLog,
	) {}

	get lastEvaluation(): DatasetEvaluation | undefined {
		return this.last;
	}

	async run(arg?: unknown): Promise<DatasetEvaluation | undefined> {
		const args: EvaluateDatasetArgs = isArgs(arg) ? arg : {};
		const uri =
			arg instanceof vscode.Uri
				? arg
				: args.file !== undefined
					? vscode.Uri.file(args.file)
					: (
							await vscode.window.showOpenDialog({
								title: 'ThinkTrim: Evaluate Dataset',
								canSelectMany: false,
								filters: { 'JSONL problems': ['jsonl'], 'All files': ['*'] },
							})
						)?.[0];
		if (uri === undefined) {
			return undefined;
		}
		const file = uri.path.split('/').pop() ?? uri.toString();
		const parsed = parseDatasetJsonl(
			new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)),
			file,
		);
		for (const error of parsed.errors) {
			this.log.warn(`skipped ${formatTraceLineError(error)}`);
		}
		const problems =
			args.limit !== undefined ? parsed.problems.slice(0, args.limit) : parsed.problems;
		if (problems.length === 0) {
			// The bad lines were logged above.
			void notify(
				'error',
				`ThinkTrim: ${file} has no usable problem` +
					(parsed.errors.length > 0
						? ` (${parsed.errors.length} bad line(s); ` +
							`first: ${formatTraceLineError(parsed.errors[0] ?? { file, line: 0, message: '' })})`
						: '') +
					'.',
				parsed.errors.length > 0 ? [OPEN_LOG] : [],
			);
			return undefined;
		}
		const config = readConfig();
		const policies =
			args.policies ??
			(await this.pickPolicies(config.policy === 'none' ? 'trimr' : config.policy));
		if (policies === undefined || policies.length === 0) {
			return undefined;
		}
		const sweep = args.sweep ?? (args.policies === undefined ? await this.askSweep() : undefined);
		if (sweep === null) {
			return undefined;
		}
		const variants = withConfiguredSettings(
			buildVariants(policies, sweep === '' ? undefined : sweep),
			config.policyOptions,
		);
		const concurrency =
			args.concurrency ??
			vscode.workspace.getConfiguration('thinktrim').get<number>('evaluation.concurrency', 2);
		const evaluation = await vscode.window.withProgress(
			{
				location: vscode.ProgressLocation.Notification,
				title: `ThinkTrim: evaluating ${problems.length} problems × ${variants.length + 1} runs`,
				cancellable: true,
			},
			async (progress, token) => {
				const abort = new AbortController();
				token.onCancellationRequested(() => abort.abort());
				const client = await reasoningClient(config, this.keys);
				try {
					const model = await resolveModel(client, config, abort.signal);
					await loadTokenCounter(model);
					let last = 0;
					const template = await chatTemplate(config, model);
					const systemPrompt =
						config.endpoint.systemPrompt !== '' ? config.endpoint.systemPrompt : undefined;
					return await evaluateDataset({
						problems,
						variants,
						client,
						model,
						// thinktrim.policy.online: Dynasor and DEER ask the model itself, as in live runs.
						online: config.policyOnline
							? completionsPorts({
									client,
									model,
									chatTemplate: template,
									messagesFor: (p) =>
										messagesFor({ id: '', problem: p ?? '', line: 0 }, systemPrompt),
								})
							: undefined,
						verifier: await makeVerifier(config, this.keys),
						concurrency,
						signal: abort.signal,
						run: {
							maxTokens: config.endpoint.maxTokens,
							temperature: config.endpoint.temperature,
							answerMaxTokens: config.endpoint.answerMaxTokens,
							guide: config.endpoint.guide !== '' ? config.endpoint.guide : undefined,
							chatTemplate: template,
							systemPrompt,
						},
						dataset: { file, skipped: parsed.errors },
						onProgress: (event) => {
							const line = progressLine(event);
							if (line !== undefined) {
								this.log.info(line);
							}
							if (event.type === 'run-end') {
								const done = event.runsDone / event.runs;
								progress.report({
									increment: (done - last) * 100,
									message: `${event.runsDone} of ${event.runs} runs (problem ${event.problem + 1}: ${event.phase})`,
								});
								last = done;
							}
						},
					});
				} finally {
					await client.close();
				}
			},
		);
		this.last = evaluation;
		this.log.info(evaluationSummaryText(evaluation));
		this.showReport(evaluation);
		void this.offerExports(evaluation);
		return evaluation;
	}

	/** Writes the exports without asking (for scripted use and tests). */
	async exportTo(evaluation: DatasetEvaluation, base: vscode.Uri): Promise<vscode.Uri[]> {
		const outputs: Array<[string, string]> = [
			['csv', evaluationRunsCsv(evaluation)],
			['json', evaluationToJson(evaluation)],
			['html', evaluationReportHtml(evaluation)],
		];
		const written: vscode.Uri[] = [];
		for (const [ext, text] of outputs) {
			const uri = base.with({ path: `${base.path}.${ext}` });
			await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
			written.push(uri);
		}
		return written;
	}

	private showReport(evaluation: DatasetEvaluation): void {
		const panel = vscode.window.createWebviewPanel(
			'thinktrim.evaluation',
			'ThinkTrim: Dataset Evaluation',
			{ viewColumn: vscode.ViewColumn.Active, preserveFocus: true },
			{ enableScripts: false, localResourceRoots: [] },
		);
		// The report is self-contained (inline styles and SVG, no script) and carries its own strict CSP.
		panel.webview.html = evaluationReportHtml(evaluation);
	}

	private async offerExports(evaluation: DatasetEvaluation): Promise<void> {
		const summary = evaluation.cancelled
			? 'cancelled; the finished problems are in the report'
			: `${evaluation.problems.length} problems done`;
		const choice = await vscode.window.showInformationMessage(
			`ThinkTrim: dataset evaluation ${summary}.`,
			'Export CSV',
			'Export JSON',
			'Export HTML',
		);
		if (choice === undefined) {
			return;
		}
		const ext = choice.split(' ')[1]?.toLowerCase() ?? 'json';
		const target = await vscode.window.showSaveDialog({
			title: `ThinkTrim: ${choice}`,
			defaultUri: vscode.Uri.file(`thinktrim-evaluation.${ext}`),
			filters: { [ext.toUpperCase()]: [ext] },
		});
		if (target === undefined) {
			return;
		}
		const text =
			ext === 'csv'
				? evaluationRunsCsv(evaluation)
				: ext === 'html'
					? evaluationReportHtml(evaluation)
					: evaluationToJson(evaluation);
		await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
	}

	private async pickPolicies(preferred: string): Promise<string[] | undefined> {
		const picked = await vscode.window.showQuickPick(
			TRIMMING_POLICIES.map((p) => ({ label: p, picked: p === preferred })),
			{
				title: 'ThinkTrim: Evaluate Dataset — policies',
				placeHolder: 'Which stop policies to compare against the untrimmed run?',
				canPickMany: true,
			},
		);
		return picked?.map((p) => p.label);
	}

	/** The optional threshold sweep; `null` when the user cancels. */
	private async askSweep(): Promise<string | null> {
		const sweep = await vscode.window.showInputBox({
			title: 'ThinkTrim: Evaluate Dataset — threshold sweep (optional)',
			prompt:
				'e.g. trimr:M=1,2,3 or dynasor:N=2,3,5;budget:tokens=1024,2048. Leave empty for the configured settings.',
			validateInput: (v) => {
				if (v.trim() === '') {
					return undefined;
				}
				try {
					buildVariants([], v);
					return undefined;
				} catch (err) {
					return messageOf(err);
				}
			},
		});
		return sweep === undefined ? null : sweep.trim();
	}
}
