import * as vscode from 'vscode';
import { redactFromLogs } from './log';

/** Which endpoint a key belongs to. */
export type EndpointRole = 'reasoning' | 'verifier';

const secretKey = (role: EndpointRole): string => `thinktrim.${role}.apiKey`;

/**
 * API keys live only in VS Code's SecretStorage (the OS keychain), never in settings, logs, history or
 * exports. Every key read is registered for redaction from the log.
 */
export class ApiKeys {
	constructor(private readonly storage: vscode.SecretStorage) {}

	async get(role: EndpointRole): Promise<string | undefined> {
		const key = await this.storage.get(secretKey(role));
		if (key !== undefined && key !== '') {
			redactFromLogs(key);
			return key;
		}
		return undefined;
	}

	async set(role: EndpointRole, key: string): Promise<void> {
		redactFromLogs(key);
		await this.storage.store(secretKey(role), key);
	}

	async clear(role: EndpointRole): Promise<void> {
		await this.storage.delete(secretKey(role));
	}

	/** Asks for a key in a password box; undefined when the user cancels. */
	async prompt(role: EndpointRole): Promise<string | undefined> {
		const key = await vscode.window.showInputBox({
			title: `ThinkTrim: API key for the ${role} endpoint`,
			prompt:
				'Stored in VS Code Secret Storage (your OS keychain), never in settings or logs. Leave empty to cancel.',
			password: true,
			ignoreFocusOut: true,
			validateInput: (value) =>
				/\s/.test(value.trim())
					? 'An API key has no spaces.'
					: /[\r\n]/.test(value)
						? 'An API key is one line.'
						: undefined,
		});
		const trimmed = key?.trim();
		return trimmed === undefined || trimmed === '' ? undefined : trimmed;
	}
}
