import { readableMath } from '../text/readableMath';
import { firstLine } from '../tree/chainFromTrace';
import type { TraceRecord } from './traceRecord';

/** One problem of the bundled samples, as the Stream Reasoning picker lists it. */
export interface SampleProblem {
	/** The problem exactly as recorded (what is sent to the server). */
	readonly problem: string;
	/** Its first line as readable text (no raw LaTeX), at most `maxLabel` characters. */
	readonly label: string;
	/** How many recorded chains (of several models) answer it. */
	readonly chains: number;
}

/** The distinct problems of `samples`, in their first order: several models' chains share one problem. */
export function sampleProblems(samples: readonly TraceRecord[], maxLabel = 90): SampleProblem[] {
	const chains = new Map<string, number>();
	for (const trace of samples) {
		if (trace.problem !== undefined && trace.problem.trim() !== '') {
			chains.set(trace.problem, (chains.get(trace.problem) ?? 0) + 1);
		}
	}
	return [...chains].map(([problem, count]) => ({
		problem,
		label: firstLine(readableMath(problem), maxLabel),
		chains: count,
	}));
}
