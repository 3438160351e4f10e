/**
 * The ThinkTrim gateway: an OpenAI-compatible HTTP server in front of a model server that trims the
 * thinking of every chat completion with a stop policy (see trimmedChat.ts), plus `/metrics`,
 * `/healthz`, a live event stream and the recent requests for viewers. Stateless apart from the bounded
 * list of recent requests, so replicas scale behind any load balancer.
 *
 * ```ts
 * const gw = await startGateway(parseGatewayConfig({}, { upstream: 'http://gpu:8000/v1', port: 0 }));
 * // point an OpenAI client at gw.url …
 * await gw.close();
 * ```
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ReasoningClient } from '../stream/reasoningClient';
import type { DialectName } from '../stream/streamEvents';
import { createTransport, type Transport } from '../stream/transport';
import { HeuristicVerifier } from '../verifier/heuristicVerifier';
import { LlmVerifier } from '../verifier/llmVerifier';
import type { Verifier } from '../verifier/verdict';
import { planChat } from './chatRequest';
import { settingsFor, type GatewayConfig } from './gatewayConfig';
import { GatewayMetrics } from './gatewayMetrics';
import { BodyTooLarge, openAiError, readBody, sendJson } from './httpReply';
import { passThrough } from './passthrough';
import { RecentRequests } from './recentRequests';
import { handleTrimmedChat, MAX_BUFFERED_BYTES } from './trimmedChat';
import { messageOf } from '../../shared/userError';

/** Options beyond the config file. */
export interface GatewayOptions {
	/** Receives one JSON log line per request (never a key or a header). Default: none. */
	readonly log?: (line: string) => void;
	/** Where `upstreamApiKeyEnv` and the verifier's `apiKeyEnv` are looked up. Default: process.env. */
	readonly env?: Readonly<Record<string, string | undefined>>;
	/** Node/process metrics in /metrics. Default true. */
	readonly processMetrics?: boolean;
}

/** A running gateway. */
export interface RunningGateway {
	/** Base URL for OpenAI clients, ending with `/v1`. */
	readonly url: string;
	readonly origin: string;
	readonly port: number;
	readonly metrics: GatewayMetrics;
	readonly recent: RecentRequests;
	close(): Promise<void>;
}

/** The header a client sends to opt a request out of trimming. */
export const OPT_OUT_HEADER = 'x-thinktrim';

interface Shared {
	readonly config: GatewayConfig;
	readonly transport: Transport;
	readonly metrics: GatewayMetrics;
	readonly recent: RecentRequests;
	readonly verifier: Verifier;
	readonly verifierName: string;
	readonly upstreamKey: string | undefined;
	readonly log: (line: string) => void;
	/** Discovery in flight (auto dialect), and its answer once known. */
	dialect: Promise<DialectName | undefined> | undefined;
	known: DialectName | undefined;
}

function upstreamUrl(base: string, path: string): string {
	return `${base.replace(/\/+$/, '')}${path.replace(/^\/v1/, '')}`;
}

/** The bearer token to use upstream: the configured key, else the client's own header. */
function bearer(shared: Shared, req: IncomingMessage): string | undefined {
	if (shared.upstreamKey !== undefined) {
		return shared.upstreamKey;
	}
	const header = req.headers.authorization;
	const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header) : null;
	return match?.[1]?.trim();
}

/** The upstream dialect: configured, else asked once (with this request's key) and remembered. */
async function dialectFor(
	shared: Shared,
	client: ReasoningClient,
	signal: AbortSignal,
): Promise<DialectName | undefined> {
	if (shared.config.dialect !== 'auto') {
		return shared.config.dialect;
	}
	shared.dialect ??= client.discover(signal).then((info) => {
		if (info.dialect === undefined) {
			shared.dialect = undefined;
		}
		return info.dialect;
	});
	return shared.dialect;
}

function logLine(shared: Shared, fields: Record<string, unknown>): void {
	shared.log(JSON.stringify({ ts: new Date().toISOString(), msg: 'request', ...fields }));
}

