import type * as vscode from 'vscode';
import type { TraceAnalysis } from '../core/engine/analyzeTrace';
import { evaluateTrace } from '../core/evaluation/evaluateTrace';
import type { OriginalRunFigures, RunKind, RunRecord } from '../core/history/runRecord';
import { RunJournal } from '../core/history/runJournal';
import { newRunId, type RunStore } from '../core/history/runStore';
import { finalAnswerOf } from '../core/run/comparison';
import { runReasoning } from '../core/run/reasoningRun';
import type { RunMode, RunOutcome } from '../core/run/runTypes';
import type { ChatMessage } from '../core/stream/reasoningClient';
import { pinHeaders, servedWarning, type ServedTrace } from '../core/stream/servedTrace';
import { loadTokenCounter, tokenCounterFor } from '../core/tokens/tokenCounter';
import { firstLine } from '../core/tree/chainFromTrace';
import { modelFromAnalysis } from '../core/tree/fromAnalysis';
import { LiveTreeFeeder } from '../core/tree/liveTree';
import { TreeModel } from '../core/tree/treeModel';
import { LlmVerifier } from '../core/verifier/llmVerifier';
import type { Verifier } from '../core/verifier/verdict';
import type { ThinkTrimConfig } from './config';
import { chatTemplate, makePolicy, makeVerifier, reasoningClient, resolveModel, thinkingMarkers } from './endpoints';
import { completionsPorts } from '../core/policies/completionsPorts';
import type { HistoryView } from './historyView';
import type { ApiKeys } from './secrets';
import type { ReasoningViewProvider } from './reasoningViewProvider';
import type { ScopedLog } from './log';
import type { RunStatusBar } from './statusBar';

/** What a run needs from the extension. */
export interface RunServices {
	readonly store: RunStore;
	readonly keys: ApiKeys;
	readonly view: ReasoningViewProvider;
	readonly history: HistoryView;
	readonly statusBar: RunStatusBar;
	readonly log: ScopedLog;
	/** Tells the user about a problem they must act on (a notification). */
	readonly notifyError?: (message: string) => void;
}

/** One run to execute: the prompt, how to run it, and where it comes from. */
export interface RunSpec {
	readonly config: ThinkTrimConfig;
	readonly problem: string;
	readonly systemPrompt?: string;
	readonly mode: RunMode;
	readonly kind: RunKind;
	readonly parentRunId?: string;
	readonly goldAnswer?: string;
	readonly name?: string;
	/** The recorded trace this run replays, pinned on the emulator with `X-ThinkTrim-Trace`. */
	readonly traceId?: string;
	/** Seed to sample with (a replay passes the original's); otherwise one is drawn where the server accepts it. */
	readonly seed?: number;
	/** A replay's original chain, which its savings are measured against. */
	readonly original?: OriginalRunFigures;
}

/** Dialects whose servers honour a request `seed` (vLLM, SGLang, llama.cpp). */
function acceptsSeed(dialect: string | undefined): boolean {
	return dialect !== undefined && dialect !== 'mindie';
}

/** A finished run: its saved record and everything it produced. */
export interface ExecutedRun {
	readonly record: RunRecord;
	readonly outcome: RunOutcome;
}

/** The messages of a run: the optional system prompt, then the problem. */
export function messagesFor(problem: string, systemPrompt: string | undefined): ChatMessage[] {
	return systemPrompt !== undefined && systemPrompt.trim() !== '' ? [{ role: 'system', content: systemPrompt }, { role: 'user', content: problem }] : [{ role: 'user', content: problem }];
}

/**
 * Runs a prompt against the configured endpoint with the engine live: the chain streams into the tree,
 * the run is saved to history as it streams (a failed stream or a reload keeps what arrived), the
 * status bar shows tokens and tokens/s, and cancelling the progress notification (or `ThinkTrim: Stop`
 * through `signal`) aborts cleanly. At the end the tree is rebuilt from the full analysis (final labels,
 * every policy's cut, the oracle point).
 */
