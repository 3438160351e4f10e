/**
 * The gateway's Prometheus metrics (prom-client, one registry per gateway so tests and several gateways
 * in one process do not share counts). Every name starts with `thinktrim_`; docs/gateway.md lists them.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Latency buckets in seconds: sub-millisecond for the gateway's own work, up to minutes for upstream. */
const CHUNK_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1];
/** Distinct model ids with their own series. */
export const MAX_MODEL_LABELS = 32;
const CALL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class GatewayMetrics {
	readonly registry = new Registry();
	readonly requests = new Counter({
		name: 'thinktrim_requests_total',
		help: 'Requests handled, by route, model, mode and outcome.',
		labelNames: ['route', 'model', 'mode', 'outcome'],
		registers: [this.registry],
	});
	readonly inFlight = new Gauge({
		name: 'thinktrim_requests_in_flight',
		help: 'Requests being handled now.',
		registers: [this.registry],
	});
	readonly cuts = new Counter({
		name: 'thinktrim_cuts_total',
		help: 'Chains cut and continued (act mode), by model, policy and trigger.',
		labelNames: ['model', 'policy', 'trigger'],
		registers: [this.registry],
	});
	readonly wouldCut = new Counter({
		name: 'thinktrim_watch_cuts_total',
		help: 'Watch-mode and opted-out chains where the policy would have cut.',
		labelNames: ['model', 'policy', 'trigger'],
		registers: [this.registry],
	});
	readonly thinkingSeen = new Counter({
		name: 'thinktrim_thinking_tokens_seen_total',
		help: 'Thinking tokens upstream generated.',
		labelNames: ['model'],
		registers: [this.registry],
	});
	readonly thinkingSaved = new Counter({
		name: 'thinktrim_thinking_tokens_saved_total',
		help: "Thinking tokens after the policy's cut point, measured on watch-mode and opted-out chains (what the cut would have saved).",
		labelNames: ['model'],
		registers: [this.registry],
	});
	readonly thinkingDiscarded = new Counter({
		name: 'thinktrim_thinking_tokens_discarded_total',
		help: 'Act mode: thinking tokens that arrived after the cut point before upstream stopped.',
		labelNames: ['model'],
		registers: [this.registry],
	});
	readonly verifierCalls = new Counter({
		name: 'thinktrim_verifier_calls_total',
		help: 'Verifier HTTP calls made.',
		registers: [this.registry],
	});
	readonly verifierFailures = new Counter({
		name: 'thinktrim_verifier_failures_total',
		help: 'Chains passed through untrimmed because the verifier failed.',
		registers: [this.registry],
	});
	readonly verifierLatency = new Histogram({
		name: 'thinktrim_verifier_latency_seconds',
		help: 'Latency of one verifier call.',
		buckets: CALL_BUCKETS,
		registers: [this.registry],
	});
	readonly upstreamTtft = new Histogram({
		name: 'thinktrim_upstream_ttft_seconds',
		help: 'Upstream time to first token.',
		buckets: CALL_BUCKETS,
		registers: [this.registry],
	});
	readonly chunkLatency = new Histogram({
		name: 'thinktrim_chunk_added_latency_seconds',
		help: 'Time from a parsed upstream chunk to its bytes queued for the client socket (written once its upstream piece is handled).',
		buckets: CHUNK_BUCKETS,
		registers: [this.registry],
	});
	/**
	 * Observes `chunkLatency` once per relayed chunk: the histogram's unlabelled child, whose `observe`
	 * builds no labels object and no closure per call as the histogram's own does.
	 */
	readonly chunkLatencyObserver = this.chunkLatency.labels();
	readonly upstreamErrors = new Counter({
		name: 'thinktrim_upstream_errors_total',
		help: 'Upstream failures, by kind.',
		labelNames: ['kind'],
		registers: [this.registry],
	});
	readonly clientDisconnects = new Counter({
		name: 'thinktrim_client_disconnects_total',
		help: 'Clients that went away before the end; upstream was aborted.',
		registers: [this.registry],
	});

	private readonly models = new Set<string>();

	/**
	 * The `model` label for a model id. Ids come from clients, so only the first {@link MAX_MODEL_LABELS}
	 * distinct ones get their own series; later ones count as `other` (a client cannot grow memory
	 * without bound by inventing model names).
	 */
	model(id: string): string {
		if (this.models.has(id)) {
			return id;
		}
		if (this.models.size < MAX_MODEL_LABELS) {
			this.models.add(id);
			return id;
		}
		return 'other';
	}

	constructor(options: { readonly processMetrics?: boolean } = {}) {
		if (options.processMetrics !== false) {
			collectDefaultMetrics({ register: this.registry, prefix: 'thinktrim_' });
		}
	}

	/** The text exposition format. */
	text(): Promise<string> {
		return this.registry.metrics();
	}

	get contentType(): string {
		return this.registry.contentType;
	}
}
