/**
 * The work of replaying a recording (see RunCommands.continueRecording): the policy runs over the
 * recorded chain with the configured verifier, the server is asked only for the answer from the recorded
 * thinking up to the cut plus the end-of-thinking marker, and the run is saved to History.
 */
import type * as vscode from 'vscode';
import type { RunRecord } from '../core/history/runRecord';
import { newRunId } from '../core/history/runStore';
import { recordingReplayRecord, replayRecording } from '../core/run/recordingReplay';
import { messagesFor, recordingIdOf } from '../core/run/runRecords';
import type { StopCut } from '../core/policies/stopPolicy';
import { loadTokenCounter } from '../core/tokens/tokenCounter';
import type { TraceRecord } from '../core/traces/traceRecord';
import type { ThinkTrimConfig } from './config';
import { chatTemplate, makeVerifier, reasoningClient, resolveModel } from './endpoints';
import type { RunServices } from './runExecution';

/** The saved replay, the cut it made (none: nothing was sent), and how long the answer took. */
export interface RecordedChainReplay {
	readonly record: RunRecord;
	readonly cut: StopCut | undefined;
	readonly continuationMs: number | undefined;
}

export async function replayRecordedChain(
	services: RunServices,
	config: ThinkTrimConfig,
	original: RunRecord,
	signal: AbortSignal,
	progress: vscode.Progress<{ message?: string }>,
): Promise<RecordedChainReplay> {
	const trace: TraceRecord = {
		id: original.id,
		problem: original.problem,
		thinking: original.thinking,
		final: original.final,
		predictedAnswer: original.predictedAnswer,
		goldAnswer: original.goldAnswer,
		model: original.model,
	};
	await loadTokenCounter(original.model);
	const verifier = await makeVerifier(config, services.keys);
	progress.report({
		message: `judging the recorded chain (${config.policy}), then asking for the answer from its cut…`,
	});
	const client = await reasoningClient(config, services.keys);
	try {
		const model = await resolveModel(client, config, signal);
		const replayed = await replayRecording({
			trace,
			recordingId: recordingIdOf(original),
			policy: config.policy,
			policyOptions: config.policyOptions,
			verifier,
			client,
			model,
			messages: messagesFor(original.problem, original.systemPrompt),
			answerMaxTokens: config.endpoint.answerMaxTokens,
			temperature: config.endpoint.temperature,
			guide: config.endpoint.guide !== '' ? config.endpoint.guide : undefined,
			chatTemplate: await chatTemplate(config, model),
			signal,
		});
		const { cut, continuation } = replayed;
		if (continuation?.error !== undefined && continuation.answer === '') {
			throw continuation.error;
		}
		const record = recordingReplayRecord(
			original,
			replayed,
			{
				model,
				endpoint: { baseUrl: config.endpoint.baseUrl, dialect: client.dialect },
				policy: config.policy,
			},
			newRunId(),
		);
		await services.store.save(record);
		services.history.refresh();
		return { record, cut, continuationMs: record.wallMs };
	} finally {
		await client.close();
	}
}
