/**
 * The gateway's memory of recent requests, for live viewing: a bounded ring of finished requests (with
 * their thinking, verdict summaries and cut, so a viewer can draw the tree) plus listeners told of every
 * request's start and end. Nothing here holds a key: records are built from the request body and the run.
 */
import type { TrimReport } from './clientWire';

/** One thought as a viewer needs it. */
export interface RecordedThought {
	readonly index: number;
	readonly text: string;
	readonly tokenEnd: number;
	/** The answer the verifier saw stated, if any. */
	readonly answer?: string;
	readonly policyState?: string;
}

/** A finished request. */
export interface RequestRecord {
	readonly id: string;
	readonly startedAt: string;
	readonly model: string;
	readonly stream: boolean;
	readonly status: number;
	readonly outcome: string;
	readonly durationMs: number;
	readonly problem: string | undefined;
	readonly thinking: string;
	readonly answer: string;
	readonly thoughts: readonly RecordedThought[];
	readonly report: TrimReport | undefined;
	readonly error?: string;
}

/** What `/thinktrim/events` streams. */
export type GatewayEvent =
	| {
			readonly type: 'request-start';
			readonly id: string;
			readonly model: string;
			readonly stream: boolean;
			readonly at: string;
	  }
	| {
			readonly type: 'cut';
			readonly id: string;
			readonly trigger: string;
			readonly thought: number;
			readonly explanation: string;
	  }
	| {
			readonly type: 'request-end';
			readonly record: Omit<RequestRecord, 'thinking' | 'answer' | 'thoughts'>;
	  };

export class RecentRequests {
	private readonly ring: RequestRecord[] = [];
	private readonly listeners = new Set<(event: GatewayEvent) => void>();

	constructor(private readonly capacity: number) {}

	/** Newest first. */
	list(): readonly RequestRecord[] {
		return [...this.ring].reverse();
	}

	get(id: string): RequestRecord | undefined {
		return this.ring.find((r) => r.id === id);
	}

	add(record: RequestRecord): void {
		this.ring.push(record);
		if (this.ring.length > this.capacity) {
			this.ring.shift();
		}
		const { thinking: _t, answer: _a, thoughts: _th, ...summary } = record;
		this.emit({ type: 'request-end', record: summary });
	}

	emit(event: GatewayEvent): void {
		for (const listener of this.listeners) {
			listener(event);
		}
	}

	/** Subscribes; returns the unsubscribe function. */
	subscribe(listener: (event: GatewayEvent) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}
}
