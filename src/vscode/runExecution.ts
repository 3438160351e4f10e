import type * as vscode from 'vscode';
import type { OriginalRunFigures, RunKind } from '../core/history/runRecord';
import type { RunStore } from '../core/history/runStore';
import { executeLiveRun } from '../core/run/liveRun';
import type { ExecutedRun, LiveEndpoint, LivePorts } from '../core/run/livePorts';
import type { RunMode } from '../core/run/runTypes';
import type { ReasoningClient } from '../core/stream/reasoningClient';
import { LlmVerifier } from '../core/verifier/llmVerifier';
import type { Verifier } from '../core/verifier/verdict';
import { messageOf, OPEN_LOG, type ErrorAction } from '../shared/userError';
import type { ThinkTrimConfig } from './config';
import {
	chatTemplate,
	makeVerifier,
	reasoningClient,
	resolveModel,
	thinkingMarkers,
} from './endpoints';
import type { HistoryView } from './historyView';
import type { ApiKeys } from './secrets';
import type { ReasoningViewProvider } from './reasoningViewProvider';
import type { ScopedLog } from './log';
import type { RunStatusBar } from './statusBar';

export type { ExecutedRun } from '../core/run/livePorts';

/** What a run needs from the extension. */
export interface RunServices {
	readonly store: RunStore;
	readonly keys: ApiKeys;
	readonly view: ReasoningViewProvider;
	readonly history: HistoryView;
	readonly statusBar: RunStatusBar;
	readonly log: ScopedLog;
	/** Tells the user about a problem they must act on (a notification with the actions' buttons). */
	readonly notifyError?: (message: string, actions: readonly ErrorAction[]) => void;
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

/**
 * Runs a prompt against the configured endpoint with the engine live (src/core/run/liveRun.ts does the
 * run; this wires it): the chain streams into the Reasoning view, the run is saved to history as it
 * streams, the status bar shows tokens and tokens/s, and cancelling the progress notification (or
 * `ThinkTrim: Stop` through `signal`) aborts cleanly.
 */
export async function executeRun(
	services: RunServices,
	spec: RunSpec,
	signal: AbortSignal,
	progress?: vscode.Progress<{ message?: string }>,
): Promise<ExecutedRun> {
	const { config, ...run } = spec;
	const client = await reasoningClient(config, services.keys);
	try {
		const endpoint = await endpointFor(services, config, client, signal);
		const executed = await executeLiveRun(
			endpoint,
			{ ...run, drawSeed: true },
			hostPorts(services, spec, progress),
			signal,
		);
		reportVerifierFallback(services, endpoint.verifier);
		return executed;
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
function reportVerifierFallback(
	services: Pick<RunServices, 'log' | 'notifyError'>,
	verifier: Verifier | undefined,
): void {
	const fallback = verifier instanceof LlmVerifier ? verifier.fallback : undefined;
	if (fallback === undefined) {
		return;
	}
	services.log.warn(
		`verifier: ${fallback.thoughts} verdict(s) judged by the heuristic after a failed call: ${fallback.message}`,
	);
	if (fallback.status !== undefined) {
		services.notifyError?.(`ThinkTrim: ${fallback.message}.`, [OPEN_LOG]);
	}
}

/** The endpoint side of a run, from the settings (a bad setting throws a SettingsError naming it). */
async function endpointFor(
	services: RunServices,
	config: ThinkTrimConfig,
	client: ReasoningClient,
	signal: AbortSignal,
): Promise<LiveEndpoint> {
	const model = await resolveModel(client, config, signal);
	const verifier = await makeVerifier(config, services.keys);
	const e = config.endpoint;
	return {
		client,
		model,
		baseUrl: e.baseUrl,
		verifier,
		verifierModel: verifier.kind === 'llm' ? config.verifier.model : undefined,
		policy: { name: config.policy, options: config.policyOptions, online: config.policyOnline },
		maxTokens: e.maxTokens,
		temperature: e.temperature,
		answerMaxTokens: e.answerMaxTokens,
		guide: e.guide !== '' ? e.guide : undefined,
		chatTemplate: await chatTemplate(config, model),
		thinkingMarkers: thinkingMarkers(config),
	};
}

/** The run's ports in the editor: the Reasoning view, the history store and list, the status bar, the log. */
function hostPorts(
	services: RunServices,
	spec: RunSpec,
	progress: vscode.Progress<{ message?: string }> | undefined,
): LivePorts {
	const { log, view } = services;
	return {
		store: services.store,
		sink: {
			started: (record) => {
				services.history.setLiveRuns([record.id]);
				services.statusBar.start(spec.mode === 'act' ? 'replaying' : 'streaming');
				void view.reveal();
			},
			tree: {
				show: (tree) => view.showChain(tree),
				showing: (tree) => view.currentModel() === tree,
				failureActions: [OPEN_LOG],
			},
			tokens: (count, phase) => services.statusBar.update(count, phase),
			progress: (message) => progress?.report({ message }),
			info: (message) => log.info(message),
			warn: (message) => log.warn(message),
			failed: (runId, error) => log.error(`run ${runId} failed: ${error}`),
			saveFailed: (runId, err, first) => {
				log.error(`could not save run ${runId}`, err);
				// Once per run: the journal retries on every change, and a full disk fails each time.
				if (first) {
					services.notifyError?.(
						`ThinkTrim could not save run ${runId}: ${messageOf(err)}. ` +
							'It stays in History marked unsaved and is written again on the next change.',
						[OPEN_LOG],
					);
				}
			},
		},
	};
}
