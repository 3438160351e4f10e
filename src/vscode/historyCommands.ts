import * as vscode from 'vscode';
import { analyzeTrace } from '../core/engine/analyzeTrace';
import { runsInFile } from '../core/history/runFile';
import { runSavings, runToJson, type RunRecord } from '../core/history/runRecord';
import { importedRecord } from '../core/run/runRecords';
import { runIdFrom } from '../core/history/runStore';
import { loadTokenCounter } from '../core/tokens/tokenCounter';
import { formatTraceLineError, type TraceLineError } from '../core/traces/traceRecord';
import { modelFromAnalysis } from '../core/tree/fromAnalysis';
import { Commands } from './commands';
import { notify, showError } from './notify';
import { OPEN_LOG } from '../shared/userError';
import { modelFromChainView } from '../core/tree/fromChainView';
import type { ChainFigures } from '../shared/protocol';
import { readConfig } from './config';
import { makeVerifier } from './endpoints';
import type { RunItem } from './historyView';
import type { RunServices } from './runExecution';

function runIdOf(ref: unknown): string | undefined {
	if (typeof ref === 'string') {
		return ref;
	}
	if (typeof ref === 'object' && ref !== null && 'run' in ref) {
		return (ref as RunItem).run.id;
	}
	return undefined;
}

/** A replay's or what-if's original chain, for the header's "saved N of M" (figures.original). */
function originalOf(run: RunRecord): Pick<ChainFigures, 'original'> {
	return run.original === undefined
		? {}
		: {
				original: {
					thinkingTokens: run.original.thinkingTokens,
					...(run.original.wallMs !== undefined ? { elapsedMs: run.original.wallMs } : {}),
				},
			};
}

/** A saved run as the trace the engine analyses. */
export function traceOfRun(run: RunRecord): Parameters<typeof analyzeTrace>[0] {
	return {
		id: run.id,
		thinking: run.thinking,
		problem: run.problem,
		final: run.final,
		predictedAnswer: run.predictedAnswer,
		goldAnswer: run.goldAnswer,
		model: run.model,
		source: run.source,
	};
}

/** History actions: open, rename, delete, export, import. */
export class HistoryCommands {
	constructor(private readonly services: RunServices) {}

	/**
	 * Opens a saved run in the Reasoning view with the verdicts, cuts, policy and verifier it was recorded
	 * with. A run without recorded verdicts (an imported trace, a what-if, a run from an older version)
	 * is analysed now with the configured policy and verifier, and the header says so.
	 */
	async open(ref: unknown): Promise<boolean> {
		const run = await this.loadRef(ref);
		if (run === undefined) {
			return false;
		}
		const recorded = run.recordedChain;
		if (recorded === undefined) {
			return this.analyseAndShow(run);
		}
		const figures: ChainFigures = { ...recorded.figures, verdicts: 'recorded', ...originalOf(run) };
		const model = modelFromChainView({ ...recorded, title: run.name }, { runId: run.id, figures });
		this.services.view.showChain(model);
		await this.services.view.reveal();
		return true;
	}

	/**
	 * `ThinkTrim: Re-analyse with Current Settings`: the run (default: the chain on screen) analysed again
	 * with the configured policy and verifier. What is saved does not change; reopening the run shows its
	 * recorded verdicts again.
	 */
	async reanalyze(ref: unknown): Promise<boolean> {
		const run = await this.loadRef(ref ?? this.services.view.currentChain()?.runId);
		return run === undefined ? false : this.analyseAndShow(run);
	}

	private async analyseAndShow(run: RunRecord): Promise<boolean> {
		const config = readConfig();
		// The model's real tokenizer when installed, as the CLI and a live run count it.
		await loadTokenCounter(run.model);
		const analysis = await analyzeTrace(traceOfRun(run), {
			policy: config.policy,
			policyOptions: config.policyOptions,
			verifier: await makeVerifier(config, this.services.keys),
		});
		const model = modelFromAnalysis(analysis, {
			runId: run.id,
			policyOptions: config.policyOptions,
			elapsedMs: run.wallMs,
		});
		const figures = model.snapshot().figures;
		model.setFigures({ ...figures, verdicts: 'analysed', ...originalOf(run) });
		if (run.status !== 'complete') {
			model.setStatus(
				run.status === 'streaming' ? 'partial' : run.status,
				run.error ??
					(run.status === 'streaming'
						? 'the window closed while this run streamed; what arrived is kept'
						: undefined),
			);
		}
		this.services.view.showChain(model);
		await this.services.view.reveal();
		return true;
	}

	private async loadRef(ref: unknown): Promise<RunRecord | undefined> {
		const id = runIdOf(ref);
		return id === undefined || id.startsWith('sample:') ? undefined : this.load(id);
	}

