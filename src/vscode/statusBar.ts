import * as vscode from 'vscode';

/** The status-bar item of a streaming run: tokens so far and tokens per second; click to stop. */
export class RunStatusBar implements vscode.Disposable {
	private readonly item = vscode.window.createStatusBarItem('thinktrim.run', vscode.StatusBarAlignment.Left, 50);
	private started = 0;
	private firstTokenAt: number | undefined;

	constructor(stopCommand: string) {
		this.item.name = 'ThinkTrim run';
		this.item.command = stopCommand;
	}

	start(label: string): void {
		this.started = performance.now();
		this.firstTokenAt = undefined;
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
		this.item.text = `$(pulse) ThinkTrim: ${phase} ${tokens.toLocaleString('en-US')} tok${rate}`;
	}

	hide(): void {
		this.item.hide();
	}

	dispose(): void {
		this.item.dispose();
	}
}
