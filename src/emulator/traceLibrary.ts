/**
 * The traces the emulator replays, and how a request picks one: the request's last user message matched
 * against each trace's `problem` (exact after whitespace folding, then containment either way), else
 * round-robin so that every prompt gets a plausible chain.
 */
import type { TraceRecord } from '../core/traces/traceRecord';

function fold(text: string): string {
	return text.replace(/\s+/g, ' ').trim();
}

/** An indexed, immutable set of traces. */
export class TraceLibrary {
	private readonly byProblem = new Map<string, TraceRecord>();
	private readonly folded: Array<{ problem: string; trace: TraceRecord }> = [];
	private next = 0;

	constructor(readonly traces: readonly TraceRecord[]) {
		if (traces.length === 0) {
			throw new Error('The emulator needs at least one trace to replay.');
		}
		for (const trace of traces) {
			if (trace.problem !== undefined && trace.problem.trim() !== '') {
				const key = fold(trace.problem);
				if (!this.byProblem.has(key)) {
					this.byProblem.set(key, trace);
					this.folded.push({ problem: key, trace });
				}
			}
		}
	}

	/** The trace with this id. */
	byId(id: string): TraceRecord | undefined {
		return this.traces.find((t) => t.id === id);
	}

	/** The trace whose problem matches the message; `matched` says whether it did or round-robin chose. */
	forMessage(message: string | undefined): { trace: TraceRecord; matched: boolean } {
		if (message !== undefined && message.trim() !== '') {
			const key = fold(message);
			const exact = this.byProblem.get(key);
			if (exact !== undefined) {
				return { trace: exact, matched: true };
			}
			const contained = this.findContained(key);
			if (contained !== undefined) {
				return { trace: contained, matched: true };
			}
		}
		return { trace: this.roundRobin(), matched: false };
	}

	/** The trace whose problem occurs in a rendered prompt (continuations), else `undefined`. */
	forPrompt(prompt: string): TraceRecord | undefined {
		return this.findContained(fold(prompt));
	}

	private findContained(key: string): TraceRecord | undefined {
		let best: TraceRecord | undefined;
		let bestLength = 0;
		for (const { problem, trace } of this.folded) {
			// The longest problem that occurs in the text wins (the prompt may wrap it in instructions).
			if (problem.length > bestLength && (key.includes(problem) || (key.length >= 40 && problem.includes(key)))) {
				best = trace;
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
