/**
 * The host's one way to tell the user about a failure (issue 15): every notification with actions goes
 * through here, so "Open Log" and "Open Settings" are labelled and carried out the same everywhere, and a
 * failure is logged, with its cause, before it is shown.
 */
import * as vscode from 'vscode';
import { actionsOf, messageOf, OPEN_LOG, type ErrorAction } from '../shared/userError';
import { Commands } from './commands';
import type { ScopedLog } from './log';

const LABELS: Readonly<Record<ErrorAction['kind'], string>> = {
	'open-log': 'Open Log',
	'open-settings': 'Open Settings',
};

function perform(action: ErrorAction): Thenable<unknown> {
	return action.kind === 'open-settings'
		? vscode.commands.executeCommand('workbench.action.openSettings', action.setting)
		: vscode.commands.executeCommand(Commands.showLog);
}

/** Shows `message` with a button per action and carries out the one chosen. Resolves once it is dismissed. */
export async function notify(
	severity: 'error' | 'warning' | 'info',
	message: string,
	actions: readonly ErrorAction[] = [],
): Promise<void> {
	const show =
		severity === 'error'
			? vscode.window.showErrorMessage
			: severity === 'warning'
				? vscode.window.showWarningMessage
				: vscode.window.showInformationMessage;
	const choice = await show(message, ...actions.map((a) => LABELS[a.kind]));
	const chosen = actions.find((a) => LABELS[a.kind] === choice);
	if (chosen !== undefined) {
		await perform(chosen);
	}
}

/** How to show one failure. */
export interface ErrorNotice {
	/** What was being done, e.g. `could not open the sample traces`; the message follows it after a colon. */
	readonly context?: string;
	/** Where to log it; a logged failure offers Open Log. */
	readonly log?: ScopedLog;
	/** The log line's text, when it should differ from `context` (default: `context`, else "failed"). */
	readonly logAs?: string;
}

/**
 * Logs `err` (with its cause) and shows "ThinkTrim: <context>: <message>" with the error's own actions
 * (a UserError's Open Settings) and, when it was logged, Open Log.
 */
export function showError(err: unknown, notice: ErrorNotice = {}): Promise<void> {
	const message = messageOf(err);
	notice.log?.error(notice.logAs ?? notice.context ?? 'failed', err);
	const actions = [
		...actionsOf(err),
		...(notice.log !== undefined && !actionsOf(err).includes(OPEN_LOG) ? [OPEN_LOG] : []),
	];
	return notify(
		'error',
		`ThinkTrim: ${notice.context !== undefined ? `${notice.context}: ` : ''}${message}`,
		actions,
	);
}
