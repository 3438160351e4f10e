import type { ChainView } from '../../shared/protocol';
import { computeSavings, type Savings } from '../../shared/savings';
import { isRecordedChain } from './recordedChain';
import { traceFromJson, type TraceRecord } from '../traces/traceRecord';

/** How a run came to be. */
export type RunKind = 'live' | 'replay' | 'whatif' | 'imported';

/** How far a run got. `streaming` on disk after a reload means the window closed mid-stream. */
export type RunStatus = 'streaming' | 'complete' | 'partial' | 'error';

/** The stop rule's cut, as saved with a run. */
export interface SavedCut {
	readonly thought: number;
	readonly tokenOffset: number;
	readonly trigger: string;
	readonly explanation: string;
}

/**
 * One saved run. The text fields use the same names as the shared trace format (`id`, `problem`,
 * `thinking`, `final`, `predicted_answer`, `gold_answer`, `model`), so a saved run is also a trace
 * that `thinktrim analyze`, `thinktrim emulate` and `Open Trace File` read. API keys never go here.
 */
export interface RunRecord {
	readonly id: string;
	readonly name: string;
	readonly kind: RunKind;
	readonly status: RunStatus;
	/** ISO time the run started. */
	readonly createdAt: string;
	readonly problem: string;
	readonly systemPrompt?: string;
	readonly thinking: string;
	readonly final: string;
	readonly predictedAnswer?: string;
	readonly goldAnswer?: string;
	readonly model?: string;
	/** Base URL and dialect of the endpoint; never the key. */
	readonly endpoint?: { readonly baseUrl: string; readonly dialect?: string };
	readonly thinkingTokens: number;
	readonly answerTokens: number;
	/** Wall-clock milliseconds from request to final answer (verifier time included). */
	readonly wallMs?: number;
	readonly verifierMs?: number;
	readonly policy?: string;
	readonly cut?: SavedCut;
	/** Sampling parameters the run was sent with, so a replay can sample the same chain again. */
	readonly sampling?: RunSampling;
	/** The run this one was replayed or branched from. */
	readonly parentRunId?: string;
	/** For replays and what-ifs: the original chain's figures, which the savings are measured against. */
	readonly original?: OriginalRunFigures;
	/**
	 * The chain as it was drawn when the run finished: the verdicts, cuts, policy and verifier it was
	 * recorded with. Reopening shows these; "Re-analyse" computes new ones with the current settings.
	 */
	readonly recordedChain?: ChainView;
	/** What went wrong, for `error`/`partial` runs. */
	readonly error?: string;
	/** For imported traces: where they came from. */
	readonly source?: TraceRecord['source'];
}

/** The original chain's thinking tokens and wall time, kept with a replay or what-if. */
export interface OriginalRunFigures {
	readonly thinkingTokens: number;
	readonly wallMs?: number;
}

/** The small part of a run the history list needs, stored beside the run so listing stays cheap. */
export interface RunSummary {
	readonly id: string;
	readonly name: string;
	readonly kind: RunKind;
	readonly status: RunStatus;
	readonly createdAt: string;
	readonly model?: string;
	readonly thinkingTokens: number;
	/** Share of thinking tokens the cut saved, 0–1, when the run has a cut (against the original chain). */
	readonly savedShare?: number;
	/** What the run saved against the original chain (replays, what-ifs, runs with a cut). */
	readonly savings?: Savings;
	readonly parentRunId?: string;
	/** The run could not be written (disk full…); it is kept in memory and written on its next save. */
	readonly unsaved?: true;
}

const KINDS: readonly RunKind[] = ['live', 'replay', 'whatif', 'imported'];
const STATUSES: readonly RunStatus[] = ['streaming', 'complete', 'partial', 'error'];

/**
 * What a run saved against its original chain: a replay or what-if against the original it keeps in
 * `original`; a run cut in place (or marked with a cut) against its own thinking. Undefined otherwise.
 */
export function runSavings(run: RunRecord): Savings | undefined {
	if (run.original !== undefined) {
		return computeSavings({
			originalTokens: run.original.thinkingTokens,
			keptTokens: run.thinkingTokens,
			originalMs: run.original.wallMs,
			trimmedMs: run.kind === 'replay' ? run.wallMs : undefined,
		});
	}
	if (run.cut !== undefined && run.kind !== 'replay' && run.kind !== 'whatif') {
		return computeSavings({
			originalTokens: run.thinkingTokens,
			keptTokens: Math.min(run.cut.tokenOffset, run.thinkingTokens),
		});
	}
	return undefined;
}

