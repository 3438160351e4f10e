/**
 * The one run the extension has in flight (stream, replay or what-if): started with a cancellable progress
 * notification, aborted by Stop, the notification's Cancel or disposal, its failure shown once with Open
 * Log, and the `thinktrim.running` context kept in step for the Stop command's enablement.
 */
import * as vscode from 'vscode';
import { showError } from './notify';
import type { RunServices } from './runExecution';

export class ActiveRun implements vscode.Disposable {
	private active: AbortController | undefined;

	constructor(private readonly services: RunServices) {}

	get running(): boolean {
		return this.active !== undefined;
	}

	/** Aborts the run in progress; false when none is. */
	stop(): boolean {
		if (this.active === undefined) {
			return false;
		}
		this.active.abort();
		return true;
	}

	/** Runs `work` as the one active run, with a cancellable progress notification and clear errors. */
	async start<T>(
		title: string,
		work: (signal: AbortSignal, progress: vscode.Progress<{ message?: string }>) => Promise<T>,
	): Promise<T | undefined> {
		if (this.active !== undefined) {
			void vscode.window.showWarningMessage(
				'ThinkTrim: a run is already in progress. Stop it first (ThinkTrim: Stop).',
			);
			return undefined;
		}
		const controller = new AbortController();
		this.active = controller;
		// Stop or Cancel: History lists the run as partial at once (its journal already holds what arrived);
		// the final record replaces the row once the run has saved it.
		controller.signal.addEventListener('abort', () => this.services.history.setLiveRuns([]), {
			once: true,
		});
		await vscode.commands.executeCommand('setContext', 'thinktrim.running', true);
		try {
			return await vscode.window.withProgress(
				{ location: vscode.ProgressLocation.Notification, title, cancellable: true },
				async (progress, token) => {
					token.onCancellationRequested(() => controller.abort());
					return work(controller.signal, progress);
				},
			);
		} catch (err) {
			this.reportFailure(title, err);
			return undefined;
		} finally {
			this.active = undefined;
			await vscode.commands.executeCommand('setContext', 'thinktrim.running', false);
		}
	}

	private reportFailure(title: string, err: unknown): void {
		void showError(err, {
			log: this.services.log,
			logAs: `${title.replace(/^ThinkTrim: /, '')} failed`,
		});
	}

	dispose(): void {
		this.active?.abort();
	}
}
