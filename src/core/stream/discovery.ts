/**
 * Server discovery: `/version`, `/health`, `/v1/models` (with `max_model_len`), and the dialect that
 * follows from them (docs/endpoints.md#dialects). The dialect can always be overridden; what the stream
 * shows (field names, inline tags) refines it later (see streamAccumulator).
 */
import { readCappedText } from './bodyGuard';
import { httpStatusError, toStreamError, type StreamError } from './errors';
import { vllmDialectForVersion } from './dialectFeatures';
import { serverRoot } from './serverUrls';
import type { DialectName } from './streamEvents';

// The dialect features and URL helpers are exported here too, as their callers import them from here.
export {
	compareVersions,
	dialectFeatures,
	isUntaggedDevVersion,
	vllmDialectForVersion,
	type DialectFeatures,
} from './dialectFeatures';
export { defaultBaseUrl, normalizeBaseUrl, serverRoot } from './serverUrls';

/** A model the server serves. */
export interface ModelInfo {
	readonly id: string;
	/** Context length served: vLLM `max_model_len`, MindIE `p_max_seqlen`, llama.cpp `/props` `n_ctx`. */
	readonly maxModelLen: number | undefined;
	/** llama.cpp: the context the model was trained with (`meta.n_ctx_train`), often larger than the one served. */
	readonly trainedContext?: number;
	readonly ownedBy: string | undefined;
	/** LoRA adapters list their base model here. */
	readonly parent: string | undefined;
}

/** Which server software answered. */
export type ServerKind = 'vllm' | 'sglang' | 'mindie' | 'llamacpp' | 'unknown';

