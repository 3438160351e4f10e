/**
 * The tree of a live run: created empty when the run starts, grown by the live feeder as thoughts
 * stream and get judged, and at the end replaced by the tree built from the complete analysis (final
 * labels, every policy's cut, the oracle point) — when it is still the one on screen.
 */
import type { ChainFigures, PolicyName } from '../../shared/protocol';
import type { TraceAnalysis } from '../engine/analyzeTrace';
import { evaluateTrace } from '../evaluation/evaluateTrace';
import type { RunRecord } from '../history/runRecord';
import type { PolicyOptions } from '../policies/createPolicy';
import { servedWarning, type ServedTrace } from '../stream/servedTrace';
import { modelFromAnalysis } from '../tree/fromAnalysis';
import { TreeModel } from '../tree/treeModel';
import type { LiveRunSink, TreeSink } from './livePorts';
import type { RunOutcome } from './runTypes';

/** The empty tree of a run that starts now. */
export function startTree(record: RunRecord, figures: ChainFigures): TreeModel {
	return new TreeModel({
		runId: record.id,
		title: record.name,
		problem: record.problem,
		model: record.model,
		goldAnswer: record.goldAnswer,
		figures,
	});
}

/** Puts the emulator's recording in the run's header; warns when it is unrelated to the prompt. */
export function showServed(
	sink: Pick<LiveRunSink, 'warn'> | undefined,
	tree: TreeModel | undefined,
	served: ServedTrace,
): void {
	tree?.setFigures({ ...tree.snapshot().figures, served });
	const warning = servedWarning(served);
	if (warning !== undefined) {
		sink?.warn?.(warning);
	}
}

/** How the tree of a finished run is rebuilt. */
export interface TreeEnd {
	readonly policy: PolicyName;
	readonly policyOptions?: PolicyOptions;
}

/** Replaces the live tree with the one built from the complete analysis (when the engine finished). */
export function finishTree(
	sink: TreeSink,
	live: TreeModel,
	record: RunRecord,
	outcome: RunOutcome,
	end: TreeEnd,
): void {
	const figures = live.snapshot().figures;
	const message =
		outcome.error ?? (outcome.status === 'partial' ? 'stopped; what arrived is kept' : undefined);
	// A stop by the user is no failure: nothing to offer about it.
	const actions = outcome.error !== undefined ? sink.failureActions : undefined;
	if (outcome.analysis === undefined || !sink.showing(live)) {
		live.setStatus(outcome.status, message, actions);
		return;
	}
	const trace = {
		id: record.id,
		thinking: outcome.streamedThinking,
		problem: record.problem,
		final: record.final,
		predictedAnswer: record.predictedAnswer,
		goldAnswer: record.goldAnswer,
		model: record.model,
	};
	const analysis: TraceAnalysis = {
		...outcome.analysis,
		trace,
		policyName: end.policy,
		evaluation: evaluateTrace(
			{ trace, thoughts: outcome.analysis.thoughts, steps: outcome.analysis.steps },
			outcome.analysis.cut,
		),
	};
	const full = modelFromAnalysis(analysis, {
		runId: record.id,
		policyOptions: end.policyOptions,
		elapsedMs: outcome.wallMs,
	});
	full.setFigures({ ...figures, elapsedMs: outcome.wallMs });
	if (outcome.status !== 'complete') {
		full.setStatus(outcome.status, message, actions);
	}
	sink.show(full);
}
