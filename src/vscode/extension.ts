import * as vscode from 'vscode';
import { openWalkthroughOnFirstRun } from './firstRun';
import type { ViewState } from '../shared/protocol';
import { Commands, webviewCommandId } from './commands';
import { notify, showError } from './notify';
import { Log } from './log';
import { ReasoningViewProvider } from './reasoningViewProvider';
import { registerRunFeatures, type RunFeatures } from './runFeatures';
import { loadSampleTraces, pickTrace, readAnalysisOptions, SampleSession } from './sampleTraces';
import { registerWatchGateway } from './watchGatewayCommand';

/** What `activate` returns: a small surface for the integration tests and other extensions. */
export interface ThinkTrimApi {
	/** What the Reasoning view shows now. */
	viewState(): ViewState;
	/** Ids of the bundled sample traces. */
	sampleTraceIds(): Promise<string[]>;
	/** Runs, history, the demo emulator and the key store (for integration tests). */
	readonly features: RunFeatures;
	/** The extension's global storage folder (history lives in its `runs/`). */
	readonly storagePath: string;
}

/** Composition root: every disposable is registered on the context. */
export function activate(context: vscode.ExtensionContext): ThinkTrimApi {
	const log = new Log();
	context.subscriptions.push(log);
	const hostLog = log.scoped('host');

	const provider: ReasoningViewProvider = new ReasoningViewProvider(
		context.extensionUri,
		log.scoped('view'),
		{
			runCommand: (command) => vscode.commands.executeCommand(webviewCommandId(command)),
			setOptions: (options): Promise<void> => samples.reanalyze(options),
		},
	);
	const samples = new SampleSession(provider, hostLog);
	context.subscriptions.push(
		provider,
		vscode.window.registerWebviewViewProvider(ReasoningViewProvider.viewId, provider),
		...provider.registerCommands(),
	);

	const openSampleTrace = async (traceId?: unknown): Promise<boolean> => {
		try {
			const traces = await loadSampleTraces(context.extensionUri, hostLog);
			const trace =
				typeof traceId === 'string'
					? traces.find((t) => t.id === traceId)
					: await pickTrace(traces);
			if (trace === undefined) {
				if (typeof traceId === 'string') {
					void notify('error', `ThinkTrim: no bundled sample trace has the id "${traceId}".`);
				}
				return false;
			}
			await provider.reveal();
			const model = await samples.show(trace);
			hostLog.info(`opened sample trace ${trace.id}: ${model.thoughtCount} thoughts`);
			return true;
		} catch (err) {
			await showError(err, { context: 'could not open the sample traces', log: hostLog });
			return false;
		}
	};

	context.subscriptions.push(
		vscode.commands.registerCommand(Commands.openSampleTrace, openSampleTrace),
		vscode.commands.registerCommand(Commands.showLog, () => log.show()),
		registerWatchGateway(context, provider, samples, hostLog),
	);
	const features = registerRunFeatures(context, log, provider);
	context.subscriptions.push(
		vscode.commands.registerCommand(Commands.reanalyze, async (ref?: unknown): Promise<boolean> => {
			const runId =
				typeof ref === 'string' ? ref : isRunRef(ref) ? ref.run.id : provider.currentChain()?.runId;
			if (runId === undefined) {
				void vscode.window.showInformationMessage(
					'ThinkTrim: open a chain first (History, Open Sample Trace or Stream Reasoning), then re-analyse it.',
				);
				return false;
			}
			try {
				if (runId.startsWith('sample:')) {
					await samples.reanalyze(readAnalysisOptions());
					return true;
				}
				return await features.history.reanalyze(runId);
			} catch (err) {
				void showError(err, {
					context: 'could not re-analyse the chain',
					log: hostLog,
					logAs: 're-analysis failed',
				});
				return false;
			}
		}),
	);
	hostLog.info(`activated (extension host node ${process.version}, vscode ${vscode.version})`);
	openWalkthroughOnFirstRun(context, (err) => hostLog.error('could not open the walkthrough', err));

	return {
		viewState: () => provider.currentState(),
		sampleTraceIds: async () =>
			(await loadSampleTraces(context.extensionUri, hostLog)).map((t) => t.id),
		features,
		storagePath: context.globalStorageUri.fsPath,
	};
}

/** A History item (or anything carrying a run id the same way). */
function isRunRef(value: unknown): value is { readonly run: { readonly id: string } } {
	return (
		typeof value === 'object' &&
		value !== null &&
		'run' in value &&
		typeof value.run === 'object' &&
		value.run !== null &&
		'id' in value.run &&
		typeof value.run.id === 'string'
	);
}

export function deactivate(): void {
	// Everything is disposed through context.subscriptions.
}