async function handleChat(
	shared: Shared,
	req: IncomingMessage,
	res: ServerResponse,
	body: Buffer,
	id: string,
	signal: AbortSignal,
): Promise<Record<string, unknown>> {
	let parsed: unknown;
	try {
		parsed = JSON.parse(body.toString('utf8'));
	} catch (err) {
		sendJson(
			res,
			400,
			openAiError(
				`Invalid JSON body: ${messageOf(err)}`,
				'invalid_request_error',
				'invalid_json',
				400,
			),
		);
		return { status: 400, outcome: 'bad-request' };
	}
	const plan = planChat(parsed);
	if (plan.kind === 'bad') {
		sendJson(
			res,
			400,
			openAiError(plan.message, 'invalid_request_error', 'bad_request', 400, plan.param),
		);
		return { status: 400, outcome: 'bad-request' };
	}
	const optedOut =
		String(req.headers[OPT_OUT_HEADER] ?? '')
			.trim()
			.toLowerCase() === 'off';
	const settings = settingsFor(shared.config, plan.model);
	const key = bearer(shared, req);
	if (optedOut || plan.kind === 'passthrough' || settings.policy.trim().toLowerCase() === 'none') {
		const mode = optedOut ? 'off' : 'passthrough';
		const status = await passThrough({
			fetch: shared.transport.fetch,
			url: upstreamUrl(shared.config.upstream, '/v1/chat/completions'),
			baseUrl: shared.config.upstream,
			req,
			res,
			body,
			authorization: key !== undefined ? `Bearer ${key}` : undefined,
			extraHeaders: {
				'x-thinktrim-request-id': id,
				'x-thinktrim-mode': mode,
				'x-thinktrim-cut': 'false',
			},
			signal,
		});
		shared.metrics.requests.inc({
			route: 'chat',
			model: shared.metrics.model(plan.model),
			mode,
			outcome: status < 400 ? 'ok' : status === 499 ? 'client-disconnected' : 'upstream-error',
		});
		return {
			status,
			model: plan.model,
			stream: plan.stream,
			mode,
			...(plan.kind === 'passthrough' ? { reason: plan.reason } : {}),
		};
	}
	shared.recent.emit({
		type: 'request-start',
		id,
		model: plan.model,
		stream: plan.stream,
		at: new Date().toISOString(),
	});
	const base = {
		baseUrl: shared.config.upstream,
		apiKey: key,
		transport: shared.transport,
		idleTimeoutMs: shared.config.idleTimeoutMs,
		maxRetries: 0,
	};
	let bound = await ReasoningClient.create({ ...base, dialect: shared.known ?? 'auto' });
	try {
		if (shared.known === undefined) {
			const dialect = await dialectFor(shared, bound, signal);
			if (dialect !== undefined) {
				shared.known = dialect;
				bound = await ReasoningClient.create({ ...base, dialect });
			}
		}
		const result = await handleTrimmedChat({
			id,
			plan,
			client: bound,
			settings,
			verifier: shared.verifier,
			verifierName: shared.verifierName,
			metrics: shared.metrics,
			recent: shared.recent,
			res,
			signal,
		});
		shared.metrics.requests.inc({
			route: 'chat',
			model: shared.metrics.model(plan.model),
			mode: settings.mode,
			outcome: result.outcome,
		});
		const r = result.report;
		return {
			status: result.status,
			outcome: result.outcome,
			model: plan.model,
			stream: plan.stream,
			mode: settings.mode,
			dialect: bound.dialect ?? null,
			cut: r.cut,
			...(r.trigger !== undefined
				? { trigger: r.trigger, kept_thinking_tokens: r.kept_thinking_tokens }
				: {}),
			thinking_tokens: r.thinking_tokens_generated,
			completion_tokens: result.usage?.completion_tokens,
			...(r.verifier_failed === true ? { verifier_failed: true } : {}),
			...(result.error !== undefined ? { error: result.error } : {}),
		};
	} finally {
		await bound.close();
	}
}

function serveEvents(shared: Shared, req: IncomingMessage, res: ServerResponse): void {
	res.writeHead(200, {
		'content-type': 'text/event-stream; charset=utf-8',
		'cache-control': 'no-cache',
		connection: 'keep-alive',
	});
	// A comment first, so the headers go out now and the viewer knows it is connected.
	res.write(': thinktrim gateway events\n\n');
	for (const record of [...shared.recent.list()].reverse()) {
		const { thinking: _t, answer: _a, thoughts: _th, ...summary } = record;
		res.write(`data: ${JSON.stringify({ type: 'request-end', record: summary })}\n\n`);
	}
	const unsubscribe = shared.recent.subscribe((event) => {
		res.write(`data: ${JSON.stringify(event)}\n\n`);
		if (res.writableLength > MAX_BUFFERED_BYTES) {
			res.destroy();
		}
	});
	const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
	keepAlive.unref();
	res.on('close', () => {
		clearInterval(keepAlive);
		unsubscribe();
	});
}

