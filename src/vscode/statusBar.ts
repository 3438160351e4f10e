import * as vscode from 'vscode';
import { FrameBatcher, systemTimer } from '../core/tree/frameBatcher';

/**
 * How often the item's text may change while tokens stream. Every change is a message to the workbench;
 * at 300 tokens/s one per token would keep the renderer busy for a figure nobody reads that fast.
 */
const STATUS_INTERVAL_MS = 250;

/** The status-bar item of a streaming run: tokens so far and tokens per second; click to stop. */
export class RunStatusBar implements vscode.Disposable {
	private readonly item = vscode.window.createStatusBarItem(
		'thinktrim.run',
		vscode.StatusBarAlignment.Left,
		50,
	);
	private started = 0;
	private firstTokenAt: number | undefined;
	private text = '';
	private readonly batcher = new FrameBatcher(
		() => {
			this.item.text = this.text;
		},
		systemTimer,
		STATUS_INTERVAL_MS,
	);

	constructor(stopCommand: string) {
		this.item.name = 'ThinkTrim run';
		this.item.command = stopCommand;
	}

	start(label: string): void {
		this.started = performance.now();
		this.firstTokenAt = undefined;
		this.batcher.cancel();
		this.item.text = `$(loading~spin) ThinkTrim: ${label}…`;
		this.item.tooltip = 'ThinkTrim is streaming reasoning. Click to stop.';
		this.item.show();
	}

	/** Shows `tokens` thinking + answer tokens so far; the rate counts from the first token. */
	update(tokens: number, phase: string): void {
		const now = performance.now();
		this.firstTokenAt ??= now;
		const seconds = (now - this.firstTokenAt) / 1000;
		const rate = seconds > 0.5 ? ` · ${(tokens / seconds).toFixed(1)} tok/s` : '';
		this.text = `$(pulse) ThinkTrim: ${phase} ${tokens.toLocaleString('en-US')} tok${rate}`;
		this.batcher.schedule();
	}

	hide(): void {
		this.batcher.cancel();
		this.item.hide();
	}

	dispose(): void {
		this.batcher.cancel();
		this.item.dispose();
	}
}
