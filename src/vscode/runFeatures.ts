import { join } from 'node:path';
import * as vscode from 'vscode';
import { RunStore } from '../core/history/runStore';
import type { TraceRecord } from '../core/traces/traceRecord';
import { clearApiKey, configureEndpoint, setApiKey, testConnection } from './endpointCommands';
import { DemoEmulator } from './demoEmulator';
import { DatasetEvaluationCommand } from './evaluateDatasetCommand';
import { HistoryCommands } from './historyCommands';
import { HistoryView } from './historyView';
import type { Log } from './log';
import type { ReasoningViewProvider } from './reasoningViewProvider';
import { RunCommands } from './runCommands';
import type { RunServices } from './runExecution';
import { loadSampleTraces } from './sampleTraces';
import { ApiKeys } from './secrets';
import { RunStatusBar } from './statusBar';

/** Command ids of the run, endpoint and history features (all in package.json, category ThinkTrim). */
export const RunCommandIds = {
	configureEndpoint: 'thinktrim.configureEndpoint',
	setApiKey: 'thinktrim.setApiKey',
	clearApiKey: 'thinktrim.clearApiKey',
	testConnection: 'thinktrim.testConnection',
	streamReasoning: 'thinktrim.streamReasoning',
	stop: 'thinktrim.stop',
	replay: 'thinktrim.replayWithTruncation',
	resample: 'thinktrim.resampleWithTruncation',
	whatIf: 'thinktrim.whatIfStopHere',
	openTraceFile: 'thinktrim.openTraceFile',
	startDemo: 'thinktrim.startDemoEmulator',
	stopDemo: 'thinktrim.stopDemoEmulator',
	historyOpen: 'thinktrim.history.open',
	historyRename: 'thinktrim.history.rename',
	historyDelete: 'thinktrim.history.delete',
	historyExportJson: 'thinktrim.history.exportJson',
	historyExportHtml: 'thinktrim.history.exportHtml',
	historyExportSvg: 'thinktrim.history.exportSvg',
	historyRefresh: 'thinktrim.history.refresh',
	evaluateDataset: 'thinktrim.evaluateDataset',
} as const;

/** What the run features expose to the extension's API (integration tests drive them through it). */
export interface RunFeatures {
	readonly runs: RunCommands;
	readonly history: HistoryCommands;
	readonly store: RunStore;
	readonly demo: DemoEmulator;
	readonly keys: ApiKeys;
	readonly evaluation: DatasetEvaluationCommand;
}

/**
 * Registers endpoints and secrets, live streaming, replay with truncation, what-if, chain history and
 * the demo emulator. Everything is disposed with the extension.
 */
