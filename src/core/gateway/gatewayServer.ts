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
import { warmUpAnalysis } from '../engine/warmUp';
import { PromptSkeletons } from '../stream/promptSkeleton';
import { createTransport } from '../stream/transport';
import { HeuristicVerifier } from '../verifier/heuristicVerifier';
import { LlmVerifier } from '../verifier/llmVerifier';
import type { Verifier } from '../verifier/verdict';
import { messageOf } from '../../shared/userError';
import { handleChat } from './chatRoute';
import type { GatewayConfig } from './gatewayConfig';
import { GatewayMetrics } from './gatewayMetrics';
import { bearer, logLine, upstreamUrl, type Shared } from './gatewayShared';
import { BodyTooLarge, openAiError, readBody, sendJson } from './httpReply';
import { passThrough } from './passthrough';
import { RecentRequests } from './recentRequests';
import { listRequests, REQUESTS_PATH, serveEvents, showRequest } from './viewerRoutes';

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
		serveEvents(shared, res);
		return undefined;
	}
	if (method === 'GET' && path === '/thinktrim/requests') {
		listRequests(shared, res);
		return undefined;
	}
	if (method === 'GET' && path.startsWith(REQUESTS_PATH)) {
		showRequest(shared, res, decodeURIComponent(path.slice(REQUESTS_PATH.length)));
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
		promptSkeletons: new PromptSkeletons(),
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
	// The analysis runs once before the first request, so no request's chunks wait for its one-time set-up.
	await warmUpAnalysis();
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
