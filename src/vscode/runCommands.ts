import * as vscode from 'vscode';
import { divergenceMessage, findDivergence } from '../core/run/divergence';
import { segmentThinking } from '../core/thoughts/segmentThinking';
import type { RunRecord } from '../core/history/runRecord';
import { compareRuns } from '../core/run/comparison';
import { loadTokenCounter } from '../core/tokens/tokenCounter';
import type { TraceRecord } from '../core/traces/traceRecord';
import { showError } from './notify';
import { messageOf } from '../shared/userError';
import {
	figuresOfOutcome,
	figuresOfRecord,
	originalFiguresOf,
	recordingIdOf,
	runFromTrace,
} from '../core/run/runRecords';
import { savingsText } from '../shared/savings';
import { showComparison } from './comparisonPanel';
import { readConfig } from './config';
import { DEMO_MODEL } from './demoEmulator';
import { acquirePrompt } from './promptSource';
import { ActiveRun } from './activeRun';
import { replayRecordedChain } from './recordingReplayRun';
import { whatIfStoppedHere, type ComparisonResult } from './whatIfCommand';

export type { ComparisonResult } from './whatIfCommand';
import { executeRun, type RunServices } from './runExecution';

/** Where runs come from besides the store: the bundled samples, by id. */
export interface SampleSource {
	samples(): Promise<readonly TraceRecord[]>;
}

/**
 * The run commands: Stream Reasoning (watch mode), Replay with Truncation (act mode, then the
 * side-by-side comparison), What if I stopped here? (the continuation from a chosen thought), and Stop.
 * One run at a time; Stop and the progress notification's Cancel both abort it.
 */
export class RunCommands implements vscode.Disposable {
	private readonly run: ActiveRun;

	constructor(
		private readonly services: RunServices,
		private readonly extensionUri: vscode.Uri,
		private readonly samples: SampleSource,
	) {
		this.run = new ActiveRun(services);
	}

	get running(): boolean {
		return this.run.running;
	}

	/** `ThinkTrim: Stop`: aborts the run in progress; false when none is. */
	stop(): boolean {
		return this.run.stop();
	}

	/** `ThinkTrim: Stream Reasoning`. Returns the saved run's id, or undefined when cancelled early. */
	async stream(promptArg?: unknown): Promise<string | undefined> {
		const config = readConfig();
		const prompt =
			typeof promptArg === 'string' && promptArg.trim() !== ''
				? promptArg
				: await acquirePrompt(
						config.endpoint.model === DEMO_MODEL ? await this.samples.samples() : undefined,
					);
		if (prompt === undefined) {
			return undefined;
		}
		const executed = await this.run.start('ThinkTrim: streaming reasoning', (signal, progress) =>
			executeRun(
				this.services,
				{
					config,
					problem: prompt,
					systemPrompt: config.endpoint.systemPrompt,
					mode: 'watch',
					kind: 'live',
				},
				signal,
				progress,
			),
		);
		if (executed !== undefined) {
			await this.keepVerdicts(executed.record);
		}
		return executed?.record.id;
	}

	/**
	 * Saves the chain as drawn when the run finished (its verdicts, cuts, policy and verifier) with the
	 * run, so reopening it from History shows what the run was recorded with. Nothing is kept when the
	 * view moved on to another chain before the run ended: reopening then analyses it, and says so.
	 */
	private async keepVerdicts(record: RunRecord): Promise<void> {
		const chain = this.services.view.currentChain();
		if (chain?.runId !== record.id || chain.status === 'streaming') {
			return;
		}
		try {
			await this.services.store.save({ ...record, recordedChain: chain });
		} catch (err) {
			this.services.log.warn(`could not keep the verdicts of run ${record.id}: ${messageOf(err)}`);
		}
	}

	/**
	 * `ThinkTrim: Replay with Truncation` for a saved run or sample (default: the chain on screen). A
	 * recording (sample, imported trace) is continued from its own cut ({@link continueRecording}); a
	 * run made here is run again with its seed and the policy acting.
	 */
	async replay(runRef?: unknown): Promise<ComparisonResult | undefined> {
		const original = await this.resolveRun(runRef);
		if (original === undefined) {
			return undefined;
		}
		return recordingIdOf(original) !== undefined
			? this.continueRecording(original)
			: this.rerun(original);
	}

	/**
	 * `ThinkTrim: Re-sample with Truncation`: the whole prompt generated again with the policy acting
	 * (a recording is pinned on the demo emulator with `X-ThinkTrim-Trace`; a live run reuses its seed).
	 */
	async resample(runRef?: unknown): Promise<ComparisonResult | undefined> {
		const original = await this.resolveRun(runRef);
		return original === undefined ? undefined : this.rerun(original);
	}

