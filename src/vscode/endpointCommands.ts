import * as vscode from 'vscode';
import { checkConnection, type ConnectionReport } from '../core/run/connectionCheck';
import { ReasoningClient } from '../core/stream/reasoningClient';
import { Commands } from './commands';
import { notify } from './notify';
import { OPEN_LOG } from '../shared/userError';
import { readConfig } from './config';
import { chatTemplate, reasoningClient } from './endpoints';
import { pickModel } from './modelPick';
import type { ScopedLog } from './log';
import type { ApiKeys, EndpointRole } from './secrets';
import { messageOf } from '../shared/userError';

interface Preset extends vscode.QuickPickItem {
	readonly url: string;
	readonly dialect: string;
}

const PRESETS: readonly Preset[] = [
	{
		label: 'vLLM',
		description: 'GPU server, port 8000',
		detail: 'vllm serve … --reasoning-parser deepseek_r1 (dialect detected from /version)',
		url: 'http://localhost:8000/v1',
		dialect: 'auto',
	},
	{
		label: 'vllm-ascend',
		description: 'Ascend NPU, port 8000',
		detail: "vLLM's own API server on Ascend; the dialect follows the vLLM version it pins",
		url: 'http://localhost:8000/v1',
		dialect: 'auto',
	},
	{
		label: 'MindIE',
		description: 'Ascend NPU, HTTPS port 1025',
		detail: 'MindIE Service or Motor; HTTPS by default, often with a private CA',
		url: 'https://localhost:1025/v1',
		dialect: 'mindie',
	},
	{
		label: 'SGLang',
		description: 'port 30000',
		detail: 'python -m sglang.launch_server … --reasoning-parser deepseek-r1',
		url: 'http://localhost:30000/v1',
		dialect: 'sglang',
	},
	{
		label: 'llama.cpp',
		description: 'llama-server, port 8080',
		detail: 'llama-server --reasoning-format deepseek',
		url: 'http://localhost:8080/v1',
		dialect: 'llamacpp',
	},
	{
		label: 'Other OpenAI-compatible server',
		description: '',
		detail: 'Any server that speaks /v1/chat/completions',
		url: 'http://localhost:8000/v1',
		dialect: 'auto',
	},
];

function validateUrl(value: string): string | undefined {
	try {
		const url = new URL(value.trim());
		if (url.protocol !== 'http:' && url.protocol !== 'https:') {
			return 'Use an http:// or https:// URL.';
		}
		return url.pathname.replace(/\/+$/, '').endsWith('/v1')
			? undefined
			: 'Include the /v1 path, e.g. http://host:8000/v1';
	} catch {
		return 'Not a URL. Example: http://gpu-node:8000/v1';
	}
}

/**
 * `ThinkTrim: Configure Endpoint`: a guided quick pick — which endpoint, which server, its URL, the
 * model it serves (asked from the server), the CA file for HTTPS, and the API key — written to user
 * settings (keys to SecretStorage). Ends with an offer to test the connection.
 */
