import * as vscode from 'vscode';
import { analyzeTrace } from '../core/engine/analyzeTrace';
import { segmentTrace } from '../core/thoughts/segmentThinking';
import { loadTokenCounter } from '../core/tokens/tokenCounter';
import { chainFromTrace, firstLine, modelFromThoughts } from '../core/tree/chainFromTrace';
import { modelFromAnalysis, policyOptionsFrom } from '../core/tree/fromAnalysis';
import type { TreeModel } from '../core/tree/treeModel';
import {
	formatTraceLineError,
	parseTraceJsonl,
	type TraceRecord,
} from '../core/traces/traceRecord';
import { isPolicyName, type AnalysisOptionsView, type ChainView } from '../shared/protocol';
import type { ScopedLog } from './log';
import type { ReasoningViewProvider } from './reasoningViewProvider';
import { explicitSetting, parametersSettingError } from './config';
import type { PolicyOptions } from '../core/policies/createPolicy';
import { defaultConsecutiveAnswers } from '../core/policies/trimrSettings';
import { actionsOf, messageOf, withOpenLog } from '../shared/userError';

/** The bundled traces (MIT / Apache-2.0 sources only; attribution in NOTICE). */
export async function loadSampleTraces(
	extensionUri: vscode.Uri,
	log: ScopedLog,
): Promise<TraceRecord[]> {
	const uri = vscode.Uri.joinPath(extensionUri, 'media', 'traces', 'samples.jsonl');
	const bytes = await vscode.workspace.fs.readFile(uri);
	const { records, errors } = parseTraceJsonl(new TextDecoder().decode(bytes), 'samples.jsonl');
	for (const error of errors) {
		log.warn(`skipped a bundled trace: ${formatTraceLineError(error)}`);
	}
	return records;
}

interface TracePick extends vscode.QuickPickItem {
	readonly trace: TraceRecord;
}

/** Asks the user for one of `traces`; undefined when they dismiss the pick. */
export async function pickTrace(traces: readonly TraceRecord[]): Promise<TraceRecord | undefined> {
	const items: TracePick[] = traces.map((trace) => ({
		label: firstLine(trace.problem ?? trace.id, 90),
		description: trace.model !== undefined ? firstLine(trace.model, 50) : undefined,
		detail: [
			trace.benchmark,
			`${countWords(trace.thinking)} words of thinking`,
			trace.source?.license,
			trace.id,
		]
			.filter((part) => part !== undefined)
			.join(' · '),
		trace,
	}));
	const picked = await vscode.window.showQuickPick(items, {
		title: 'ThinkTrim: Open Sample Trace',
		placeHolder: 'Pick a recorded reasoning trace to draw as a tree',
		matchOnDescription: true,
		matchOnDetail: true,
	});
	return picked?.trace;
}

/** The analysis options from the user's `thinktrim.policy.*` and `thinktrim.verifier.*` settings. */
export function readAnalysisOptions(): AnalysisOptionsView {
	const c = vscode.workspace.getConfiguration('thinktrim');
	const policy = c.get<string>('policy.name', 'trimr');
	return {
		policy: isPolicyName(policy) ? policy : 'trimr',
		consecutiveAnswers:
			explicitSetting<number>(c, 'policy.consecutiveAnswers') ??
			defaultConsecutiveAnswers(isPolicyName(policy) ? policy : 'trimr'),
		verifierThreshold: c.get<number>('verifier.threshold', 0.5),
		underthinkingThoughts: c.get<number>('policy.underthinkingThoughts', 20),
		underthinkingBudgetShare: c.get<number>('policy.underthinkingBudgetShare', 0.5),
		parameters: c.get<string>('policy.parameters', ''),
	};
}

/** The run id of a bundled trace's chain (the view keys its zoom and selection on it). */
export function sampleRunId(trace: TraceRecord): string {
	return `sample:${trace.id}`;
}

/**
 * Analyzes a bundled trace with the engine: reflection-marker segmenter, heuristic verifier, and the
 * chosen policy in watch mode (the cut is marked, nothing is cut); the other policies are replayed on
 * the same verdicts for comparison.
 */
export async function analyzeSample(
	trace: TraceRecord,
	options: AnalysisOptionsView,
	signal?: AbortSignal,
): Promise<TreeModel> {
	const policyOptions = sampleOptions(options);
	const started = performance.now();
	// The model's real tokenizer when installed, as the CLI counts: one count everywhere.
	await loadTokenCounter(trace.model);
	const analysis = await analyzeTrace(trace, { policy: options.policy, policyOptions, signal });
	return modelFromAnalysis(analysis, {
		runId: sampleRunId(trace),
		policyOptions,
		options,
		analysisMs: performance.now() - started,
	});
}

/** The engine's options for the view's; a bad `thinktrim.policy.parameters` names the setting. */
function sampleOptions(options: AnalysisOptionsView): PolicyOptions {
	try {
		return policyOptionsFrom(options);
	} catch (err) {
		throw parametersSettingError(err);
	}
}

/** The bundled trace on screen, so the view's options can re-analyze it. */
export class SampleSession {
	private trace: TraceRecord | undefined;

	constructor(
		private readonly provider: ReasoningViewProvider,
		private readonly log: ScopedLog,
	) {}

	/** Analyzes `trace` and shows it (a loading state first; an error state if the analysis fails). */
	async show(
		trace: TraceRecord,
		options: AnalysisOptionsView = readAnalysisOptions(),
	): Promise<TreeModel> {
		this.trace = trace;
		this.provider.show({
			kind: 'loading',
			message: `Analyzing "${firstLine(trace.problem ?? trace.id, 60)}" with the heuristic verifier…`,
		});
		try {
			const model = await analyzeSample(trace, options);
			this.provider.showChain(model);
			return model;
		} catch (err) {
			// Both callers log the failure they are handed (showError with their log): offer the log here too.
			this.provider.show({
				kind: 'error',
				message: `Could not analyze trace ${trace.id}: ${messageOf(err)}`,
				actions: withOpenLog(actionsOf(err)),
			});
			throw err;
		}
	}

	/** Re-analyzes the trace on screen with the options the user set in the view. */
	async reanalyze(options: AnalysisOptionsView): Promise<void> {
		const trace = this.trace;
		const current = this.provider.currentModel();
		if (trace === undefined || current?.runId !== sampleRunId(trace)) {
			this.log.warn('ignored new options: the chain on screen is not a bundled trace');
			return;
		}
		this.log.info(
			`re-analyzing ${trace.id} with ${options.policy}, M = ${options.consecutiveAnswers}`,
		);
		this.provider.showChain(await analyzeSample(trace, options));
	}
}

/** The tree model of a bundled trace split into thoughts (the engine's segmenter), unlabelled (no verifier). */
export function sampleModel(trace: TraceRecord): TreeModel {
	return modelFromThoughts(trace, segmentTrace(trace), sampleRunId(trace));
}

/** The chain view of a trace, split into thoughts. */
export function sampleChain(trace: TraceRecord): ChainView {
	return chainFromTrace(trace, segmentTrace(trace), sampleRunId(trace));
}

function countWords(text: string): number {
	return text.split(/\s+/).filter((w) => w !== '').length;
}