	async rename(ref: unknown): Promise<boolean> {
		const id = runIdOf(ref);
		const run = id !== undefined ? await this.load(id) : undefined;
		if (run === undefined) {
			return false;
		}
		const name = await vscode.window.showInputBox({
			title: 'ThinkTrim: Rename Run',
			value: run.name,
			validateInput: (v) => (v.trim() === '' ? 'A name cannot be empty.' : undefined),
		});
		if (name === undefined) {
			return false;
		}
		await this.services.store.rename(run.id, name.trim());
		this.services.history.refresh();
		return true;
	}

	async delete(ref: unknown, confirm = true): Promise<boolean> {
		const id = runIdOf(ref);
		const run = id !== undefined ? await this.load(id) : undefined;
		if (run === undefined) {
			return false;
		}
		if (confirm) {
			const answer = await vscode.window.showWarningMessage(
				`Delete the run "${run.name}"? This cannot be undone.`,
				{ modal: true },
				'Delete',
			);
			if (answer !== 'Delete') {
				return false;
			}
		}
		await this.services.store.delete(run.id);
		this.services.history.refresh();
		return true;
	}

	/** Writes a run as JSON (the shared trace field names, plus `savings` against the original chain; never a key). */
	async exportJson(ref: unknown, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
		const id = runIdOf(ref);
		const run = id !== undefined ? await this.load(id) : undefined;
		if (run === undefined) {
			return undefined;
		}
		const uri =
			target ??
			(await vscode.window.showSaveDialog({
				title: 'ThinkTrim: Export Run as JSON',
				defaultUri: vscode.Uri.file(`${run.id}.json`),
				filters: { JSON: ['json'] },
			}));
		if (uri === undefined) {
			return undefined;
		}
		await vscode.workspace.fs.writeFile(
			uri,
			new TextEncoder().encode(
				`${JSON.stringify({ ...runToJson(run), savings: runSavings(run) }, null, 2)}\n`,
			),
		);
		return uri;
	}

	/** Opens the run, then exports the drawn tree (`html` self-contained page or `svg`). */
	async exportView(ref: unknown, format: 'html' | 'svg'): Promise<unknown> {
		if (!(await this.open(ref))) {
			return undefined;
		}
		return vscode.commands.executeCommand(
			format === 'html' ? Commands.exportTreeHtml : Commands.exportTreeSvg,
		);
	}

	/**
	 * `ThinkTrim: Open Trace File`: imports JSON/JSONL traces or saved runs (including the shared traces
	 * format) into history. Bad records are reported with file and line and skipped; the rest import.
	 */
	async importFile(
		uriArg?: unknown,
	): Promise<{ imported: string[]; errors: TraceLineError[] } | undefined> {
		const uri =
			uriArg instanceof vscode.Uri
				? uriArg
				: (
						await vscode.window.showOpenDialog({
							title: 'ThinkTrim: Open Trace File',
							canSelectMany: false,
							filters: { 'Traces and runs': ['jsonl', 'json'], 'All files': ['*'] },
						})
					)?.[0];
		if (uri === undefined) {
			return undefined;
		}
		const name = uri.path.split('/').pop() ?? uri.toString();
		const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
		const { runs, errors } = runsInFile(text, name, new Date().toISOString());
		const imported: string[] = [];
		for (const run of runs) {
			const id = await this.freeId(runIdFrom(run.id));
			// Counted with the model's own tokenizer where the file gives no counts.
			await loadTokenCounter(run.model);
			await this.services.store.save(importedRecord(run, id));
			imported.push(id);
		}
		this.services.history.refresh();
		for (const error of errors) {
			this.services.log.warn(`skipped ${formatTraceLineError(error)}`);
		}
		const skipped =
			errors.length > 0
				? `; skipped ${errors.length} bad record${errors.length === 1 ? '' : 's'} ` +
					`(first: line ${errors[0]?.line}: ${errors[0]?.message})`
				: '';
		const summary =
			`ThinkTrim: imported ${imported.length} trace${imported.length === 1 ? '' : 's'} ` +
			`from ${name}${skipped}.`;
		void notify(
			errors.length > 0 ? 'warning' : 'info',
			summary,
			errors.length > 0 ? [OPEN_LOG] : [],
		);
		if (imported[0] !== undefined) {
			await this.open(imported[0]);
		}
		return { imported, errors };
	}

	private async freeId(candidate: string): Promise<string> {
		let id = candidate;
		for (let n = 2; await this.services.store.has(id); n++) {
			id = `${candidate}-${n}`;
		}
		return id;
	}

	private async load(id: string): Promise<RunRecord | undefined> {
		try {
			return await this.services.store.load(id);
		} catch (err) {
			void showError(err, { context: `cannot read run ${id}` });
			return undefined;
		}
	}
}