async function route(
	shared: Shared,
	req: IncomingMessage,
	res: ServerResponse,
	signal: AbortSignal,
): Promise<Record<string, unknown> | undefined> {
	const path = (req.url ?? '/').split('?')[0] ?? '/';
	const method = req.method ?? 'GET';
	if (method === 'GET' && path === '/healthz') {
		sendJson(res, 200, {
			status: 'ok',
			upstream: shared.config.upstream.replace(/\/\/[^@/]*@/, '//'),
		});
		return undefined;
	}
	if (method === 'GET' && path === '/metrics') {
		const text = await shared.metrics.text();
		res.writeHead(200, { 'content-type': shared.metrics.contentType });
		res.end(text);
		return undefined;
	}
	if (method === 'GET' && path === '/thinktrim/events') {
		serveEvents(shared, req, res);
		return undefined;
	}
	if (method === 'GET' && path === '/thinktrim/requests') {
		sendJson(res, 200, {
			requests: shared.recent
				.list()
				.map(({ thinking: _t, answer: _a, thoughts: _th, ...summary }) => summary),
		});
		return undefined;
	}
	if (method === 'GET' && path.startsWith('/thinktrim/requests/')) {
		const record = shared.recent.get(decodeURIComponent(path.slice('/thinktrim/requests/'.length)));
		sendJson(
			res,
			record !== undefined ? 200 : 404,
			record ??
				openAiError('No such request among the recent ones.', 'not_found_error', 'not_found', 404),
		);
		return undefined;
	}
	const id = randomUUID().replace(/-/g, '').slice(0, 16);
	const started = performance.now();
	let fields: Record<string, unknown>;
	try {
		const body = method === 'POST' ? await readBody(req, shared.config.maxBodyBytes) : undefined;
		if (method === 'POST' && path === '/v1/chat/completions') {
			fields = await handleChat(shared, req, res, body ?? Buffer.alloc(0), id, signal);
		} else if (
			(method === 'GET' && (path === '/v1/models' || path.startsWith('/v1/models/'))) ||
			(method === 'POST' && path === '/v1/completions')
		) {
			const key = bearer(shared, req);
			const status = await passThrough({
				fetch: shared.transport.fetch,
				url: upstreamUrl(shared.config.upstream, path),
				baseUrl: shared.config.upstream,
				req,
				res,
				body,
				authorization: key !== undefined ? `Bearer ${key}` : undefined,
				extraHeaders: { 'x-thinktrim-request-id': id, 'x-thinktrim-mode': 'passthrough' },
				signal,
			});
			shared.metrics.requests.inc({
				route: path.startsWith('/v1/models') ? 'models' : 'completions',
				model: '',
				mode: 'passthrough',
				outcome: status < 400 ? 'ok' : 'error',
			});
			fields = { status, mode: 'passthrough' };
		} else {
			sendJson(
				res,
				404,
				openAiError(
					`No route ${method} ${path} on the ThinkTrim gateway.`,
					'not_found_error',
					'not_found',
					404,
				),
			);
			fields = { status: 404 };
		}
	} catch (err) {
		const status = err instanceof BodyTooLarge ? 413 : 500;
		sendJson(
			res,
			status,
			openAiError(
				messageOf(err),
				status === 413 ? 'invalid_request_error' : 'server_error',
				status,
				status,
			),
		);
		fields = { status, error: messageOf(err) };
	}
	return { id, method, path, ...fields, duration_ms: Math.round(performance.now() - started) };
}

/** Starts the gateway; resolves once it listens. */
export async function startGateway(
	config: GatewayConfig,
	options: GatewayOptions = {},
): Promise<RunningGateway> {
	const env = options.env ?? process.env;
	const envKey = (name: string | undefined, what: string): string | undefined => {
		if (name === undefined) {
			return undefined;
		}
		const value = env[name];
		if (value === undefined || value === '') {
			throw new Error(`${what}: the environment variable ${name} is not set`);
		}
		return value;
	};
	const verifierSettings = config.verifier;
	const verifier: Verifier =
		verifierSettings !== undefined
			? new LlmVerifier({
					baseURL: verifierSettings.url,
					model: verifierSettings.model,
					apiKey: envKey(verifierSettings.apiKeyEnv, 'verifier.apiKeyEnv'),
					timeoutMs: verifierSettings.timeoutMs,
				})
			: new HeuristicVerifier();
	const shared: Shared = {
		config,
		transport: await createTransport(),
		metrics: new GatewayMetrics({ processMetrics: options.processMetrics }),
		recent: new RecentRequests(config.recentRequests),
		verifier,
		verifierName: verifierSettings !== undefined ? `llm ${verifierSettings.model}` : 'heuristic',
		upstreamKey: envKey(config.upstreamApiKeyEnv, 'upstreamApiKeyEnv'),
		log: options.log ?? ((): void => undefined),
		dialect: undefined,
		known: config.dialect !== 'auto' ? config.dialect : undefined,
	};
	const server: Server = createServer((req, res) => {
		const controller = new AbortController();
		res.on('close', () => {
			if (!res.writableFinished) {
				controller.abort();
			}
		});
		shared.metrics.inFlight.inc();
		route(shared, req, res, controller.signal)
			.then((fields) => {
				if (fields !== undefined) {
					logLine(shared, fields);
				}
			})
			.catch((err: unknown) => {
				logLine(shared, { error: messageOf(err) });
				res.destroy();
			})
			.finally(() => shared.metrics.inFlight.dec());
	});
	server.keepAliveTimeout = 65_000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port, config.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const origin = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
	return {
		url: `${origin}/v1`,
		origin,
		port,
		metrics: shared.metrics,
		recent: shared.recent,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			await shared.transport.close();
		},
	};
}