	/**
	 * Replay of a recording: the policy runs over the recorded chain (the configured verifier judging
	 * it), and the server is asked only for the answer from the recorded thinking up to that cut plus
	 * the end-of-thinking marker. The comparison is the recording against the same recording cut and
	 * continued, so the two sides share every thought before the cut. No cut: nothing is sent and the
	 * comparison says so.
	 */
	async continueRecording(original: RunRecord): Promise<ComparisonResult | undefined> {
		const config = readConfig();
		const result = await this.run.start(
			'ThinkTrim: replaying the recorded chain with truncation',
			(signal, progress) => replayRecordedChain(this.services, config, original, signal, progress),
		);
		if (result === undefined) {
			return undefined;
		}
		const { record, cut, continuationMs } = result;
		// Time: a recording has no wall time of this server to compare with; the continuation's is told.
		const comparison = compareRuns(
			{ ...figuresOfRecord(original), wallMs: undefined, verifierMs: undefined },
			{ ...figuresOfRecord(record), wallMs: undefined, verifierMs: undefined },
			cut,
			original.goldAnswer,
		);
		const explanation =
			cut === undefined
				? `${config.policy} did not cut this recorded chain; nothing was sent to the server.`
				: `${cut.explanation} The recorded chain up to thought ${cut.thought + 1} was sent back ` +
					`with the end of thinking; the answer took ${((continuationMs ?? 0) / 1000).toFixed(2)} s.`;
		showComparison(
			this.extensionUri,
			{ ...comparison, explanation },
			{
				kind: 'replay',
				title: original.name,
				problem: original.problem,
				originalLabel: 'Recorded chain',
				trimmedLabel:
					cut === undefined
						? `Not cut (${config.policy})`
						: `Recorded chain cut by ${config.policy}, continued`,
				policy: config.policy,
				model: record.model,
				goldAnswer: original.goldAnswer,
			},
		);
		this.services.log.info(
			`replay ${record.id} of recording ${original.id}: ` +
				`${cut === undefined ? 'no cut' : `cut at thought ${cut.thought + 1}, continued`}; ` +
				`${savingsText(comparison.savings)}, same answer: ${String(comparison.sameAnswer)}`,
		);
		return { runId: record.id, originalRunId: original.id, comparison };
	}

	/** A new sample of the whole prompt with the policy acting, compared with the original. */
	private async rerun(original: RunRecord): Promise<ComparisonResult | undefined> {
		const config = readConfig();
		const recording = recordingIdOf(original) !== undefined;
		const executed = await this.run.start(
			'ThinkTrim: replaying with truncation',
			(signal, progress) =>
				executeRun(
					this.services,
					{
						config,
						problem: original.problem,
						systemPrompt: original.systemPrompt,
						mode: 'act',
						kind: 'replay',
						parentRunId: original.id,
						goldAnswer: original.goldAnswer,
						name: `${recording ? 'Re-sample' : 'Replay'}: ${original.name}`,
						traceId: recordingIdOf(original),
						seed: original.sampling?.seed,
						original: originalFiguresOf(original),
					},
					signal,
					progress,
				),
		);
		if (executed === undefined) {
			return undefined;
		}
		await this.keepVerdicts(executed.record);
		const comparison = compareRuns(
			figuresOfRecord(original),
			figuresOfOutcome(executed.outcome),
			executed.outcome.cut,
			original.goldAnswer,
		);
		const kept = executed.outcome.keptThinking;
		const diverged = findDivergence(
			original.thinking,
			kept,
			executed.outcome.analysis?.thoughts ?? segmentThinking(kept),
		);
		if (diverged !== undefined) {
			this.services.log.warn(`replay ${executed.record.id}: ${divergenceMessage(diverged)}`);
		}
		showComparison(this.extensionUri, comparison, {
			divergence: diverged !== undefined ? divergenceMessage(diverged) : undefined,
			kind: 'replay',
			title: original.name,
			problem: original.problem,
			originalLabel: original.kind === 'imported' ? 'Recorded chain' : 'Original run',
			trimmedLabel: recording
				? `Re-sampled, trimmed (${config.policy})`
				: `Trimmed (${config.policy})`,
			policy: config.policy,
			model: executed.record.model,
			goldAnswer: original.goldAnswer,
		});
		this.services.log.info(
			`replay ${executed.record.id} of ${original.id}: ${savingsText(comparison.savings)}, same answer: ${String(comparison.sameAnswer)}`,
		);
		return { runId: executed.record.id, originalRunId: original.id, comparison };
	}

	/** `ThinkTrim: What if I stopped here?` on a node of the chain on screen (default: the selected one). */
	whatIf(nodeRef?: unknown): Promise<ComparisonResult | undefined> {
		return whatIfStoppedHere(
			{
				services: this.services,
				run: this.run,
				extensionUri: this.extensionUri,
				resolveRun: (ref) => this.resolveRun(ref),
			},
			nodeRef,
		);
	}

	/** A run by id (saved or `sample:<id>`), the chain on screen, or one picked from history. */
	private async resolveRun(ref: unknown): Promise<RunRecord | undefined> {
		const id =
			typeof ref === 'string'
				? ref
				: isRunItem(ref)
					? ref.run.id
					: this.services.view.currentChain()?.runId;
		if (id === undefined) {
			void vscode.window.showWarningMessage(
				'ThinkTrim: open a chain first (Stream Reasoning, Open Sample Trace or the History view), then replay it.',
			);
			return undefined;
		}
		if (id.startsWith('sample:')) {
			const trace = (await this.samples.samples()).find((t) => `sample:${t.id}` === id);
			if (trace === undefined) {
				return undefined;
			}
			// Counted with the model's own tokenizer, as the view and the CLI count it.
			await loadTokenCounter(trace.model);
			return runFromTrace(trace, id);
		}
		try {
			return await this.services.store.load(id);
		} catch (err) {
			void showError(err, { context: `cannot load run ${id}` });
			return undefined;
		}
	}

	dispose(): void {
		this.run.dispose();
	}
}

function isRunItem(value: unknown): value is { run: { id: string } } {
	return (
		typeof value === 'object' &&
		value !== null &&
		'run' in value &&
		typeof (value as { run: { id?: unknown } }).run.id === 'string'
	);
}
