/**
 * What the gateway's routes share: the running gateway's state (config, transport, metrics, recent
 * requests, verifier, the upstream dialect once known) and the small rules every route applies to the
 * upstream: its URL for a path, the bearer key to send, the dialect.
 */
import type { IncomingMessage } from 'node:http';
import type { PromptSkeletons } from '../stream/promptSkeleton';
import type { ReasoningClient } from '../stream/reasoningClient';
import type { DialectName } from '../stream/streamEvents';
import type { Transport } from '../stream/transport';
import type { Verifier } from '../verifier/verdict';
import type { GatewayConfig } from './gatewayConfig';
import type { GatewayMetrics } from './gatewayMetrics';
import type { RecentRequests } from './recentRequests';

/** The header a client sends to opt a request out of trimming. */
export const OPT_OUT_HEADER = 'x-thinktrim';

/** What every route of one gateway shares. */
export interface Shared {
	readonly config: GatewayConfig;
	readonly transport: Transport;
	/** The upstream's chat-template skeletons, learned once for all requests (continuations render locally). */
	readonly promptSkeletons: PromptSkeletons;
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

export function upstreamUrl(base: string, path: string): string {
	return `${base.replace(/\/+$/, '')}${path.replace(/^\/v1/, '')}`;
}

/** The bearer token to use upstream: the configured key, else the client's own header. */
export function bearer(shared: Shared, req: IncomingMessage): string | undefined {
	if (shared.upstreamKey !== undefined) {
		return shared.upstreamKey;
	}
	const header = req.headers.authorization;
	const match = typeof header === 'string' ? /^Bearer\s+(.+)$/i.exec(header) : null;
	return match?.[1]?.trim();
}

/** The upstream dialect: configured, else asked once (with this request's key) and remembered. */
export async function dialectFor(
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

export function logLine(shared: Shared, fields: Record<string, unknown>): void {
	shared.log(JSON.stringify({ ts: new Date().toISOString(), msg: 'request', ...fields }));
}
