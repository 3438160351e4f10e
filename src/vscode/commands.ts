import type { WebviewCommand } from '../shared/protocol';
import type { ErrorAction } from '../shared/userError';

/**
 * Every command id the extension registers or runs: the one table in code. package.json contributes the
 * same ids (test/unit/vscode/commands.test.ts holds the two together), so a renamed or missing command
 * fails a unit test instead of a user's click.
 */
export const Commands = {
	openSampleTrace: 'thinktrim.openSampleTrace',
	exportTreeSvg: 'thinktrim.exportTreeSvg',
	exportTreeHtml: 'thinktrim.exportTreeHtml',
	showLog: 'thinktrim.showLog',
	configureEndpoint: 'thinktrim.configureEndpoint',
	setApiKey: 'thinktrim.setApiKey',
	clearApiKey: 'thinktrim.clearApiKey',
	testConnection: 'thinktrim.testConnection',
	streamReasoning: 'thinktrim.streamReasoning',
	stop: 'thinktrim.stop',
	replay: 'thinktrim.replayWithTruncation',
	/** Sample the prompt anew with the stop policy acting (Replay continues the recorded chain). */
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
	watchGateway: 'thinktrim.watchGateway',
	evaluateDataset: 'thinktrim.evaluateDataset',
	/** Analyse the chain on screen (or a History run) again with the current settings. */
	reanalyze: 'thinktrim.reanalyze',
	/** The chain in the editor area, sized to the window (the side bar keeps a summary). */
	openTreeInEditor: 'thinktrim.openTreeInEditor',
} as const;

/** One of the extension's command ids. */
export type CommandId = (typeof Commands)[keyof typeof Commands];

/** The command a webview button stands for (the webview names intents; the host owns the ids). */
const WEBVIEW_COMMAND_IDS: Readonly<Record<WebviewCommand, CommandId>> = {
	openSampleTrace: Commands.openSampleTrace,
	exportSvg: Commands.exportTreeSvg,
	exportHtml: Commands.exportTreeHtml,
	replay: Commands.replay,
	whatIf: Commands.whatIf,
	reanalyze: Commands.reanalyze,
	openInEditor: Commands.openTreeInEditor,
};

/** The VS Code command a webview button stands for. */
export function webviewCommandId(command: WebviewCommand): CommandId {
	return WEBVIEW_COMMAND_IDS[command];
}

/**
 * The command (and its arguments) that carries out a failure's action, whether the user chose it in a
 * notification (src/vscode/notify.ts) or in the webview (an `errorAction` message).
 */
export function errorActionCommand(action: ErrorAction): readonly [string, ...unknown[]] {
	return action.kind === 'open-settings'
		? ['workbench.action.openSettings', action.setting]
		: [Commands.showLog];
}
