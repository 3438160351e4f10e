/**
 * The gateway's settings: where upstream is, which stop policy acts on which model, and the verifier.
 * They come from `gateway.json` (see docs/gateway.md) overlaid with command-line flags; everything is
 * checked once at start, so a typo stops the gateway with a message naming the field instead of
 * surfacing on the first request.
 */
import { parseSweepSpec } from '../dataset/policyVariants';
import { createPolicy } from '../policies/createPolicy';
import type { StopPolicy } from '../policies/stopPolicy';
import { DIALECT_NAMES, isDialectName, type DialectName } from '../stream/streamEvents';
import { messageOf } from '../../shared/userError';

/** `act` cuts and continues; `watch` streams untrimmed and only records where the policy would cut. */
export type GatewayMode = 'act' | 'watch';

/** What applies to one model (or, as the defaults, to every model without its own entry). */
export interface ModelSettings {
	/** A policy name or one sweep-grammar setting: `trimr`, `trimr:M=2`, `dynasor:N=3:T=64`, `budget:B=2048`, `none`. */
	readonly policy: string;
	readonly mode: GatewayMode;
	/** `max_tokens` of the continuation after a cut. */
	readonly answerMaxTokens: number;
	/** Sentence appended to the kept thinking before `</think>`; empty for none. */
	readonly guide: string;
}

/** An LLM verifier beside the model server; absent: the heuristic verifier. */
export interface VerifierSettings {
	readonly url: string;
	readonly model: string;
	/** Name of the environment variable holding the verifier's key (keys never sit in the file). */
	readonly apiKeyEnv?: string;
	readonly timeoutMs?: number;
}

/** Everything the gateway needs. */
export interface GatewayConfig {
	/** Upstream base URL including `/v1`. */
	readonly upstream: string;
	/** Upstream wire dialect; `auto` asks the server once. */
	readonly dialect: DialectName | 'auto';
	/** Name of the environment variable with a key for upstream; unset: each client's Authorization is forwarded. */
	readonly upstreamApiKeyEnv?: string;
	readonly host: string;
	readonly port: number;
	readonly defaults: ModelSettings;
	readonly models: Readonly<Record<string, Partial<ModelSettings>>>;
	readonly verifier?: VerifierSettings;
	/** Upstream silence, in ms, after which a stream is given up. */
	readonly idleTimeoutMs: number;
	/** How many finished requests `/thinktrim/requests` keeps (with their thinking). */
	readonly recentRequests: number;
	/** Largest request body accepted, in bytes. */
	readonly maxBodyBytes: number;
}

export const DEFAULT_MODEL_SETTINGS: ModelSettings = {
	policy: 'trimr',
	mode: 'act',
	answerMaxTokens: 2048,
	guide: '',
};

/** Builds a fresh policy for one request from a policy setting; throws naming the bad setting. */
export function policyFromSetting(setting: string): StopPolicy {
	const text = setting.trim();
	if (text.toLowerCase() === 'none') {
		return createPolicy('none');
	}
	const variants = parseSweepSpec(text);
	const [variant] = variants;
	if (variant === undefined || variants.length !== 1) {
		throw new Error(
			`policy "${setting}" must name exactly one setting (e.g. trimr:M=2), not a sweep`,
		);
	}
	return createPolicy(variant.policy, variant.options);
}

/** The settings for `model`: its own entry over the defaults. */
export function settingsFor(config: GatewayConfig, model: string): ModelSettings {
	return { ...config.defaults, ...config.models[model] };
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(obj: Json, key: string, where: string): string | undefined {
	const v = obj[key];
	if (v === undefined) {
		return undefined;
	}
	if (typeof v !== 'string' || v.trim() === '') {
		throw new Error(`${where}.${key} must be a non-empty string`);
	}
	return v;
}

function positiveInt(obj: Json, key: string, where: string): number | undefined {
	const v = obj[key];
	if (v === undefined) {
		return undefined;
	}
	if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
		throw new Error(`${where}.${key} must be a positive integer`);
	}
	return v;
}

function modelSettings(obj: Json, where: string): Partial<ModelSettings> {
	const known = new Set(['policy', 'mode', 'answerMaxTokens', 'guide']);
	const unknown = Object.keys(obj).find((k) => !known.has(k));
	if (unknown !== undefined) {
		throw new Error(
			`${where}.${unknown} is not a setting (expected policy, mode, answerMaxTokens, guide)`,
		);
	}
	const policy = str(obj, 'policy', where);
	if (policy !== undefined) {
		try {
			policyFromSetting(policy);
		} catch (err) {
			throw new Error(`${where}.policy: ${messageOf(err)}`);
		}
	}
	const mode = str(obj, 'mode', where);
	if (mode !== undefined && mode !== 'act' && mode !== 'watch') {
		throw new Error(`${where}.mode must be "act" or "watch", got "${mode}"`);
	}
	const guide = obj.guide;
	if (guide !== undefined && typeof guide !== 'string') {
		throw new Error(`${where}.guide must be a string`);
	}
	return {
		...(policy !== undefined ? { policy } : {}),
		...(mode !== undefined ? { mode } : {}),
		...(positiveInt(obj, 'answerMaxTokens', where) !== undefined
			? { answerMaxTokens: positiveInt(obj, 'answerMaxTokens', where) }
			: {}),
		...(guide !== undefined ? { guide } : {}),
	};
}

