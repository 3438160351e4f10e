/**
 * The emulator: an OpenAI-compatible HTTP(S) server on 127.0.0.1 that replays recorded reasoning traces
 * token by token in the wire format of a chosen server dialect, with fault injection and a request log.
 *
 * ```ts
 * const emu = await startEmulator({ dialect: 'vllm-legacy', traces, tokensPerSecond: Infinity });
 * // … point a client at emu.url (ends with /v1) …
 * await emu.log.waitFor((e) => e.outcome === 'client-disconnected');
 * await emu.close();
 * ```
 */
import {
	createServer as createHttpServer,
	type IncomingMessage,
	type Server,
	type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TraceRecord } from '../core/traces/traceRecord';
import type {
	ChunksWrittenListener,
	EmulatorState,
	RequestContext,
	RequestRecord,
} from './context';
import { sendError, sendJson } from './context';
import { dialectProfile, type EmulatorDialect } from './dialects';
import { FaultCounter, parseFaultSpec, type FaultSpec } from './faults';
import { DEFAULT_PACING, waitMs } from './pacing';
import type { EmulatorQuirk } from './quirks';
import { RequestLog } from './requestLog';
import { findRoute, readBody, routesFor, type Handler } from './routes';
import { Vocabulary } from './tokenizer';
import { TraceLibrary } from './traceLibrary';
import { messageOf } from '../shared/userError';

/** Emulator settings; everything but `traces` has a default. */
export interface EmulatorOptions {
	readonly traces: readonly TraceRecord[];
	readonly dialect?: EmulatorDialect;
	/** Emulated vLLM version (`/version`, and with it the error shape of vllm-legacy: flat up to 0.10.0). */
	readonly serverVersion?: string;
	/** Served model id (default per dialect) and any more to list. */
	readonly model?: string;
	readonly extraModels?: readonly string[];
	readonly host?: string;
	/** 0 (default) picks a free port. */
	readonly port?: number;
	readonly ttftMs?: number;
	/** Tokens per second; `Infinity` replays at full speed. */
	readonly tokensPerSecond?: number;
	readonly tokensPerChunk?: number;
	readonly jitter?: number;
	/** Emit every stream's chunks together on decode steps of this many ms, as a batching server does. */
	readonly decodeStepMs?: number;
	readonly maxModelLen?: number;
	/** Require `Authorization: Bearer KEY` on /v1 routes (401 otherwise, like vLLM --api-key). */
	readonly apiKey?: string;
	/** A fault spec applied to every generation request (see faults.ts). */
	readonly fault?: string;
	/** Split every SSE event into writes of this many bytes. */
	readonly fragmentBytes?: number;
	/** Inline dialects: stream `</think>` as two pieces. */
	readonly splitThinkTag?: boolean;
	/** Also append the request log to this JSONL file. */
	readonly logFile?: string;
	/** Serve HTTPS with this PEM certificate and key; `ca` + `requestClientCert` demand a client certificate. */
	readonly tls?: {
		readonly cert: string;
		readonly key: string;
		readonly ca?: string;
		readonly requestClientCert?: boolean;
	};
	readonly seed?: number;
	/** Build-specific behaviours (see quirks.ts), e.g. older llama.cpp's SSE `error:` lines. */
	readonly quirks?: readonly EmulatorQuirk[];
	/** Chat template the server renders with, instead of the dialect's (`qwen3` for a Qwen3 model). */
	readonly template?: 'r1' | 'qwen3';
	/** Continuations pay only the prefill of what is not in the prefix cache (default true; see prefixCache.ts). */
	readonly prefixCache?: boolean;
	/** Token pieces the tokenizer remembers (least recently used forgotten first). Default 200,000. */
	readonly vocabularyCapacity?: number;
	/** Request log entries kept in memory (the log file keeps all). Default 2,000. */
	readonly logCapacity?: number;
	/**
	 * Called with the payloads of the streamed chunks (after the role chunk) of a generation each time
	 * they are handed to the socket, with the time (performance.now()). Benchmarks use it to time each
	 * chunk from the moment the emulator wrote it.
	 */
	readonly onChunksWritten?: ChunksWrittenListener;
}