export async function executeRun(services: RunServices, spec: RunSpec, signal: AbortSignal, progress?: vscode.Progress<{ message?: string }>): Promise<ExecutedRun> {
	const { config } = spec;
	const client = await reasoningClient(config, services.keys);
	try {
		const model = await resolveModel(client, config, signal);
		const verifier = await makeVerifier(config, services.keys);
		const runId = newRunId();
		const seed = acceptsSeed(client.dialect) ? (spec.seed ?? Math.floor(Math.random() * 2 ** 31)) : undefined;
		const sampling = { temperature: config.endpoint.temperature, maxTokens: config.endpoint.maxTokens, seed };
		const base: RunRecord = {
			id: runId,
			name: spec.name ?? firstLine(spec.problem, 80),
			kind: spec.kind,
			status: 'streaming',
			createdAt: new Date().toISOString(),
			problem: spec.problem,
			systemPrompt: spec.systemPrompt,
			thinking: '',
			final: '',
			goldAnswer: spec.goldAnswer,
			model,
			endpoint: { baseUrl: config.endpoint.baseUrl, dialect: client.dialect },
			thinkingTokens: 0,
			answerTokens: 0,
			policy: config.policy,
			parentRunId: spec.parentRunId,
			original: spec.original,
			sampling,
		};
		let told = false;
		const journal = new RunJournal(services.store, base, 1000, (err) => {
			services.log.error(`could not save run ${runId}`, err);
			// Once per run: the journal retries on every change, and a full disk fails each time.
			if (!told) {
				told = true;
				services.notifyError?.(`ThinkTrim could not save run ${runId}: ${err instanceof Error ? err.message : String(err)}. It stays in History marked unsaved and is written again on the next change.`);
			}
		});
		services.history.setLiveRuns([runId]);
		// The model's real tokenizer when installed, as recorded traces and the CLI count.
		await loadTokenCounter(model);
		const counter = tokenCounterFor(model);
		const tree = new TreeModel({
			runId,
			title: base.name,
			problem: spec.problem,
			model,
			goldAnswer: spec.goldAnswer,
			figures: { policy: config.policy, mode: spec.mode, verifier: verifier.kind === 'llm' ? { kind: 'llm', model: config.verifier.model } : { kind: 'heuristic' }, tokenSource: counter.description, ...(spec.original !== undefined ? { original: { thinkingTokens: spec.original.thinkingTokens, elapsedMs: spec.original.wallMs } } : {}) },
		});
		services.view.showChain(tree);
		void services.view.reveal();
		const feed = new LiveTreeFeeder(tree, config.policy);
		let cutting = false;
		services.statusBar.start(spec.mode === 'act' ? 'replaying' : 'streaming');
		let thinking = '';
		let answer = '';
		let tokens = 0;
		const template = await chatTemplate(config, model);
		const outcome = await runReasoning({
			client,
			model,
			messages: messagesFor(spec.problem, spec.systemPrompt),
			mode: spec.mode,
			policy: makePolicy(
				config,
				config.policy,
				config.policyOnline
					? { ...completionsPorts({ client, model, chatTemplate: template, messagesFor: () => messagesFor(spec.problem, spec.systemPrompt) }), problem: spec.problem, signal }
					: undefined,
			),
			verifier,
			maxTokens: config.endpoint.maxTokens,
			temperature: config.endpoint.temperature,
			answerMaxTokens: config.endpoint.answerMaxTokens,
			guide: config.endpoint.guide !== '' ? config.endpoint.guide : undefined,
			chatTemplate: template,
			thinkingMarkers: thinkingMarkers(config),
			headers: pinHeaders(spec.traceId),
			extraBody: seed !== undefined ? { seed } : undefined,
			signal,
			onEvent: (event) => {
				if (event.type === 'stream' && event.event.type === 'start' && event.event.served !== undefined) {
					showServed(services, tree, event.event.served);
				}
				// The tree shows what the answer rests on: nothing that arrives after an act-mode cut.
				if (event.type === 'cutting') {
					cutting = true;
				} else if (event.type === 'stream' && event.event.type === 'reasoning' && !cutting) {
					feed.onReasoning(event.event.text, counter.count(event.event.text));
				} else if (event.type === 'analyzer') {
					feed.onAnalyzer(event.event);
				}
				const e = event.type === 'stream' || event.type === 'continuation' ? event.event : undefined;
				if (e?.type === 'prompt') {
					// Which way the continuation prompt was rendered, and why others were skipped (docs/endpoints.md).
					services.log.info(`continuation prompt rendered by ${e.strategy}${e.notes !== undefined && e.notes.length > 0 ? ` (${e.notes.join('; ')})` : ''}`);
				}
				if (event.type === 'cutting') {
					progress?.report({ message: `cut at thought ${event.cut.thought + 1} (${event.cut.trigger}); asking for the answer…` });
					thinking = event.keptThinking;
					journal.update({ thinking, cut: { thought: event.cut.thought, tokenOffset: event.cut.tokenOffset, trigger: event.cut.trigger, explanation: event.cut.explanation } });
				}
				if (e?.type === 'reasoning' && event.type === 'stream' && !(spec.mode === 'act' && journal.current.cut !== undefined)) {
					thinking += e.text;
					tokens += counter.count(e.text);
					journal.update({ thinking });
					services.statusBar.update(tokens, 'thinking');
				} else if (e?.type === 'answer' || (e?.type === 'reasoning' && event.type === 'continuation')) {
					answer += e.text;
					tokens += counter.count(e.text);
					journal.update({ final: answer });
					services.statusBar.update(tokens, 'answering');
				}
			},
		});
		const record = await journal.finish(recordChanges(outcome));
		finishTree(services, tree, record, outcome, config);
		reportVerifierFallback(services, verifier);
		return { record, outcome };
	} finally {
		services.statusBar.hide();
		services.history.setLiveRuns([]);
		await client.close();
	}
}

