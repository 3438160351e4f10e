/**
 * What a live run (liveRun.ts) needs from whoever hosts it — the extension, the CLI, a dataset
 * evaluation, a test — and what it tells them. Every port is optional: a headless run without a view
 * or a store still streams, judges, cuts, continues and returns its record.
 */
import type { PolicyName } from '../../shared/protocol';
import type { ErrorAction } from '../../shared/userError';
import type { OriginalRunFigures, RunRecord, RunKind } from '../history/runRecord';
import type { RunSaver } from '../history/runJournal';
import type { OnlinePorts, PolicyOptions } from '../policies/createPolicy';
import type { ChatTemplateSpec } from '../stream/chatTemplates';
import type { ReasoningClient } from '../stream/reasoningClient';
import type { ThinkingMarkers } from '../stream/thinkingMarkers';
import type { SegmenterOptions } from '../thoughts/segmenter';
import type { TreeModel } from '../tree/treeModel';
import type { Verifier } from '../verifier/verdict';
import type { RunEvent, RunMode, RunOutcome } from './runTypes';

/** The prompt of a run and where the run comes from. */
export interface LiveRunSpec {
	readonly problem: string;
	readonly systemPrompt?: string;
	readonly mode: RunMode;
	readonly kind: RunKind;
	readonly parentRunId?: string;
	/** A replay's original chain, which its savings are measured against. */
	readonly original?: OriginalRunFigures;
	readonly goldAnswer?: string;
	readonly name?: string;
	/** The recorded trace this run replays, pinned on the emulator with `X-ThinkTrim-Trace`. */
	readonly traceId?: string;
	/** Seed to sample with (a replay passes the original's). */
	readonly seed?: number;
	/**
	 * Draw a seed when none is given, and send seeds only to servers that accept one, so that every run
	 * made in the editor can be replayed. Without it `seed` is sent as given (the CLI's `--seed`).
	 */
	readonly drawSeed?: boolean;
}

/** The stop policy a run uses; a fresh one is built per run (policies are stateful). */
export interface LivePolicy {
	readonly name: PolicyName;
	readonly options?: PolicyOptions;
	/**
	 * Dynasor's probes and DEER's trial answers online: `true` asks this run's own server; ports given are
	 * used as they are (a dataset evaluation shares one set across its runs). Absent: from the chain alone.
	 */
	readonly online?: boolean | Pick<OnlinePorts, 'prober' | 'trialAnswerer'>;
}

/** The server side of a run: the client (its owner closes it), the model, and how to ask. */
export interface LiveEndpoint {
	readonly client: ReasoningClient;
	readonly model: string;
	/** Kept in the record (never a key). */
	readonly baseUrl: string;
	readonly verifier?: Verifier;
	/** The LLM verifier's model, shown in the tree's header; absent for the heuristic verifier. */
	readonly verifierModel?: string;
	readonly policy: LivePolicy;
	readonly maxTokens?: number;
	readonly temperature?: number;
	readonly answerMaxTokens?: number;
	readonly thinking?: boolean;
	readonly guide?: string;
	readonly chatTemplate?: ChatTemplateSpec;
	readonly thinkingMarkers?: readonly ThinkingMarkers[];
	readonly segmenter?: SegmenterOptions;
}

/** Where the live tree goes: a view projects it (its patches), and may have moved on to another chain. */
export interface TreeSink {
	show(tree: TreeModel): void;
	/** Whether `tree` is still the one on screen (the final tree replaces it only then). */
	showing(tree: TreeModel): boolean;
	/** What the view offers on a chain that failed (the editor: Open Log, where `failed` wrote it). */
	readonly failureActions?: readonly ErrorAction[];
}

/** What a run tells its host as it goes. */
export interface LiveRunSink {
	/** The run has its id and first record (before anything is sent). */
	started?(record: RunRecord): void;
	/** Present: the run builds a live tree and hands it here. */
	readonly tree?: TreeSink;
	/** Tokens so far, and whether the model is thinking or answering. */
	tokens?(count: number, phase: 'thinking' | 'answering'): void;
	/** A line for a progress notification ("cut at thought 7; asking for the answer…"). */
	progress?(message: string): void;
	/** Every event of the run, in order (a CLI prints the stream from these). */
	event?(event: RunEvent): void;
	info?(message: string): void;
	warn?(message: string): void;
	/** The run failed, or a failure cut it short (`error`: the outcome's); a CLI reports it itself. */
	failed?(runId: string, error: string): void;
	/** A save of the record failed (`first`: the first failure of this run, worth telling the user). */
	saveFailed?(runId: string, error: unknown, first: boolean): void;
}

/** Time and chance, replaceable in tests. */
export interface RunClock {
	now(): Date;
	/** Uniform in [0, 1), for seeds. */
	random(): number;
}

/** The ports of a live run. */
export interface LivePorts {
	readonly sink?: LiveRunSink;
	/** Present: the record is saved as it streams (a failed stream or a reload keeps what arrived). */
	readonly store?: RunSaver;
	readonly clock?: RunClock;
}

/** A finished run: its (saved) record and everything it produced. */
export interface ExecutedRun {
	readonly record: RunRecord;
	readonly outcome: RunOutcome;
}
