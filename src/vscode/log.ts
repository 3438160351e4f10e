import * as vscode from 'vscode';
import { redactSecrets } from '../core/text/redact';
import { messageOf } from '../shared/userError';

/** Secrets registered here are replaced by `***` in everything written to the log. */
const secrets = new Set<string>();

/** Never log `secret` verbatim from now on (API keys, tokens). */
export function redactFromLogs(secret: string): void {
	if (secret.length >= 4) {
		secrets.add(secret);
	}
}

/** Replaces every registered secret, any `Bearer …` credential and URL userinfo in `text`. */
export function redact(text: string): string {
	return redactSecrets(text, secrets);
}

/** The extension's one log: a LogOutputChannel named "ThinkTrim" with `[component]` tags. */
export class Log implements vscode.Disposable {
	private readonly channel = vscode.window.createOutputChannel('ThinkTrim', { log: true });

	/** A logger that prefixes every line with `[component]`. */
	scoped(component: string): ScopedLog {
		return new ScopedLog(this.channel, component);
	}

	show(): void {
		this.channel.show(true);
	}

	dispose(): void {
		this.channel.dispose();
	}
}

export class ScopedLog {
	constructor(
		private readonly channel: vscode.LogOutputChannel,
		private readonly component: string,
	) {}

	info(message: string): void {
		this.channel.info(redact(`[${this.component}] ${message}`));
	}

	warn(message: string): void {
		this.channel.warn(redact(`[${this.component}] ${message}`));
	}

	error(message: string, err?: unknown): void {
		const detail = err === undefined ? '' : `: ${describeError(err)}`;
		this.channel.error(redact(`[${this.component}] ${message}${detail}`));
	}

	debug(message: string): void {
		this.channel.debug(redact(`[${this.component}] ${message}`));
	}
}

/** A one-line description of anything thrown, with its cause when it says more (the log keeps both). */
export function describeError(err: unknown): string {
	if (err instanceof Error) {
		const cause = err.cause !== undefined ? messageOf(err.cause) : undefined;
		return cause !== undefined && cause !== '' && !err.message.includes(cause)
			? `${err.message} (cause: ${cause})`
			: err.message;
	}
	return typeof err === 'string' ? err : (JSON.stringify(err) ?? 'unknown error');
}