export async function configureEndpoint(keys: ApiKeys, log: ScopedLog): Promise<boolean> {
	const role = await vscode.window.showQuickPick(
		[
			{
				label: 'Reasoning endpoint',
				description: 'the server that runs the reasoning model',
				role: 'reasoning' as const,
			},
			{
				label: 'Verifier endpoint',
				description: 'a small instruction-tuned model that judges thoughts (optional)',
				role: 'verifier' as const,
			},
		],
		{
			title: 'ThinkTrim: Configure Endpoint (1/5)',
			placeHolder: 'Which endpoint?',
			ignoreFocusOut: true,
		},
	);
	if (role === undefined) {
		return false;
	}
	const prefix = role.role === 'reasoning' ? 'endpoint' : 'verifier';
	const config = vscode.workspace.getConfiguration('thinktrim');
	const preset = await vscode.window.showQuickPick(PRESETS, {
		title: 'ThinkTrim: Configure Endpoint (2/5)',
		placeHolder: 'Which server software?',
		matchOnDetail: true,
		ignoreFocusOut: true,
	});
	if (preset === undefined) {
		return false;
	}
	const current = config.get<string>(`${prefix}.baseUrl`, '');
	const baseUrl = await vscode.window.showInputBox({
		title: 'ThinkTrim: Configure Endpoint (3/5)',
		prompt: 'Base URL of the OpenAI-compatible API, including /v1',
		value: current !== '' ? current : preset.url,
		validateInput: validateUrl,
		ignoreFocusOut: true,
	});
	if (baseUrl === undefined) {
		return false;
	}
	let caFile = config.get<string>(`${prefix}.caFile`, '');
	if (baseUrl.trim().startsWith('https:')) {
		const choice = await vscode.window.showQuickPick(
			['System trust store', 'Choose a CA file (PEM)…'],
			{
				title: 'ThinkTrim: Configure Endpoint (4/5)',
				placeHolder: 'Which CA signed the server certificate?',
				ignoreFocusOut: true,
			},
		);
		if (choice === undefined) {
			return false;
		}
		if (choice.startsWith('Choose')) {
			const picked = await vscode.window.showOpenDialog({
				title: 'CA certificate (PEM)',
				canSelectMany: false,
				filters: { 'PEM certificates': ['pem', 'crt', 'cer'], 'All files': ['*'] },
			});
			caFile = picked?.[0]?.fsPath ?? caFile;
		} else {
			caFile = '';
		}
	}
	const key = await keys.get(role.role);
	const model = await pickModel(
		baseUrl.trim(),
		key,
		caFile,
		config.get<string>(`${prefix}.model`, ''),
		log,
	);
	if (model === undefined) {
		return false;
	}
	const target = vscode.ConfigurationTarget.Global;
	await config.update(`${prefix}.baseUrl`, baseUrl.trim(), target);
	await config.update(`${prefix}.model`, model, target);
	await config.update(`${prefix}.dialect`, preset.dialect, target);
	await config.update(`${prefix}.caFile`, caFile, target);
	log.info(
		`configured the ${role.role} endpoint: ${baseUrl.trim()} model ${model === '' ? '(first listed)' : model}`,
	);
	const next = await vscode.window.showInformationMessage(
		`ThinkTrim: ${role.label.toLowerCase()} set to ${baseUrl.trim()}.`,
		'Test Connection',
		key === undefined ? 'Set API Key' : 'Change API Key',
	);
	if (next === 'Test Connection') {
		await vscode.commands.executeCommand(Commands.testConnection);
	} else if (next !== undefined) {
		await setApiKey(keys, role.role);
	}
	return true;
}

async function pickRole(title: string): Promise<EndpointRole | undefined> {
	const picked = await vscode.window.showQuickPick(
		[
			{ label: 'Reasoning endpoint', role: 'reasoning' as const },
			{ label: 'Verifier endpoint', role: 'verifier' as const },
		],
		{ title, placeHolder: 'For which endpoint?' },
	);
	return picked?.role;
}

/** `ThinkTrim: Set API Key`. */
export async function setApiKey(keys: ApiKeys, role?: EndpointRole): Promise<boolean> {
	const which = role ?? (await pickRole('ThinkTrim: Set API Key'));
	if (which === undefined) {
		return false;
	}
	const key = await keys.prompt(which);
	if (key === undefined) {
		return false;
	}
	await keys.set(which, key);
	void vscode.window.showInformationMessage(
		`ThinkTrim: API key for the ${which} endpoint stored in Secret Storage.`,
	);
	return true;
}