export function registerRunFeatures(context: vscode.ExtensionContext, log: Log, view: ReasoningViewProvider): RunFeatures {
	const store = new RunStore(join(context.globalStorageUri.fsPath, 'runs'));
	const keys = new ApiKeys(context.secrets);
	const history = new HistoryView(store, log.scoped('history'));
	const statusBar = new RunStatusBar(RunCommandIds.stop);
	const services: RunServices = { store, keys, view, history, statusBar, log: log.scoped('run'), notifyError: (message) => void vscode.window.showErrorMessage(message) };
	let samples: Promise<readonly TraceRecord[]> | undefined;
	const sampleSource = {
		samples: (): Promise<readonly TraceRecord[]> => (samples ??= loadSampleTraces(context.extensionUri, log.scoped('samples'))),
	};
	const runs = new RunCommands(services, context.extensionUri, sampleSource);
	const historyCommands = new HistoryCommands(services);
	const demo = new DemoEmulator(context.extensionUri, log.scoped('demo'));
	const endpointLog = log.scoped('endpoint');
	const evaluation = new DatasetEvaluationCommand(keys, log.scoped('evaluation'));
	const reportErrors =
		<A extends unknown[], R>(what: string, fn: (...args: A) => Promise<R>) =>
		async (...args: A): Promise<R | undefined> => {
			try {
				return await fn(...args);
			} catch (err) {
				log.scoped('host').error(`${what} failed`, err);
				const choice = await vscode.window.showErrorMessage(`ThinkTrim: ${what} failed: ${err instanceof Error ? err.message : String(err)}`, 'Open Log');
				if (choice === 'Open Log') {
					log.show();
				}
				return undefined;
			}
		};

	context.subscriptions.push(
		history,
		statusBar,
		runs,
		demo,
		vscode.window.registerTreeDataProvider(HistoryView.viewId, history),
		vscode.commands.registerCommand(RunCommandIds.configureEndpoint, reportErrors('configuring the endpoint', () => configureEndpoint(keys, endpointLog))),
		vscode.commands.registerCommand(RunCommandIds.setApiKey, reportErrors('storing the API key', (role?: unknown) => setApiKey(keys, role === 'reasoning' || role === 'verifier' ? role : undefined))),
		vscode.commands.registerCommand(RunCommandIds.clearApiKey, reportErrors('clearing the API key', (role?: unknown) => clearApiKey(keys, role === 'reasoning' || role === 'verifier' ? role : undefined))),
		vscode.commands.registerCommand(RunCommandIds.testConnection, reportErrors('the connection test', () => testConnection(keys, endpointLog, () => log.show()))),
		vscode.commands.registerCommand(RunCommandIds.streamReasoning, (prompt?: unknown) => runs.stream(prompt)),
		vscode.commands.registerCommand(RunCommandIds.stop, () => runs.stop()),
		vscode.commands.registerCommand(RunCommandIds.replay, (ref?: unknown) => runs.replay(ref)),
		vscode.commands.registerCommand(RunCommandIds.resample, (ref?: unknown) => runs.resample(ref)),
		vscode.commands.registerCommand(RunCommandIds.whatIf, (ref?: unknown) => runs.whatIf(ref)),
		vscode.commands.registerCommand(RunCommandIds.openTraceFile, reportErrors('opening the trace file', (uri?: unknown) => historyCommands.importFile(uri))),
		vscode.commands.registerCommand(
			RunCommandIds.startDemo,
			reportErrors('starting the demo emulator', async (rate?: unknown) => {
				const url = await demo.start(typeof rate === 'number' ? rate : undefined);
				void vscode.window.showInformationMessage(`ThinkTrim: the demo emulator replays the bundled traces at ${url}; the reasoning endpoint now points at it. Try "ThinkTrim: Stream Reasoning".`);
				return url;
			}),
		),
		vscode.commands.registerCommand(RunCommandIds.stopDemo, reportErrors('stopping the demo emulator', () => demo.stop())),
		vscode.commands.registerCommand(RunCommandIds.historyOpen, reportErrors('opening the run', (ref?: unknown) => historyCommands.open(ref))),
		vscode.commands.registerCommand(RunCommandIds.historyRename, reportErrors('renaming the run', (ref?: unknown) => historyCommands.rename(ref))),
		vscode.commands.registerCommand(RunCommandIds.historyDelete, reportErrors('deleting the run', (ref?: unknown, confirm?: unknown) => historyCommands.delete(ref, confirm !== false))),
		vscode.commands.registerCommand(RunCommandIds.historyExportJson, reportErrors('exporting the run', (ref?: unknown, target?: unknown) => historyCommands.exportJson(ref, target instanceof vscode.Uri ? target : undefined))),
		vscode.commands.registerCommand(RunCommandIds.historyExportHtml, reportErrors('exporting the tree', (ref?: unknown) => historyCommands.exportView(ref, 'html'))),
		vscode.commands.registerCommand(RunCommandIds.historyExportSvg, reportErrors('exporting the tree', (ref?: unknown) => historyCommands.exportView(ref, 'svg'))),
		vscode.commands.registerCommand(RunCommandIds.historyRefresh, () => history.refresh()),
		vscode.commands.registerCommand(RunCommandIds.evaluateDataset, reportErrors('the dataset evaluation', (arg?: unknown) => evaluation.run(arg))),
	);
	return { runs, history: historyCommands, store, demo, keys, evaluation };
}
