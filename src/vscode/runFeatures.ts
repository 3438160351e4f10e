import { join } from 'node:path';
import * as vscode from 'vscode';
import { RunStore } from '../core/history/runStore';
import type { TraceRecord } from '../core/traces/traceRecord';
import { Commands } from './commands';
import { notify, showError } from './notify';
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
export function registerRunFeatures(
	context: vscode.ExtensionContext,
	log: Log,
	view: ReasoningViewProvider,
): RunFeatures {
	const store = new RunStore(join(context.globalStorageUri.fsPath, 'runs'));
	const keys = new ApiKeys(context.secrets);
	const history = new HistoryView(store, log.scoped('history'));
	const statusBar = new RunStatusBar(Commands.stop);
	const services: RunServices = {
		store,
		keys,
		view,
		history,
		statusBar,
		log: log.scoped('run'),
		notifyError: (message, actions) => void notify('error', message, actions),
	};
	let samples: Promise<readonly TraceRecord[]> | undefined;
	const sampleSource = {
		samples: (): Promise<readonly TraceRecord[]> =>
			(samples ??= loadSampleTraces(context.extensionUri, log.scoped('samples'))),
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
				await showError(err, { context: `${what} failed`, log: log.scoped('host') });
				return undefined;
			}
		};

	context.subscriptions.push(
		history,
		statusBar,
		runs,
		demo,
		vscode.window.registerTreeDataProvider(HistoryView.viewId, history),
		vscode.commands.registerCommand(
			Commands.configureEndpoint,
			reportErrors('configuring the endpoint', () => configureEndpoint(keys, endpointLog)),
		),
		vscode.commands.registerCommand(
			Commands.setApiKey,
			reportErrors('storing the API key', (role?: unknown) =>
				setApiKey(keys, role === 'reasoning' || role === 'verifier' ? role : undefined),
			),
		),
		vscode.commands.registerCommand(
			Commands.clearApiKey,
			reportErrors('clearing the API key', (role?: unknown) =>
				clearApiKey(keys, role === 'reasoning' || role === 'verifier' ? role : undefined),
			),
		),
		vscode.commands.registerCommand(
			Commands.testConnection,
			reportErrors('the connection test', () => testConnection(keys, endpointLog)),
		),
		vscode.commands.registerCommand(Commands.streamReasoning, (prompt?: unknown) =>
			runs.stream(prompt),
		),
		vscode.commands.registerCommand(Commands.stop, () => runs.stop()),
		vscode.commands.registerCommand(Commands.replay, (ref?: unknown) => runs.replay(ref)),
		vscode.commands.registerCommand(Commands.resample, (ref?: unknown) => runs.resample(ref)),
		vscode.commands.registerCommand(Commands.whatIf, (ref?: unknown) => runs.whatIf(ref)),
		vscode.commands.registerCommand(
			Commands.openTraceFile,
			reportErrors('opening the trace file', (uri?: unknown) => historyCommands.importFile(uri)),
		),
		vscode.commands.registerCommand(
			Commands.startDemo,
			reportErrors('starting the demo emulator', async (rate?: unknown) => {
				const url = await demo.start(typeof rate === 'number' ? rate : undefined);
				void vscode.window.showInformationMessage(
					`ThinkTrim: the demo emulator replays the bundled traces at ${url}; ` +
						'the reasoning endpoint now points at it. Try "ThinkTrim: Stream Reasoning".',
				);
				return url;
			}),
		),
		vscode.commands.registerCommand(
			Commands.stopDemo,
			reportErrors('stopping the demo emulator', () => demo.stop()),
		),
		vscode.commands.registerCommand(
			Commands.historyOpen,
			reportErrors('opening the run', (ref?: unknown) => historyCommands.open(ref)),
		),
		vscode.commands.registerCommand(
			Commands.historyRename,
			reportErrors('renaming the run', (ref?: unknown) => historyCommands.rename(ref)),
		),
		vscode.commands.registerCommand(
			Commands.historyDelete,
			reportErrors('deleting the run', (ref?: unknown, confirm?: unknown) =>
				historyCommands.delete(ref, confirm !== false),
			),
		),
		vscode.commands.registerCommand(
			Commands.historyExportJson,
			reportErrors('exporting the run', (ref?: unknown, target?: unknown) =>
				historyCommands.exportJson(ref, target instanceof vscode.Uri ? target : undefined),
			),
		),
		vscode.commands.registerCommand(
			Commands.historyExportHtml,
			reportErrors('exporting the tree', (ref?: unknown) =>
				historyCommands.exportView(ref, 'html'),
			),
		),
		vscode.commands.registerCommand(
			Commands.historyExportSvg,
			reportErrors('exporting the tree', (ref?: unknown) => historyCommands.exportView(ref, 'svg')),
		),
		vscode.commands.registerCommand(Commands.historyRefresh, () => history.refresh()),
		vscode.commands.registerCommand(
			Commands.evaluateDataset,
			reportErrors('the dataset evaluation', (arg?: unknown) => evaluation.run(arg)),
		),
	);
	return { runs, history: historyCommands, store, demo, keys, evaluation };
}
