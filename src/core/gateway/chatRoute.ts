/**
 * The gateway's chat route: parses and plans the request, then relays it untouched (opt-out, requests it
 * cannot trim, policy `none`) or runs it trimmed with the upstream's dialect, counting it in the metrics.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ReasoningClient } from '../stream/reasoningClient';
import { messageOf } from '../../shared/userError';
import { planChat } from './chatRequest';
import { settingsFor } from './gatewayConfig';
import { bearer, dialectFor, OPT_OUT_HEADER, upstreamUrl, type Shared } from './gatewayShared';
import { openAiError, sendJson } from './httpReply';
import { passThrough } from './passthrough';
import { handleTrimmedChat } from './trimmedChat';

/**
 * `POST /v1/chat/completions`: a trimmed run (trimmedChat.ts), or a byte-for-byte relay when the client
 * opted out, the request cannot be trimmed, or the model's policy is `none`. Returns the log line's fields.
 */
export async function handleChat(
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
		promptSkeletons: shared.promptSkeletons,
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
