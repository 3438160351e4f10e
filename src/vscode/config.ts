import * as vscode from 'vscode';

/** The `thinktrim.*` settings this layer reads, typed. Defaults live in package.json. */
export interface ThinkTrimConfig {
	readonly endpointBaseUrl: string;
	readonly endpointModel: string;
	readonly verifierBaseUrl: string;
	readonly verifierModel: string;
	readonly policy: string;
}

export function readConfig(): ThinkTrimConfig {
	const c = vscode.workspace.getConfiguration('thinktrim');
	return {
		endpointBaseUrl: c.get<string>('endpoint.baseUrl', ''),
		endpointModel: c.get<string>('endpoint.model', ''),
		verifierBaseUrl: c.get<string>('verifier.baseUrl', ''),
		verifierModel: c.get<string>('verifier.model', ''),
		policy: c.get<string>('policy.name', 'trimr'),
	};
}
