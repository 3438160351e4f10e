import * as vscode from 'vscode';
import { createPolicy, type OnlinePorts } from '../core/policies/createPolicy';
import type { StopPolicy } from '../core/policies/stopPolicy';
import { parseThinkingMarkers, type ThinkingMarkers } from '../core/stream/thinkingMarkers';
import {
	builtInTemplateFor,
	templateFromFileText,
	type ChatTemplateSpec,
} from '../core/stream/chatTemplates';
import { ReasoningClient } from '../core/stream/reasoningClient';
import { HeuristicVerifier } from '../core/verifier/heuristicVerifier';
import { LlmVerifier } from '../core/verifier/llmVerifier';
import type { Verifier } from '../core/verifier/verdict';
import type { EndpointSettings, ThinkTrimConfig } from './config';
import type { ApiKeys } from './secrets';
import { messageOf, openSettings, UserError } from '../shared/userError';

/** A problem with the settings that the user can fix: the message names the setting, Open Settings goes there. */
function settingsError(message: string, setting: string, cause?: unknown): UserError {
	return new UserError(message, { cause, actions: [openSettings(setting)] });
}

/** The reasoning endpoint's client, built from settings and the stored key. `close()` it when done. */
export async function reasoningClient(
	config: ThinkTrimConfig,
	keys: ApiKeys,
): Promise<ReasoningClient> {
	const e = config.endpoint;
	if (e.baseUrl === '') {
		throw settingsError(
			'No reasoning endpoint is configured. Run "ThinkTrim: Configure Endpoint" or start the demo emulator.',
			'thinktrim.endpoint.baseUrl',
		);
	}
	return ReasoningClient.create({
		baseUrl: e.baseUrl,
		apiKey: await keys.get('reasoning'),
		dialect: e.dialect,
		idleTimeoutMs: e.idleTimeoutMs,
		connectTimeoutMs: e.connectTimeoutMs,
		maxEventBytes: e.maxEventBytes,
		tls: tlsOf(e),
	});
}

function tlsOf(
	e: EndpointSettings,
): { caFile?: string; certFile?: string; keyFile?: string } | undefined {
	if (e.caFile === '' && e.certFile === '' && e.keyFile === '') {
		return undefined;
	}
	return {
		caFile: e.caFile || undefined,
		certFile: e.certFile || undefined,
		keyFile: e.keyFile || undefined,
	};
}

/** The model to use: the configured one, else the first the server lists. */
export async function resolveModel(
	client: ReasoningClient,
	config: ThinkTrimConfig,
	signal?: AbortSignal,
): Promise<string> {
	if (config.endpoint.model !== '') {
		return config.endpoint.model;
	}
	const info = await client.discover(signal);
	const first = info.models[0]?.id;
	if (first === undefined) {
		throw settingsError(
			`The server at ${config.endpoint.baseUrl} lists no models; set "thinktrim.endpoint.model".`,
			'thinktrim.endpoint.model',
		);
	}
	return first;
}

/** The verifier: the LLM one when an endpoint is set, else the heuristic. */
export async function makeVerifier(config: ThinkTrimConfig, keys: ApiKeys): Promise<Verifier> {
	const v = config.verifier;
	if (v.baseUrl === '') {
		return new HeuristicVerifier();
	}
	if (v.model === '') {
		throw settingsError(
			'The verifier endpoint is set but "thinktrim.verifier.model" is empty.',
			'thinktrim.verifier.model',
		);
	}
	return new LlmVerifier({
		baseURL: v.baseUrl,
		model: v.model,
		apiKey: await keys.get('verifier'),
		threshold: v.threshold,
		timeoutMs: v.timeoutMs,
		maxConcurrency: v.maxConcurrency,
	});
}

/** A fresh stop policy as configured (policies are stateful: one per chain). */
export function makePolicy(
	config: ThinkTrimConfig,
	name = config.policy,
	online?: OnlinePorts,
): StopPolicy {
	return createPolicy(name, config.policyOptions, config.policyOnline ? online : undefined);
}

/** The chat template for client-side rendering: a file, the built-in one for the model family, or none. */
export async function chatTemplate(
	config: ThinkTrimConfig,
	model: string,
): Promise<ChatTemplateSpec | undefined> {
	const source = config.endpoint.chatTemplate;
	if (source === '' || source === 'auto' || source === 'builtin') {
		return builtInTemplateFor(model);
	}
	try {
		const bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(source));
		return templateFromFileText(new TextDecoder().decode(bytes));
	} catch (err) {
		throw settingsError(
			`Cannot read the chat template ${source}: ${messageOf(err)}`,
			'thinktrim.endpoint.chatTemplate',
			err,
		);
	}
}

/** The inline thinking markers of the `thinktrim.endpoint.thinkingMarkers` setting; a bad value names the setting. */
export function thinkingMarkers(config: ThinkTrimConfig): readonly ThinkingMarkers[] {
	try {
		return parseThinkingMarkers(config.endpoint.thinkingMarkers);
	} catch (err) {
		throw settingsError(messageOf(err), 'thinktrim.endpoint.thinkingMarkers', err);
	}
}
