/**
 * Run records as every kind of run builds them: a live run's first record and what its outcome changes,
 * a what-if's record, a recorded trace as a run, a run imported from a file, and the comparison figures
 * of each. One place, so that a field added to the record is filled the same way for every kind.
 */
import type { OriginalRunFigures, RunKind, RunRecord } from '../history/runRecord';
import type { ChatMessage } from '../stream/reasoningClient';
import { tokenCounterFor } from '../tokens/tokenCounter';
import type { TraceRecord } from '../traces/traceRecord';
import { firstLine } from '../tree/chainFromTrace';
import { finalAnswerOf, type RunFigures } from './comparison';
import type { RunOutcome } from './runTypes';

/** A run's name is the first line of its problem, this long at most. */
const NAME_CHARS = 80;

/** The messages of a run: the optional system prompt (blank counts as none), then the problem. */
export function messagesFor(problem: string, systemPrompt: string | undefined): ChatMessage[] {
	const system: ChatMessage[] =
		systemPrompt !== undefined && systemPrompt.trim() !== ''
			? [{ role: 'system', content: systemPrompt }]
			: [];
	return [...system, { role: 'user', content: problem }];
}

/** The name a run gets when none is given: the first line of its problem. */
export function runNameFor(problem: string): string {
	return firstLine(problem, NAME_CHARS);
}

/** Dialects whose servers honour a request `seed` (vLLM, SGLang, llama.cpp; MindIE rejects it). */
export function acceptsSeed(dialect: string | undefined): boolean {
	return dialect !== undefined && dialect !== 'mindie';
}

/** A recorded trace as an (unsaved) run, so samples and imported traces are replayed like saved runs. */
export function runFromTrace(trace: TraceRecord, id: string): RunRecord {
	const counter = tokenCounterFor(trace.model);
	return {
		id,
		name: runNameFor(trace.problem ?? trace.id),
		kind: 'imported',
		status: 'complete',
		createdAt: new Date(0).toISOString(),
		problem: trace.problem ?? '',
		thinking: trace.thinking,
		final: trace.final ?? '',
		predictedAnswer: trace.predictedAnswer,
		goldAnswer: trace.goldAnswer,
		model: trace.model,
		thinkingTokens: counter.count(trace.thinking),
		answerTokens: counter.count(trace.final ?? ''),
		source: trace.source,
	};
}

/**
 * A run read from a file as History stores it: under `id` (free in the store), its token counts filled
 * in with the model's tokenizer where the file gave none (load it first: loadTokenCounter).
 */
export function importedRecord(run: RunRecord, id: string): RunRecord {
	const counter = tokenCounterFor(run.model);
	return {
		...run,
		id,
		thinkingTokens: run.thinkingTokens > 0 ? run.thinkingTokens : counter.count(run.thinking),
		answerTokens: run.answerTokens > 0 ? run.answerTokens : counter.count(run.final),
	};
}

/** The id of the recorded trace a run is (samples: `sample:<id>`; imported traces keep theirs); none for runs made here. */
export function recordingIdOf(run: RunRecord): string | undefined {
	if (run.kind !== 'imported') {
		return undefined;
	}
	return run.id.startsWith('sample:') ? run.id.slice('sample:'.length) : run.id;
}

/** The comparison figures of a saved run. */
export function figuresOfRecord(run: RunRecord): RunFigures {
	return {
		thinkingTokens: run.thinkingTokens,
		answerTokens: run.answerTokens,
		wallMs: run.wallMs,
		verifierMs: run.verifierMs,
		answer: run.predictedAnswer ?? finalAnswerOf(run.final),
	};
}

/** What a replay or what-if of `run` is measured against (kept in its record). */
export function originalFiguresOf(run: RunRecord): OriginalRunFigures {
	return {
		thinkingTokens: run.thinkingTokens,
		...(run.wallMs !== undefined ? { wallMs: run.wallMs } : {}),
	};
}

/** The comparison figures of a run that just ended. */
export function figuresOfOutcome(outcome: RunOutcome): RunFigures {
	return {
		thinkingTokens: outcome.keptThinkingTokens,
		answerTokens: outcome.answerTokens,
		wallMs: outcome.wallMs,
		verifierMs: outcome.verifierMs,
		answer: finalAnswerOf(outcome.answer),
	};
}

/** Who a new run is and where it comes from; the rest of its record fills in as it streams. */
export interface RecordStart {
	readonly id: string;
	readonly kind: RunKind;
	readonly createdAt: Date;
	readonly problem: string;
	readonly systemPrompt?: string;
	readonly name?: string;
	readonly goldAnswer?: string;
	readonly parentRunId?: string;
	/** A replay's or what-if's original chain, which its savings are measured against. */
	readonly original?: OriginalRunFigures;
	readonly model: string;
	readonly endpoint: RunRecord['endpoint'];
	readonly policy?: string;
	readonly sampling?: RunRecord['sampling'];
}

/** The record of a run that is starting: status `streaming`, nothing arrived yet. */
export function startedRecord(start: RecordStart): RunRecord {
	return {
		id: start.id,
		name: start.name ?? runNameFor(start.problem),
		kind: start.kind,
		status: 'streaming',
		createdAt: start.createdAt.toISOString(),
		problem: start.problem,
		systemPrompt: start.systemPrompt,
		thinking: '',
		final: '',
		goldAnswer: start.goldAnswer,
		model: start.model,
		endpoint: start.endpoint,
		thinkingTokens: 0,
		answerTokens: 0,
		policy: start.policy,
		parentRunId: start.parentRunId,
		original: start.original,
		sampling: start.sampling,
	};
}

/** A cut as the record keeps it. */
export function recordedCut(cut: NonNullable<RunOutcome['cut']>): RunRecord['cut'] {
	return {
		thought: cut.thought,
		tokenOffset: cut.tokenOffset,
		trigger: cut.trigger,
		explanation: cut.explanation,
	};
}

/** What a run's outcome changes in its record. */
export function outcomeChanges(outcome: RunOutcome): Partial<RunRecord> {
	return {
		status: outcome.status,
		thinking: outcome.keptThinking,
		final: outcome.answer,
		predictedAnswer: finalAnswerOf(outcome.answer),
		thinkingTokens: outcome.keptThinkingTokens,
		answerTokens: outcome.answerTokens,
		wallMs: Math.round(outcome.wallMs),
		verifierMs: Math.round(outcome.verifierMs),
		cut: outcome.cut !== undefined ? recordedCut(outcome.cut) : undefined,
		error: outcome.error,
	};
}
