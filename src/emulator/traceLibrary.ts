/**
 * The traces the emulator replays, and how a request picks one: the trace a client pins by id
 * (`X-ThinkTrim-Trace`), else the request's problem matched against each trace's `problem` (exact after
 * whitespace folding, then containment either way), else round-robin so that every prompt gets a
 * plausible chain. Several recordings may share a problem (two budgets of one model, two models): the
 * kept thinking of a continuation, then the requested model, choose among them.
 */
import type { TraceRecord } from '../core/traces/traceRecord';
import { commonPrefixLength } from './generation';

/** How a request's trace was chosen; sent back as `x-thinktrim-emulator-match`. */
export type TraceMatch = 'pinned' | 'exact' | 'contained' | 'none';

/** What a request says about the chain it wants. */
export interface TraceQuery {
	/** A trace id the client pinned (`X-ThinkTrim-Trace`). */
	readonly pinned?: string;
	/** The last user message (chat) or the whole rendered prompt (completions). */
	readonly text?: string;
	/** Thinking the client already has (a continuation): the recording it continues is the one it prefixes. */
	readonly kept?: string;
	/** The requested model id, compared with each recording's model. */
	readonly model?: string;
}

/** The chosen trace and how. */
export interface TraceChoice {
	readonly trace: TraceRecord;
	readonly match: TraceMatch;
}

function fold(text: string): string {
	return text.replace(/\s+/g, ' ').trim();
}

/** An indexed, immutable set of traces. */
export class TraceLibrary {
	private readonly byProblem = new Map<string, TraceRecord[]>();
	private readonly ids = new Map<string, TraceRecord>();
	private next = 0;

	constructor(readonly traces: readonly TraceRecord[]) {
		if (traces.length === 0) {
			throw new Error('The emulator needs at least one trace to replay.');
		}
		for (const trace of traces) {
			if (!this.ids.has(trace.id)) {
				this.ids.set(trace.id, trace);
			}
			if (trace.problem !== undefined && trace.problem.trim() !== '') {
				const key = fold(trace.problem);
				const group = this.byProblem.get(key);
				if (group === undefined) {
					this.byProblem.set(key, [trace]);
				} else {
					group.push(trace);
				}
			}
		}
	}

	/** The trace with this id. */
	byId(id: string): TraceRecord | undefined {
		return this.ids.get(id);
	}

	/** The trace a request asks for; an unknown pinned id falls back to matching (reported by `match`). */
	resolve(query: TraceQuery): TraceChoice {
		const pinned = query.pinned?.trim();
		if (pinned !== undefined && pinned !== '') {
			const trace = this.ids.get(pinned);
			if (trace !== undefined) {
				return { trace, match: 'pinned' };
			}
		}
		if (query.text !== undefined && query.text.trim() !== '') {
			const key = fold(query.text);
			const exact = this.byProblem.get(key);
			if (exact !== undefined) {
				return { trace: pick(exact, query), match: 'exact' };
			}
			const contained = this.findContained(key);
			if (contained !== undefined) {
				return { trace: pick(contained, query), match: 'contained' };
			}
		}
		return { trace: this.roundRobin(), match: 'none' };
	}

	/** The trace whose problem matches the message; `matched` says whether it did or round-robin chose. */
	forMessage(message: string | undefined): { trace: TraceRecord; matched: boolean } {
		const choice = this.resolve({ text: message });
		return { trace: choice.trace, matched: choice.match !== 'none' };
	}

	private findContained(key: string): TraceRecord[] | undefined {
		let best: TraceRecord[] | undefined;
		let bestLength = 0;
		for (const [problem, group] of this.byProblem) {
			// The longest problem that occurs in the text wins (the prompt may wrap it in instructions).
			if (
				problem.length > bestLength &&
				(key.includes(problem) || (key.length >= 40 && problem.includes(key)))
			) {
				best = group;
				bestLength = problem.length;
			}
		}
		return best;
	}

	private roundRobin(): TraceRecord {
		const trace = this.traces[this.next % this.traces.length];
		this.next++;
		if (trace === undefined) {
			throw new Error('empty trace library');
		}
		return trace;
	}
}

/** Among recordings of one problem: the one the kept thinking follows longest, then the requested model, then the first. */
function pick(group: readonly TraceRecord[], query: TraceQuery): TraceRecord {
	const first = group[0];
	if (first === undefined) {
		throw new Error('empty problem group');
	}
	if (group.length === 1) {
		return first;
	}
	let candidates = group;
	const kept = query.kept?.replace(/^<think>\n?/, '');
	if (kept !== undefined && kept !== '') {
		let best = -1;
		let bestOnes: TraceRecord[] = [];
		for (const trace of group) {
			const shared = commonPrefixLength(kept, trace.thinking);
			if (shared > best) {
				best = shared;
				bestOnes = [trace];
			} else if (shared === best) {
				bestOnes.push(trace);
			}
		}
		candidates = bestOnes;
	}
	const model = query.model;
	const byModel =
		model === undefined
			? undefined
			: candidates.find(
					(t) =>
						t.model === model ||
						(t.model !== undefined && model.endsWith(`/${t.model.split('/').pop() ?? ''}`)),
				);
	return byModel ?? candidates[0] ?? first;
}