/** A running emulator. */
export interface RunningEmulator {
	/** Base URL for clients, ending with `/v1`. */
	readonly url: string;
	/** Server root (no `/v1`). */
	readonly origin: string;
	readonly port: number;
	readonly log: RequestLog;
	readonly state: EmulatorState;
	close(): Promise<void>;
}

/** Starts the emulator; resolves once it listens. */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
	const profile = dialectProfile(options.dialect ?? 'vllm', options.serverVersion);
	// vLLM before 0.10.1 sent flat error bodies; from 0.10.1 nested (PR #22099).
	// An untagged source build (0.1.devN+g<sha>) is current code: nested.
	const flat =
		profile.version !== undefined &&
		profile.ownedBy === 'vllm' &&
		!/^0\.(0|1)\.dev/.test(profile.version) &&
		compareLoose(profile.version, '0.10.1') < 0;
	const shaped =
		profile.ownedBy === 'vllm'
			? { ...profile, errorShape: flat ? ('flat' as const) : ('nested' as const) }
			: profile;
	const effective =
		options.template !== undefined ? { ...shaped, template: options.template } : shaped;
	const defaultFault =
		options.fault !== undefined
			? { raw: options.fault, spec: parseFaultSpec(options.fault) }
			: undefined;
	const state: EmulatorState = {
		profile: effective,
		models: [options.model ?? profile.defaultModel, ...(options.extraModels ?? [])],
		maxModelLen: options.maxModelLen ?? 32768,
		library: new TraceLibrary(options.traces),
		vocab: new Vocabulary(options.vocabularyCapacity),
		pacing: {
			ttftMs: options.ttftMs ?? DEFAULT_PACING.ttftMs,
			tokensPerSecond: options.tokensPerSecond ?? DEFAULT_PACING.tokensPerSecond,
			tokensPerChunk: Math.max(
				1,
				Math.floor(options.tokensPerChunk ?? DEFAULT_PACING.tokensPerChunk),
			),
			jitter: Math.min(1, Math.max(0, options.jitter ?? DEFAULT_PACING.jitter)),
			...(options.decodeStepMs !== undefined && options.decodeStepMs > 0
				? { decodeStepMs: options.decodeStepMs }
				: {}),
		},
		fragmentBytes:
			options.fragmentBytes !== undefined && options.fragmentBytes > 0
				? options.fragmentBytes
				: undefined,
		splitThinkTag: options.splitThinkTag ?? false,
		seed: options.seed ?? 1,
		...(options.onChunksWritten !== undefined ? { onChunksWritten: options.onChunksWritten } : {}),
		quirks: new Set(options.quirks ?? []),
		prefixCache: options.prefixCache ?? true,
	};
	const log = new RequestLog(options.logFile, options.logCapacity);
	const faults = new FaultCounter();
	const routes = routesFor(state);
	let seq = 0;

	const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const receivedAtEpochMs = Date.now();
		const started = performance.now();
		const path = (req.url ?? '/').split('?')[0] ?? '/';
		const method = req.method ?? 'GET';
		const route = findRoute(routes, method, path);
		const record: RequestRecord = {
			kind: route?.[0] ?? 'unknown',
			status: 200,
			outcome: 'completed',
			chunksSent: 0,
			tokensSent: 0,
		};
		let body: Record<string, unknown> = {};
		let bodyError: string | undefined;
		if (method === 'POST') {
			try {
				const text = await readBody(req);
				const parsed: unknown = text === '' ? {} : JSON.parse(text);
				if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
					body = parsed as Record<string, unknown>;
					record.body = parsed;
				} else {
					bodyError = 'The request body must be a JSON object.';
				}
			} catch (err) {
				bodyError = `Invalid JSON body: ${messageOf(err)}`;
			}
		}
		const generation = record.kind === 'chat' || record.kind === 'completion';
		const faultHeader = req.headers['x-thinktrim-fault'];
		let fault: FaultSpec | undefined;
		let faultError: string | undefined;
		const rawFault = typeof faultHeader === 'string' ? faultHeader : defaultFault?.raw;
		if (generation && rawFault !== undefined) {
			try {
				fault = faults.take(
					rawFault,
					rawFault === defaultFault?.raw ? defaultFault.spec : parseFaultSpec(rawFault),
				);
				record.fault = fault !== undefined ? rawFault : undefined;
			} catch (err) {
				faultError = messageOf(err);
			}
		}
		const ctx: RequestContext = { state, req, res, body, record, fault, seq: seq++ };
		try {
			await dispatch(ctx, route, bodyError ?? faultError, options.apiKey, path);
		} catch (err) {
			if (!res.headersSent) {
				sendError(ctx, 500, `Emulator error: ${messageOf(err)}`);
			} else {
				res.destroy();
			}
		}
		log.add({
			...record,
			seq: ctx.seq,
			method,
			path,
			receivedAtEpochMs,
			durationMs: Math.round(performance.now() - started),
		});
	};

	const server: Server =
		options.tls !== undefined
			? createHttpsServer(
					{
						cert: options.tls.cert,
						key: options.tls.key,
						ca: options.tls.ca,
						requestCert: options.tls.requestClientCert === true,
						rejectUnauthorized: options.tls.requestClientCert === true,
					},
					(req, res) => void handle(req, res),
				)
			: createHttpServer((req, res) => void handle(req, res));
	const host = options.host ?? '127.0.0.1';
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const origin = `${options.tls !== undefined ? 'https' : 'http'}://${host}:${port}`;
	return {
		url: `${origin}/v1`,
		origin,
		port,
		log,
		state,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			await log.flush();
		},
	};
}

