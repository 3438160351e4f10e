import { evaluateTrace, type TraceEvaluation } from '../evaluation/evaluateTrace';
import { createPolicy, type PolicyOptions } from '../policies/createPolicy';
import type { PolicyName } from '../../shared/protocol';
import type { StopCut, StopPolicy } from '../policies/stopPolicy';
import type { SegmenterOptions } from '../thoughts/segmenterOptions';
import { traceSegmenterOptions } from '../thoughts/segmentThinking';
import type { Thought } from '../thoughts/thought';
import type { TraceRecord } from '../traces/traceRecord';
import type { Verifier } from '../verifier/verdict';
import type { VerifiedThought } from '../verifier/verifiedThought';
import type { AnalyzerListener } from './analyzerEvents';
import type { ChainAnalysis } from './chainAnalysis';
import { ChainAnalyzer } from './chainAnalyzer';

/** Settings for analysing a recorded trace. */
export interface AnalyzeTraceOptions {
	/** Default: trimr. */
	readonly policy?: PolicyName;
	readonly policyOptions?: PolicyOptions;
	/** Default: the heuristic verifier. */
	readonly verifier?: Verifier;
	readonly segmenter?: SegmenterOptions;
	readonly signal?: AbortSignal;
	readonly onEvent?: AnalyzerListener;
}

/** A recorded trace analysed with one policy, and that policy's offline evaluation. */
export interface TraceAnalysis extends ChainAnalysis {
	readonly trace: TraceRecord;
	readonly policyName: PolicyName;
	readonly evaluation: TraceEvaluation;
}

/** Analyses a recorded trace offline (the whole thinking fed at once) and evaluates the policy's cut. */
export async function analyzeTrace(
	trace: TraceRecord,
	options: AnalyzeTraceOptions = {},
): Promise<TraceAnalysis> {
	const policyName = options.policy ?? 'trimr';
	const analyzer = new ChainAnalyzer({
		problem: trace.problem,
		verifier: options.verifier,
		policy: createPolicy(policyName, options.policyOptions),
		segmenter: traceSegmenterOptions(trace, options.segmenter),
		signal: options.signal,
		onEvent: options.onEvent,
	});
	analyzer.push(trace.thinking);
	const analysis = await analyzer.end();
	return {
		...analysis,
		trace,
		policyName,
		evaluation: evaluateTrace(
			{ trace, thoughts: analysis.thoughts, steps: analysis.steps },
			analysis.cut,
		),
	};
}

/**
 * Runs another policy over an analysed chain's thoughts and verdicts, exactly as the analyzer feeds
 * it offline (each thought's text, then the thought with its verdicts), and returns its cut. Lets a
 * benchmark or the UI compare policies on the same verdicts without asking the verifier again.
 */
export function replayPolicy(
	policy: StopPolicy,
	thoughts: readonly Thought[],
	steps: readonly VerifiedThought[],
): StopCut | undefined {
	for (let i = 0; i < thoughts.length; i++) {
		const thought = thoughts[i];
		const step = steps[i];
		if (thought === undefined || step === undefined) {
			break;
		}
		const early = policy.onText({
			text: thought.text,
			thoughtIndex: thought.index,
			tokenStart: thought.tokenStart,
			tokenEnd: thought.tokenEnd,
		});
		if (early !== undefined) {
			return early;
		}
		const cut = policy.onThought(step);
		if (cut !== undefined) {
			return cut;
		}
	}
	return policy.cut;
}
