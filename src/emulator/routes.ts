/**
 * The emulator's routes: which `METHOD path` a dialect serves (every dialect the OpenAI routes and
 * health; vLLM-likes /version and /tokenize, llama.cpp /apply-template and /props, SGLang and MindIE
 * their own info and health routes), and reading a request body within bounds.
 */
import type { IncomingMessage } from 'node:http';
import { handleChat } from './chatHandler';
import { handleCompletion } from './completionHandler';
import type { EmulatorState, RequestContext } from './context';
import {
	handleApplyTemplate,
	handleDetokenize,
	handleHealth,
	handleModels,
	handleProps,
	handleServerInfo,
	handleTokenize,
	handleVersion,
} from './infoRoutes';

const MAX_BODY_BYTES = 32 * 1024 * 1024;

/** A request's body as text, refused past 32 MiB. */
export function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) {
				reject(new Error('request body too large'));
				req.destroy();
			} else {
				chunks.push(chunk);
			}
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

export type Handler = (ctx: RequestContext) => void | Promise<void>;

/** The routes of a dialect: `METHOD path` → [kind, handler]. */
export function routesFor(state: EmulatorState): Map<string, [string, Handler]> {
	const routes = new Map<string, [string, Handler]>([
		['GET /v1/models', ['models', handleModels]],
		['GET /health', ['health', handleHealth]],
		['POST /v1/chat/completions', ['chat', handleChat]],
		['POST /v1/completions', ['completion', handleCompletion]],
	]);
	const p = state.profile;
	if (p.version !== undefined) {
		routes.set('GET /version', ['version', handleVersion]);
		routes.set('GET /ping', ['health', handleHealth]);
	}
	if (p.tokenize !== 'none') {
		routes.set('POST /tokenize', ['tokenize', handleTokenize]);
		routes.set('POST /detokenize', ['detokenize', handleDetokenize]);
	}
	if (p.tokenize === 'llamacpp') {
		routes.set('POST /apply-template', ['apply-template', handleApplyTemplate]);
		routes.set('GET /props', ['props', handleProps]);
	}
	if (p.name === 'sglang') {
		routes.set('GET /get_server_info', ['server-info', handleServerInfo]);
	}
	if (p.name === 'mindie') {
		routes.set('GET /v2/health/live', ['health', handleHealth]);
		routes.set('GET /v2/health/ready', ['health', handleHealth]);
	}
	return routes;
}

/** The route for a request: the dialect's table, or one model (`GET /v1/models/ID`). */
export function findRoute(
	routes: ReadonlyMap<string, [string, Handler]>,
	method: string,
	path: string,
): [string, Handler] | undefined {
	return (
		routes.get(`${method} ${path}`) ??
		(method === 'GET' && path.startsWith('/v1/models/') ? ['model', handleModels] : undefined)
	);
}