/** What discovery found. */
export interface ServerInfo {
	readonly kind: ServerKind;
	readonly version: string | undefined;
	/** `true` 2xx, `false` 5xx (engine dead or busy), `undefined` when the server has no health route. */
	readonly healthy: boolean | undefined;
	readonly models: readonly ModelInfo[];
	readonly dialect: DialectName | undefined;
	/** Problems met on the way (e.g. /v1/models failed); discovery itself does not fail on them. */
	readonly problems: readonly StreamError[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function positive(v: unknown): number | undefined {
	return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

/** Reads a `/v1/models` body of any of the known servers. */
export function parseModels(body: unknown): ModelInfo[] {
	const data = isRecord(body) && Array.isArray(body.data) ? body.data : [];
	const models: ModelInfo[] = [];
	for (const m of data) {
		if (!isRecord(m) || typeof m.id !== 'string') {
			continue;
		}
		const meta = isRecord(m.meta) ? m.meta : {};
		models.push({
			id: m.id,
			maxModelLen:
				positive(m.max_model_len) ?? positive(m.p_max_seqlen) ?? positive(meta.n_ctx_train),
			...(positive(meta.n_ctx_train) !== undefined
				? { trainedContext: positive(meta.n_ctx_train) }
				: {}),
			ownedBy: typeof m.owned_by === 'string' ? m.owned_by : undefined,
			parent: typeof m.parent === 'string' ? m.parent : undefined,
		});
	}
	return models;
}

/** Guesses the server software from its model list and version routes. */
export function serverKindFrom(
	models: readonly ModelInfo[],
	rawModels: unknown,
	vllmVersion: string | undefined,
	sglangVersion: string | undefined,
): ServerKind {
	const owner = (models[0]?.ownedBy ?? '').toLowerCase();
	if (owner === 'sglang' || sglangVersion !== undefined) {
		return 'sglang';
	}
	if (owner === 'llamacpp' || owner === 'llama.cpp') {
		return 'llamacpp';
	}
	const first =
		isRecord(rawModels) && Array.isArray(rawModels.data)
			? (rawModels.data[0] as unknown)
			: undefined;
	if (
		owner === 'motor' ||
		owner.includes('mindie') ||
		(isRecord(first) && 'p_max_seqlen' in first)
	) {
		return 'mindie';
	}
	if (owner === 'vllm' || vllmVersion !== undefined) {
		return 'vllm';
	}
	return 'unknown';
}

/** The dialect of a server kind (vLLM by version). */
export function dialectFor(kind: ServerKind, version: string | undefined): DialectName | undefined {
	switch (kind) {
		case 'vllm':
			return vllmDialectForVersion(version);
		case 'sglang':
		case 'mindie':
		case 'llamacpp':
			return kind;
		case 'unknown':
			return undefined;
	}
}

interface Probe {
	readonly status: number;
	readonly body: unknown;
	readonly text: string;
}

/** GET with a short deadline; network failures become `undefined` plus a recorded problem. */
async function probe(
	fetchFn: typeof fetch,
	url: string,
	headers: Record<string, string>,
	signal: AbortSignal | undefined,
	timeoutMs: number,
): Promise<Probe> {
	const deadline = AbortSignal.timeout(timeoutMs);
	const response = await fetchFn(url, {
		headers,
		signal: signal !== undefined ? AbortSignal.any([signal, deadline]) : deadline,
	});
	const text = await readCappedText(response);
	let body: unknown = undefined;
	try {
		body = text === '' ? undefined : JSON.parse(text);
	} catch {
		body = undefined;
	}
	return { status: response.status, body, text };
}

/** Options of {@link discoverServer}. */
export interface DiscoveryOptions {
	readonly baseUrl: string;
	readonly fetch: typeof fetch;
	readonly apiKey?: string;
	readonly signal?: AbortSignal;
	/** Per-probe deadline. Default 5 s. */
	readonly timeoutMs?: number;
}

/** Asks the server what it is. Only an abort throws; other failures are recorded in `problems`. */
export async function discoverServer(options: DiscoveryOptions): Promise<ServerInfo> {
	const root = serverRoot(options.baseUrl);
	const headers: Record<string, string> =
		options.apiKey !== undefined && options.apiKey !== ''
			? { Authorization: `Bearer ${options.apiKey}` }
			: {};
	const timeout = options.timeoutMs ?? 5000;
	const problems: StreamError[] = [];
	const attempt = async (url: string): Promise<Probe | undefined> => {
		try {
			return await probe(options.fetch, url, headers, options.signal, timeout);
		} catch (err) {
			if (options.signal?.aborted === true) {
				throw err;
			}
			problems.push(toStreamError(err, { baseUrl: options.baseUrl, phase: 'request' }));
			return undefined;
		}
	};
	const [models, version, health] = await Promise.all([
		attempt(`${options.baseUrl.replace(/\/+$/, '')}/models`),
		attempt(`${root}/version`),
		attempt(`${root}/health`),
	]);
	if (models !== undefined && models.status >= 400) {
		problems.push(
			httpStatusError(models.status, models.text, { baseUrl: options.baseUrl, phase: 'request' }),
		);
	}
	const modelList = models !== undefined && models.status < 400 ? parseModels(models.body) : [];
	const vllmVersion =
		version !== undefined &&
		version.status < 400 &&
		isRecord(version.body) &&
		typeof version.body.version === 'string'
			? version.body.version
			: undefined;
	let sglangVersion: string | undefined;
	if (vllmVersion === undefined && (modelList[0]?.ownedBy ?? '') === 'sglang') {
		const info = await attempt(`${root}/get_server_info`);
		sglangVersion =
			info !== undefined && isRecord(info.body) && typeof info.body.version === 'string'
				? info.body.version
				: undefined;
	}
	const kind = serverKindFrom(modelList, models?.body, vllmVersion, sglangVersion);
	const served = kind === 'llamacpp' ? await servedContext(attempt, root) : undefined;
	return {
		kind,
		version: vllmVersion ?? sglangVersion,
		healthy: health === undefined || health.status === 404 ? undefined : health.status < 400,
		// llama.cpp lists the trained context; what a request may use is the served `n_ctx`.
		models:
			served !== undefined ? modelList.map((m) => ({ ...m, maxModelLen: served })) : modelList,
		dialect: dialectFor(kind, vllmVersion),
		problems,
	};
}

/** llama.cpp `GET /props`: the served context, `default_generation_settings.n_ctx` (or top-level `n_ctx`). */
async function servedContext(
	attempt: (url: string) => Promise<Probe | undefined>,
	root: string,
): Promise<number | undefined> {
	const props = await attempt(`${root}/props`);
	if (props === undefined || props.status >= 400 || !isRecord(props.body)) {
		return undefined;
	}
	const settings = isRecord(props.body.default_generation_settings)
		? props.body.default_generation_settings
		: {};
	return positive(settings.n_ctx) ?? positive(props.body.n_ctx);
}