export function summarize(run: RunRecord): RunSummary {
	const savings = runSavings(run);
	return {
		id: run.id,
		name: run.name,
		kind: run.kind,
		status: run.status,
		createdAt: run.createdAt,
		model: run.model,
		thinkingTokens: run.thinkingTokens,
		savedShare: savings?.tokenShare,
		savings,
		parentRunId: run.parentRunId,
	};
}

/** What a live run was sampled with (`seed` only on servers that accept one). */
export interface RunSampling {
	readonly temperature?: number;
	readonly maxTokens?: number;
	readonly seed?: number;
}

function samplingFromJson(value: unknown): RunSampling | undefined {
	if (typeof value !== 'object' || value === null) {
		return undefined;
	}
	const v = value as Record<string, unknown>;
	return { temperature: num(v.temperature), maxTokens: num(v.maxTokens), seed: num(v.seed) };
}

function originalFromJson(value: unknown): OriginalRunFigures | undefined {
	if (typeof value !== 'object' || value === null) {
		return undefined;
	}
	const v = value as Record<string, unknown>;
	const thinkingTokens = num(v.thinkingTokens);
	return thinkingTokens === undefined
		? undefined
		: { thinkingTokens, ...(num(v.wallMs) !== undefined ? { wallMs: num(v.wallMs) } : {}) };
}

/** The run as JSON with the trace format's field names. */
export function runToJson(run: RunRecord): Record<string, unknown> {
	const { predictedAnswer, goldAnswer, ...rest } = run;
	return { ...rest, predicted_answer: predictedAnswer, gold_answer: goldAnswer, thinktrim_run: 1 };
}

function str(value: unknown): string | undefined {
	return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
	return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Reads a saved run, or a plain trace (imported: status complete). Returns a message saying what is
 * wrong when the value is neither.
 */
export function runFromJson(value: unknown, importedAt: string): RunRecord | string {
	const trace = traceFromJson(value);
	if (typeof trace === 'string') {
		return trace;
	}
	const v = value as Record<string, unknown>;
	const kind = KINDS.find((k) => k === v.kind) ?? 'imported';
	const status = STATUSES.find((s) => s === v.status) ?? 'complete';
	const cut = v.cut;
	const savedCut =
		typeof cut === 'object' &&
		cut !== null &&
		num((cut as Record<string, unknown>).thought) !== undefined
			? {
					thought: num((cut as Record<string, unknown>).thought) ?? 0,
					tokenOffset: num((cut as Record<string, unknown>).tokenOffset) ?? 0,
					trigger: str((cut as Record<string, unknown>).trigger) ?? 'unknown',
					explanation: str((cut as Record<string, unknown>).explanation) ?? '',
				}
			: undefined;
	const endpoint = v.endpoint as Record<string, unknown> | undefined;
	return {
		id: trace.id,
		name: str(v.name) ?? trace.problem?.split('\n', 1)[0]?.slice(0, 80) ?? trace.id,
		kind,
		status,
		createdAt: str(v.createdAt) ?? importedAt,
		problem: trace.problem ?? '',
		systemPrompt: str(v.systemPrompt),
		thinking: trace.thinking,
		final: trace.final ?? '',
		predictedAnswer: trace.predictedAnswer,
		goldAnswer: trace.goldAnswer,
		model: trace.model,
		endpoint:
			typeof endpoint === 'object' && endpoint !== null && typeof endpoint.baseUrl === 'string'
				? { baseUrl: endpoint.baseUrl, dialect: str(endpoint.dialect) }
				: undefined,
		thinkingTokens: num(v.thinkingTokens) ?? 0,
		answerTokens: num(v.answerTokens) ?? 0,
		wallMs: num(v.wallMs),
		verifierMs: num(v.verifierMs),
		policy: str(v.policy),
		cut: savedCut,
		parentRunId: str(v.parentRunId),
		...(originalFromJson(v.original) !== undefined
			? { original: originalFromJson(v.original) }
			: {}),
		...(isRecordedChain(v.recordedChain) ? { recordedChain: v.recordedChain } : {}),
		...(v.sampling !== undefined ? { sampling: samplingFromJson(v.sampling) } : {}),
		error: str(v.error),
		source: trace.source,
	};
}