/**
 * Says once per run when the LLM verifier's calls failed and the heuristic judged instead: in the log,
 * and as a notification when the endpoint refused the key (401/403), naming the endpoint and the fix.
 */
function reportVerifierFallback(services: Pick<RunServices, 'log' | 'notifyError'>, verifier: Verifier): void {
	const fallback = verifier instanceof LlmVerifier ? verifier.fallback : undefined;
	if (fallback === undefined) {
		return;
	}
	services.log.warn(`verifier: ${fallback.thoughts} verdict(s) judged by the heuristic after a failed call: ${fallback.message}`);
	if (fallback.status !== undefined) {
		services.notifyError?.(`ThinkTrim: ${fallback.message}.`);
	}
}

/** Puts the emulator's recording in the run's header; warns when it is unrelated to the prompt. */
export function showServed(services: Pick<RunServices, 'log'>, tree: TreeModel, served: ServedTrace): void {
	tree.setFigures({ ...tree.snapshot().figures, served });
	const warning = servedWarning(served);
	if (warning !== undefined) {
		services.log.warn(warning);
	}
}

/** What the outcome changes in the saved record. */
function recordChanges(outcome: RunOutcome): Partial<RunRecord> {
	return {
		status: outcome.status,
		thinking: outcome.keptThinking,
		final: outcome.answer,
		predictedAnswer: finalAnswerOf(outcome.answer),
		thinkingTokens: outcome.keptThinkingTokens,
		answerTokens: outcome.answerTokens,
		wallMs: Math.round(outcome.wallMs),
		verifierMs: Math.round(outcome.verifierMs),
		cut: outcome.cut !== undefined ? { thought: outcome.cut.thought, tokenOffset: outcome.cut.tokenOffset, trigger: outcome.cut.trigger, explanation: outcome.cut.explanation } : undefined,
		error: outcome.error,
	};
}

/** Replaces the live tree with the one built from the complete analysis (when the engine finished). */
function finishTree(services: RunServices, live: TreeModel, record: RunRecord, outcome: RunOutcome, config: ThinkTrimConfig): void {
	const figures = live.snapshot().figures;
	const message = outcome.error ?? (outcome.status === 'partial' ? 'stopped; what arrived is kept' : undefined);
	if (outcome.analysis === undefined || services.view.currentModel() !== live) {
		live.setStatus(outcome.status, message);
		return;
	}
	const trace = { id: record.id, thinking: outcome.streamedThinking, problem: record.problem, final: record.final, predictedAnswer: record.predictedAnswer, goldAnswer: record.goldAnswer, model: record.model };
	const analysis: TraceAnalysis = {
		...outcome.analysis,
		trace,
		policyName: config.policy,
		evaluation: evaluateTrace({ trace, thoughts: outcome.analysis.thoughts, steps: outcome.analysis.steps }, outcome.analysis.cut),
	};
	const full = modelFromAnalysis(analysis, { runId: record.id, policyOptions: config.policyOptions, elapsedMs: outcome.wallMs });
	full.setFigures({ ...figures, elapsedMs: outcome.wallMs });
	if (outcome.status !== 'complete') {
		full.setStatus(outcome.status, message);
	}
	services.view.showChain(full);
}
