/**
 * Writes each finished eval run as one JSON line as soon as it ends (`OUT.runs.jsonl` beside `--out-json`),
 * so a run that is killed, or whose machine dies, keeps everything that finished. Lines are appended in
 * order through one queue; the ledger is removed once the full export is written.
 */
import { appendFile, rm } from 'node:fs/promises';
import type { EvaluationProgress } from '../core/dataset/evaluationTypes';
import { redactSecrets } from '../core/text/redact';
import { messageOf } from '../shared/userError';

export class RunLedger {
	private writes: Promise<void> = Promise.resolve();
	private failure: string | undefined;

	constructor(
		readonly path: string,
		private readonly secrets: readonly (string | undefined)[],
	) {}

	/** Appends the run of a `run-end` event; other events are ignored. */
	record(event: EvaluationProgress): void {
		if (event.type !== 'run-end') {
			return;
		}
		const line = redactSecrets(`${JSON.stringify({ id: event.id, problem: event.problem, phase: event.phase, run: event.run })}\n`, this.secrets);
		this.writes = this.writes.then(() =>
			appendFile(this.path, line).catch((err: unknown) => {
				this.failure ??= messageOf(err);
			}),
		);
	}

	/** Waits for pending lines; returns the first write failure, if any. */
	async flush(): Promise<string | undefined> {
		await this.writes;
		return this.failure;
	}

	/** Removes the ledger (the full export now holds every run). */
	async remove(): Promise<void> {
		await this.writes;
		await rm(this.path, { force: true });
	}
}