async function dispatch(
	ctx: RequestContext,
	route: [string, Handler] | undefined,
	badRequest: string | undefined,
	apiKey: string | undefined,
	path: string,
): Promise<void> {
	if (
		apiKey !== undefined &&
		path.startsWith('/v1') &&
		ctx.req.headers.authorization !== `Bearer ${apiKey}`
	) {
		ctx.record.outcome = 'error-status';
		ctx.record.error = 'Unauthorized';
		return sendJson(ctx, 401, { error: 'Unauthorized' });
	}
	if (route === undefined) {
		ctx.record.outcome = 'error-status';
		return sendJson(ctx, 404, { detail: 'Not Found' });
	}
	if (badRequest !== undefined) {
		return sendError(ctx, 400, badRequest);
	}
	if (route[0] === 'chat' || route[0] === 'completion') {
		const model = typeof ctx.body.model === 'string' ? ctx.body.model : undefined;
		ctx.record.model = model ?? ctx.state.models[0];
		if (model !== undefined && !ctx.state.models.includes(model)) {
			return sendError(ctx, 404, `The model \`${model}\` does not exist.`, 'model');
		}
		const fault = ctx.fault;
		if (fault?.slowFirstByteMs !== undefined) {
			const until = performance.now() + fault.slowFirstByteMs;
			while (performance.now() < until && !ctx.res.destroyed && !ctx.req.socket.destroyed) {
				await waitMs(Math.min(20, until - performance.now()));
			}
		}
		if (fault?.status !== undefined) {
			return sendError(
				ctx,
				fault.status,
				`Injected fault: HTTP ${fault.status}.`,
				null,
				'fault-status',
			);
		}
	}
	await route[1](ctx);
}

function compareLoose(a: string, b: string): number {
	const pa = a.split('.').map((x) => Number.parseInt(x, 10) || 0);
	const pb = b.split('.').map((x) => Number.parseInt(x, 10) || 0);
	for (let i = 0; i < 3; i++) {
		const d = (pa[i] ?? 0) - (pb[i] ?? 0);
		if (d !== 0) {
			return d;
		}
	}
	return 0;
}
