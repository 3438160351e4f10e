/**
 * The host's one way to tell the user about a failure (issue 15): every notification with actions goes
 * through here, so "Open Log" and "Open Settings" are labelled and carried out the same everywhere, and a
 * failure is logged, with its cause, before it is shown.
 */
import * as vscode from 'vscode';
import {
	ACTION_LABELS,
	actionsOf,
	messageOf,
	withOpenLog,
	type ErrorAction,
} from '../shared/userError';
import { errorActionCommand } from './commands';
import type { ScopedLog } from './log';

/** Carries out a failure's action: a notification's button and the webview's (`errorAction`) alike. */
export function performAction(action: ErrorAction): Thenable<unknown> {
	const [command, ...args] = errorActionCommand(action);
	return vscode.commands.executeCommand(command, ...args);
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
	const choice = await show(message, ...actions.map((a) => ACTION_LABELS[a.kind]));
	const chosen = actions.find((a) => ACTION_LABELS[a.kind] === choice);
	if (chosen !== undefined) {
		await performAction(chosen);
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
	const actions = notice.log !== undefined ? withOpenLog(actionsOf(err)) : actionsOf(err);
	return notify(
		'error',
		`ThinkTrim: ${notice.context !== undefined ? `${notice.context}: ` : ''}${message}`,
		actions,
	);
}
