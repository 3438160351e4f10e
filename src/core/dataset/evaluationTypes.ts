/**
 * The shapes of a dataset evaluation: what goes in, what each run records, what the evaluation reports
 * as it goes and what it returns. The JSON export is {@link DatasetEvaluation} as it is.
 */
import type { EarlyAnswers } from '../run/runTypes';
import type { SegmenterOptions } from '../thoughts/segmenterOptions';
import type { CutTrigger } from '../policies/stopPolicy';
import type { ChatTemplateSpec } from '../stream/chatTemplates';
import type { ReasoningClient } from '../stream/reasoningClient';
import type { Verifier } from '../verifier/verdict';
import type { Prober } from '../policies/prober';
import type { TrialAnswerer } from '../policies/trialAnswer';
import type { DatasetLineError, DatasetProblem } from './datasetProblem';
import type { PolicyVariant } from './policyVariants';
import type { VariantAggregate, UntrimmedAggregate } from './aggregateTypes';

/** Generation settings shared by every run of an evaluation. */
export interface EvaluationRunSettings {
	readonly maxTokens?: number;
	readonly temperature?: number;
	/** Hybrid models' `enable_thinking`; unset leaves the server default. */
	readonly thinking?: boolean;
	/** Answer budget of the continuation after a cut. */
	readonly answerMaxTokens?: number;
	readonly guide?: string;
	readonly chatTemplate?: ChatTemplateSpec;
	readonly segmenter?: SegmenterOptions;
	/** Sent before every problem that has no `system` of its own. */
	readonly systemPrompt?: string;
}

/** What to evaluate and against what. */
export interface EvaluateDatasetOptions {
	readonly problems: readonly DatasetProblem[];
	/** The trimmed setups; each problem is also run once untrimmed. */
	readonly variants: readonly PolicyVariant[];
	readonly client: ReasoningClient;
	readonly model: string;
	/** Default: the heuristic verifier. One instance serves every run (the LLM verifier caches and limits calls). */
	readonly verifier?: Verifier;
	/** Problems in flight at once (each problem's runs go one after another, so its timings compare). Default 2. */
	readonly concurrency?: number;
	readonly run?: EvaluationRunSettings;
	/**
	 * The model asked while it thinks, for the trimmed runs: Dynasor probes and DEER trial answers online
	 * (`/v1/completions`). Without it both decide from the chain alone. Marks on the untrimmed run are
	 * always the offline replay.
	 */
	readonly online?: { readonly prober?: Prober; readonly trialAnswerer?: TrialAnswerer };
	/** Stops new runs and aborts those in flight; what finished is kept and the result says `cancelled`. */
	readonly signal?: AbortSignal;
	readonly onProgress?: (event: EvaluationProgress) => void;
	/**
	 * Runs that finished in an earlier, interrupted evaluation of the same problems and variants (`eval
	 * --resume`), by problem index: they are kept as they are and not run again.
	 */
	readonly prior?: PriorRuns;
	/** For the report only: where the problems came from, and lines skipped while reading them. */
	readonly dataset?: { readonly file?: string; readonly skipped?: readonly DatasetLineError[] };
}

/** How one run ended, for the evaluation. `error` keeps the figures of what arrived. */
export type DatasetRunStatus = 'complete' | 'error' | 'cancelled';

/** A policy's cut: made (trimmed run) or marked (untrimmed run, the policy replayed on its verdicts). */
export interface CutSummary {
	readonly trigger: CutTrigger;
	/** Thinking tokens kept. */
	readonly tokenOffset: number;
	/** Index of the last kept thought. */
	readonly thought: number;
	readonly explanation: string;
}

/** The figures of one run. */
export interface DatasetRunFigures {
	readonly status: DatasetRunStatus;
	/** Thinking tokens the server generated (a trimmed run: also those after the trigger, discarded). */
	readonly generatedThinkingTokens: number;
	/** Thinking tokens the answer rests on. */
	readonly keptThinkingTokens: number;
	readonly answerTokens: number;
	/** Request sent → final answer complete, verifier time included. */
	readonly wallMs: number;
	/** Sum of the LLM verifier's call latencies (0 with the heuristic verifier). */
	readonly verifierMs: number;
	readonly verifierCalls: number;
	/** The most verifier requests one thought made (p1 and p2 share one); absent in older exports. */
	readonly verifierMaxPerThought?: number;
	/** Thoughts the segmenter found in the streamed thinking. */
	readonly thoughts: number;
	/** The final answer taken from the answer text (boxed / "answer is" value, else the text). */
	readonly answer: string | undefined;
	/** The answer text, shortened to {@link ANSWER_TEXT_LIMIT} characters. */
	readonly answerText: string;
	/** Against the gold answer; `undefined` without one (or without an answer… then `false`). */
	readonly correct: boolean | undefined;
	readonly cut: CutSummary | undefined;
	/** Trimmed runs: trigger thought closed → cut decided (waiting on the verifier). */
	readonly cutLagMs: number | undefined;
	/** Trimmed runs with a remote verifier: answers started early on a predicted cut. */
	readonly earlyAnswers?: EarlyAnswers;
	readonly error: string | undefined;
	readonly warnings: readonly string[];
}

