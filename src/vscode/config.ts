import * as vscode from 'vscode';
import type { PolicyOptions } from '../core/policies/createPolicy';
import { isDialectName, type DialectName } from '../core/stream/streamEvents';
import { withParameters } from '../core/dataset/policyVariants';
import { isPolicyName, type PolicyName } from '../shared/protocol';
import { messageOf, openSettings, UserError } from '../shared/userError';

/** Settings of one endpoint (reasoning or verifier). Keys are never here: see secrets.ts. */
export interface EndpointSettings {
	readonly baseUrl: string;
	readonly model: string;
	readonly dialect: DialectName | 'auto';
	readonly caFile: string;
	readonly certFile: string;
	readonly keyFile: string;
	readonly connectTimeoutMs: number;
	readonly idleTimeoutMs: number;
	/** Longest stream line/event accepted (`maxEventMiB`); the reasoning endpoint's setting serves both. */
	readonly maxEventBytes: number;
}

/** Everything the run commands need from `thinktrim.*`. Defaults live in package.json. */
export interface ThinkTrimConfig {
	readonly endpoint: EndpointSettings & {
		readonly maxTokens: number;
		readonly temperature: number;
		readonly systemPrompt: string;
		/** `auto` (server /tokenize, else built-in), `builtin`, or a path to tokenizer_config.json / a Jinja file. */
		readonly chatTemplate: string;
		/** Inline thinking markers: `auto`, a preset name, or `OPEN...CLOSE` (see parseThinkingMarkers). */
		readonly thinkingMarkers: string;
		readonly answerMaxTokens: number;
		readonly guide: string;
	};
	readonly verifier: EndpointSettings & {
		readonly threshold: number;
		readonly timeoutMs: number;
		readonly maxConcurrency: number;
	};
	readonly policy: PolicyName;
	readonly policyOptions: PolicyOptions;
	/** Dynasor and DEER ask the reasoning model itself during runs and replays (`thinktrim.policy.online`). */
	readonly policyOnline: boolean;
}

function endpointSettings(
	c: vscode.WorkspaceConfiguration,
	prefix: 'endpoint' | 'verifier',
): EndpointSettings {
	const dialect = c.get<string>(`${prefix}.dialect`, 'auto');
	return {
		baseUrl: c.get<string>(`${prefix}.baseUrl`, '').trim(),
		model: c.get<string>(`${prefix}.model`, '').trim(),
		dialect: isDialectName(dialect) ? dialect : 'auto',
		caFile: c.get<string>(`${prefix}.caFile`, '').trim(),
		certFile: c.get<string>(`${prefix}.certFile`, '').trim(),
		keyFile: c.get<string>(`${prefix}.keyFile`, '').trim(),
		connectTimeoutMs: c.get<number>(`${prefix}.connectTimeoutSeconds`, 10) * 1000,
		idleTimeoutMs:
			Math.min(Math.max(c.get<number>(`${prefix}.idleTimeoutSeconds`, 120), 1), 86_400) * 1000,
		maxEventBytes:
			Math.min(Math.max(c.get<number>('endpoint.maxEventMiB', 4), 1), 1024) * 1024 * 1024,
	};
}

export function readConfig(): ThinkTrimConfig {
	const c = vscode.workspace.getConfiguration('thinktrim');
	const policy = c.get<string>('policy.name', 'trimr');
	const maxTokens = c.get<number>('endpoint.maxTokens', 16384);
	return {
		endpoint: {
			...endpointSettings(c, 'endpoint'),
			maxTokens,
			temperature: c.get<number>('endpoint.temperature', 0.6),
			systemPrompt: c.get<string>('endpoint.systemPrompt', ''),
			chatTemplate: c.get<string>('endpoint.chatTemplate', 'auto').trim(),
			thinkingMarkers: c.get<string>('endpoint.thinkingMarkers', 'think').trim(),
			answerMaxTokens: c.get<number>('endpoint.answerMaxTokens', 2048),
			guide: c.get<string>('policy.guide', ''),
		},
		verifier: {
			...endpointSettings(c, 'verifier'),
			threshold: c.get<number>('verifier.threshold', 0.5),
			timeoutMs: c.get<number>('verifier.timeoutSeconds', 10) * 1000,
			maxConcurrency: c.get<number>('verifier.maxConcurrency', 4),
		},
		policy: isPolicyName(policy) ? policy : 'trimr',
		policyOptions: policyParameters(c, isPolicyName(policy) ? policy : 'trimr', {
			trimr: {
				consecutiveAnswers: explicitSetting<number>(c, 'policy.consecutiveAnswers'),
				tolerateOneDisagreement: c.get<boolean>('policy.tolerateOneDisagreement', false),
				underthinking: {
					tokenBudget: maxTokens,
					budgetShare: c.get<number>('policy.underthinkingBudgetShare', 0.5),
					thoughts: c.get<number>('policy.underthinkingThoughts', 20),
				},
			},
			dynasor: {
				interval: c.get<number>('policy.dynasorInterval', 64),
				agreeing: c.get<number>('policy.dynasorAgreeing', 3),
			},
			deer: { threshold: c.get<number>('policy.deerThreshold', 0.95) },
			budget: c.get<number>('policy.budgetTokens', 4096),
		}),
		policyOnline: c.get<boolean>('policy.online', false),
	};
}

/**
 * `thinktrim.policy.parameters` (`trimr:S=1:G=0`: one setting per policy in the sweep grammar, e.g. a
 * point of the dataset view's front) layered over the options above; a bad value names the setting.
 */
function policyParameters(
	c: vscode.WorkspaceConfiguration,
	policy: PolicyName,
	base: PolicyOptions,
): PolicyOptions {
	try {
		return withParameters(policy, base, c.get<string>('policy.parameters', ''));
	} catch (err) {
		throw parametersSettingError(err);
	}
}

/** A bad `thinktrim.policy.parameters`: says so, and Open Settings goes there. */
export function parametersSettingError(err: unknown): UserError {
	return new UserError(`thinktrim.policy.parameters: ${messageOf(err)}`, {
		cause: err,
		actions: [openSettings('thinktrim.policy.parameters')],
	});
}

/**
 * A setting's value only when the user set it somewhere (user, workspace or folder), else undefined:
 * for settings whose default depends on another setting (TrimR's M is 1, the paper's TrimR uses 2).
 */
export function explicitSetting<T>(c: vscode.WorkspaceConfiguration, key: string): T | undefined {
	const inspected = c.inspect<T>(key);
	return inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
}

/** Fires when any `thinktrim.*` setting changes. */
export function onConfigChange(listener: () => void): vscode.Disposable {
	return vscode.workspace.onDidChangeConfiguration((e) => {
		if (e.affectsConfiguration('thinktrim')) {
			listener();
		}
	});
}
