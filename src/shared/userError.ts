/**
 * The one error type a person is shown: what happened (`message`, one line), why (`cause`, kept for the
 * log), and what they can do (`actions`). It lives in src/shared because every zone renders failures, each
 * with one function: the host as a notification with buttons (src/vscode/notify.ts), the webview as a
 * message with buttons that ask the host to act (webview/errorView.ts), the CLI as a line on stderr with
 * the actions as hints (src/cli/errorOutput.ts). Plain TypeScript, no Node, no DOM.
 */

/** Something the user can do about a failure; each zone offers it its own way (a button, a hint). */
export type ErrorAction =
	{ readonly kind: 'open-log' } | { readonly kind: 'open-settings'; readonly setting: string };

/** Show the log: the full error, with its cause, is always written there. */
export const OPEN_LOG: ErrorAction = { kind: 'open-log' };

/** Open the settings at `setting`, which the message names as the thing to fix. */
export function openSettings(setting: string): ErrorAction {
	return { kind: 'open-settings', setting };
}

/** How a button offering the action is labelled, in the host's notifications and in the webview alike. */
export const ACTION_LABELS: Readonly<Record<ErrorAction['kind'], string>> = {
	'open-log': 'Open Log',
	'open-settings': 'Open Settings',
};

/** Settings an action may open: ThinkTrim's own (the webview that asks is not trusted). */
const SETTING_ID = /^thinktrim(\.[A-Za-z][A-Za-z0-9]*)+$/;

/** Validates an action that arrives from outside (the webview). */
export function isErrorAction(value: unknown): value is ErrorAction {
	if (typeof value !== 'object' || value === null) {
		return false;
	}
	const v = value as Record<string, unknown>;
	return (
		v.kind === 'open-log' ||
		(v.kind === 'open-settings' && typeof v.setting === 'string' && SETTING_ID.test(v.setting))
	);
}

/** `actions` and Open Log (once): for a failure that was written to the log. */
export function withOpenLog(actions: readonly ErrorAction[]): readonly ErrorAction[] {
	return actions.some((a) => a.kind === 'open-log') ? actions : [...actions, OPEN_LOG];
}

/** A failure explained for people. */
export class UserError extends Error {
	override readonly name = 'UserError';
	readonly actions: readonly ErrorAction[];

	constructor(
		message: string,
		options: { readonly cause?: unknown; readonly actions?: readonly ErrorAction[] } = {},
	) {
		super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
		this.actions = options.actions ?? [];
	}
}

/** The one-line message of anything thrown: an Error's message, else its string form. */
export function messageOf(err: unknown): string {
	return err instanceof Error ? err.message : String(err);
}

/** The actions a thrown value offers (none unless it is a UserError). */
export function actionsOf(err: unknown): readonly ErrorAction[] {
	return err instanceof UserError ? err.actions : [];
}