/** Answer texts longer than this are shortened in records and exports. */
export const ANSWER_TEXT_LIMIT = 4000;

/** The untrimmed run of a problem, with what each variant's policy would have done to it. */
export interface UntrimmedRun extends DatasetRunFigures {
	/**
	 * Per variant key: where its policy would cut this chain (`null`: it would not, or only when the last
	 * thought closed, i.e. when the stream had already ended).
	 */
	readonly marks: Readonly<Record<string, CutSummary | null>>;
	/** The oracle: thinking tokens up to where the final answer was stated and never changed again. */
	readonly neededThinkingTokens: number | undefined;
	/** How often the answer stated in the thinking changed. */
	readonly answerSwitches: number;
}

/** A trimmed run and how it compares with the untrimmed run. */
export interface TrimmedRun extends DatasetRunFigures {
	readonly variant: string;
	/** Trimmed answer equivalent to the untrimmed one; `undefined` when either run has no answer or failed. */
	readonly sameAsUntrimmed: boolean | undefined;
	/** Untrimmed generated − trimmed kept; `undefined` unless both runs completed. */
	readonly savedThinkingTokens: number | undefined;
	/** 1 − trimmed kept / untrimmed generated. */
	readonly savedShare: number | undefined;
	readonly savedMs: number | undefined;
	/** 1 − trimmed wall time / untrimmed wall time. */
	readonly savedTimeShare: number | undefined;
}

/** Where a problem got to. */
export type ProblemStatus = 'done' | 'cancelled' | 'not-run';

/** One problem's runs. */
export interface ProblemResult {
	/** 0-based position in the evaluation. */
	readonly index: number;
	readonly id: string;
	readonly problem: string;
	readonly goldAnswer: string | undefined;
	readonly line: number;
	readonly status: ProblemStatus;
	readonly untrimmed: UntrimmedRun | undefined;
	/** In variant order; a variant not reached (cancelled) is absent. */
	readonly trimmed: readonly TrimmedRun[];
}

/** What an evaluation reports as it goes; `problem` is 0-based, `problems` the total. */
export type EvaluationProgress =
	| {
			readonly type: 'start';
			readonly problems: number;
			readonly variants: number;
			readonly runs: number;
	  }
	| {
			readonly type: 'run-start';
			readonly problem: number;
			readonly problems: number;
			readonly id: string;
			readonly phase: string;
	  }
	| {
			readonly type: 'run-end';
			readonly problem: number;
			readonly problems: number;
			readonly id: string;
			readonly phase: string;
			readonly run: DatasetRunFigures;
			readonly runsDone: number;
			readonly runs: number;
	  }
	/** `runsDone` also counts the trimmed runs skipped because the untrimmed run failed. */
	| {
			readonly type: 'problem-end';
			readonly problem: number;
			readonly problems: number;
			readonly id: string;
			readonly status: ProblemStatus;
			readonly problemsDone: number;
			readonly runsDone: number;
			readonly runs: number;
	  }
	| { readonly type: 'end'; readonly cancelled: boolean };

/** Finished runs of an earlier evaluation, by problem index; trimmed runs by variant key. */
export type PriorRuns = ReadonlyMap<
	number,
	{ readonly untrimmed?: UntrimmedRun; readonly trimmed: ReadonlyMap<string, TrimmedRun> }
>;

/** The phase name of the untrimmed run in progress events and exports. */
export const UNTRIMMED = 'untrimmed';

/** The whole evaluation: settings, per-problem runs, and the aggregates. This is the JSON export. */
export interface DatasetEvaluation {
	readonly format: 'thinktrim-dataset-evaluation';
	readonly version: 1;
	readonly startedAt: string;
	readonly finishedAt: string;
	readonly durationMs: number;
	readonly cancelled: boolean;
	readonly settings: {
		readonly model: string;
		/** Without credentials. */
		readonly baseUrl: string;
		readonly dialect: string | undefined;
		readonly verifier: string;
		readonly concurrency: number;
		/** Dynasor and DEER asked the model online (probes, trial answers); absent in older exports. */
		readonly online?: boolean;
		readonly run: Omit<EvaluationRunSettings, 'segmenter' | 'chatTemplate'>;
		readonly dataset: string | undefined;
	};
	readonly variants: readonly PolicyVariant[];
	readonly problems: readonly ProblemResult[];
	readonly untrimmed: UntrimmedAggregate;
	readonly aggregates: readonly VariantAggregate[];
	readonly skippedLines: readonly DatasetLineError[];
}
