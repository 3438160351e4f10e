/**
 * The one error type a person is shown: what happened (`message`, one line), why (`cause`, kept for the
 * log), and what they can do (`actions`). It lives in src/shared because every zone renders failures: the
 * host as a notification with buttons (src/vscode/notify.ts), the CLI as a line on stderr
 * (src/cli/main.ts), the webview as its error state (webview/main.ts). Plain TypeScript, no Node, no DOM.
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