function verifierSettings(value: unknown, where: string): VerifierSettings | undefined {
	if (value === undefined || value === 'heuristic') {
		return undefined;
	}
	if (!isObject(value)) {
		throw new Error(`${where} must be "heuristic" or { "url": …, "model": … }`);
	}
	const url = str(value, 'url', where);
	const model = str(value, 'model', where);
	if (url === undefined || model === undefined) {
		throw new Error(`${where} needs both "url" (with /v1) and "model"`);
	}
	return {
		url,
		model,
		apiKeyEnv: str(value, 'apiKeyEnv', where),
		timeoutMs: positiveInt(value, 'timeoutMs', where),
	};
}

/** Command-line values that override the file. */
export interface GatewayFlags {
	readonly upstream?: string;
	readonly host?: string;
	readonly port?: number;
	readonly policy?: string;
	readonly mode?: string;
	readonly dialect?: string;
	readonly verifierUrl?: string;
	readonly verifierModel?: string;
}

/**
 * Reads a parsed `gateway.json` (or `{}`) and the flags into a checked config. `source` names the file in
 * messages. A key in the file (e.g. `upstreamApiKey`) is refused: keys come from the environment.
 */
export function parseGatewayConfig(
	file: unknown,
	flags: GatewayFlags,
	source = 'gateway.json',
): GatewayConfig {
	if (!isObject(file)) {
		throw new Error(`${source} must hold a JSON object`);
	}
	const known = new Set([
		'upstream',
		'dialect',
		'upstreamApiKeyEnv',
		'host',
		'port',
		'policy',
		'mode',
		'answerMaxTokens',
		'guide',
		'models',
		'verifier',
		'idleTimeoutSeconds',
		'recentRequests',
		'maxBodyBytes',
	]);
	for (const key of Object.keys(file)) {
		if (/key$/i.test(key) && key !== 'upstreamApiKeyEnv') {
			throw new Error(
				`${source}: "${key}" is not accepted; put the key in an environment variable and name it in upstreamApiKeyEnv`,
			);
		}
		if (!known.has(key)) {
			throw new Error(`${source}: unknown setting "${key}"`);
		}
	}
	const upstream = flags.upstream ?? str(file, 'upstream', source);
	if (upstream === undefined) {
		throw new Error(
			'the upstream server is required: --upstream URL (e.g. http://gpu:8000/v1) or "upstream" in the config',
		);
	}
	let parsedUpstream: URL;
	try {
		parsedUpstream = new URL(upstream);
	} catch {
		throw new Error(`the upstream "${upstream}" is not a URL; expected e.g. http://gpu:8000/v1`);
	}
	if (parsedUpstream.protocol !== 'http:' && parsedUpstream.protocol !== 'https:') {
		throw new Error('the upstream URL must start with http:// or https://');
	}
	if (parsedUpstream.username !== '' || parsedUpstream.password !== '') {
		throw new Error(
			'the upstream URL must not carry credentials; put the key in an environment variable named by upstreamApiKeyEnv',
		);
	}
	const dialect = flags.dialect ?? str(file, 'dialect', source) ?? 'auto';
	if (dialect !== 'auto' && !isDialectName(dialect)) {
		throw new Error(
			`unknown dialect "${dialect}"; expected one of auto, ${DIALECT_NAMES.join(', ')}`,
		);
	}
	const port = flags.port ?? (file.port === undefined ? 8000 : positiveInt(file, 'port', source));
	if (port === undefined || port > 65535) {
		throw new Error('the port must be between 1 and 65535');
	}
	const defaults = {
		...DEFAULT_MODEL_SETTINGS,
		...modelSettings(
			Object.fromEntries(
				['policy', 'mode', 'answerMaxTokens', 'guide']
					.filter((k) => file[k] !== undefined)
					.map((k) => [k, file[k]]),
			),
			source,
		),
		...modelSettings(
			{
				...(flags.policy !== undefined ? { policy: flags.policy } : {}),
				...(flags.mode !== undefined ? { mode: flags.mode } : {}),
			},
			'flags',
		),
	};
	const models: Record<string, Partial<ModelSettings>> = {};
	if (file.models !== undefined) {
		if (!isObject(file.models)) {
			throw new Error(`${source}.models must map model ids to settings`);
		}
		for (const [id, value] of Object.entries(file.models)) {
			if (!isObject(value)) {
				throw new Error(`${source}.models["${id}"] must be an object`);
			}
			models[id] = modelSettings(value, `${source}.models["${id}"]`);
		}
	}
	const flagVerifier =
		flags.verifierUrl !== undefined || flags.verifierModel !== undefined
			? { url: flags.verifierUrl, model: flags.verifierModel }
			: undefined;
	const idleSeconds = positiveInt(file, 'idleTimeoutSeconds', source) ?? 120;
	return {
		upstream,
		dialect,
		upstreamApiKeyEnv: str(file, 'upstreamApiKeyEnv', source),
		host: flags.host ?? str(file, 'host', source) ?? '127.0.0.1',
		port,
		defaults,
		models,
		verifier: verifierSettings(
			flagVerifier ?? file.verifier,
			flagVerifier !== undefined ? '--verifier-url/--verifier-model' : `${source}.verifier`,
		),
		idleTimeoutMs: idleSeconds * 1000,
		recentRequests: positiveInt(file, 'recentRequests', source) ?? 100,
		maxBodyBytes: positiveInt(file, 'maxBodyBytes', source) ?? 8 * 1024 * 1024,
	};
}