/** `ThinkTrim: Clear API Key`. */
export async function clearApiKey(keys: ApiKeys, role?: EndpointRole): Promise<boolean> {
	const which = role ?? (await pickRole('ThinkTrim: Clear API Key'));
	if (which === undefined) {
		return false;
	}
	await keys.clear(which);
	void vscode.window.showInformationMessage(
		`ThinkTrim: API key for the ${which} endpoint removed.`,
	);
	return true;
}

/** The report of `Test Connection` as lines for the log and the notification. */
export function formatReport(title: string, report: ConnectionReport): string[] {
	const mark = (ok: boolean | undefined): string => (ok === true ? '✓' : ok === false ? '✗' : '–');
	return [title, ...report.lines.map((l) => `  ${mark(l.ok)} ${l.what}: ${l.detail}`)];
}

/**
 * `ThinkTrim: Test Connection`: server, version, dialect, models, max context, /tokenize, how a
 * continuation will be rendered, the verifier constraint (checked on the verifier endpoint), logprobs,
 * and the verifier endpoint's latency. Details go to the log; a notification sums up.
 */
export async function testConnection(
	keys: ApiKeys,
	log: ScopedLog,
): Promise<ConnectionReport | undefined> {
	const config = readConfig();
	return vscode.window.withProgress(
		{
			location: vscode.ProgressLocation.Notification,
			title: 'ThinkTrim: testing the connection…',
			cancellable: true,
		},
		async (_progress, token) => {
			const abort = new AbortController();
			token.onCancellationRequested(() => abort.abort());
			const client = await reasoningClient(config, keys);
			try {
				// A template file from settings is what a replay passes, so the continuation line shows the path a
				// replay will take; without one (auto/builtin) the check picks the built-in template by model name itself.
				const fromFile = !['', 'auto', 'builtin'].includes(config.endpoint.chatTemplate);
				let template: Awaited<ReturnType<typeof chatTemplate>>;
				let templateProblem: string | undefined;
				try {
					template = fromFile ? await chatTemplate(config, config.endpoint.model) : undefined;
				} catch (err) {
					templateProblem = messageOf(err);
				}
				const report = await checkConnection(client, config.endpoint.model, abort.signal, {
					chatTemplate: template,
				});
				const lines = formatReport(`Reasoning endpoint ${config.endpoint.baseUrl}`, report);
				if (templateProblem !== undefined) {
					lines.push(`  ✗ chat template: ${templateProblem}`);
				}
				if (config.verifier.baseUrl !== '') {
					const verifierClient = await ReasoningClient.create({
						baseUrl: config.verifier.baseUrl,
						apiKey: await keys.get('verifier'),
						tls: config.verifier.caFile !== '' ? { caFile: config.verifier.caFile } : undefined,
					});
					try {
						lines.push(
							...formatReport(
								`Verifier endpoint ${config.verifier.baseUrl}`,
								await checkConnection(verifierClient, config.verifier.model, abort.signal, {
									verifyConstraint: true,
								}),
							),
						);
					} finally {
						await verifierClient.close();
					}
				} else {
					lines.push('Verifier: none configured — the heuristic verifier is used.');
				}
				for (const line of lines) {
					log.info(line);
				}
				const problems = lines.filter((l) => l.includes('✗'));
				const summary = report.usable
					? `ThinkTrim: connected to ${report.server.kind}` +
						`${report.server.version !== undefined ? ` ${report.server.version}` : ''} ` +
						`(${client.dialect ?? 'unknown dialect'}), ${report.server.models.length} model(s).` +
						`${problems.length > 0 ? ` ${problems.length} check(s) failed.` : ''}`
					: `ThinkTrim: ${config.endpoint.baseUrl} is not usable: ${problems.map((l) => l.trim().slice(2)).join('; ') || 'no models listed'}`;
				// Every check's line is in the log; the notification only sums them up.
				void notify(
					report.usable && problems.length === 0 ? 'info' : report.usable ? 'warning' : 'error',
					summary,
					[OPEN_LOG],
				);
				return report;
			} finally {
				await client.close();
			}
		},
	);
}
