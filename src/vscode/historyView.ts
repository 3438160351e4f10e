import * as vscode from 'vscode';
import type { RunSummary } from '../core/history/runRecord';
import type { RunStore } from '../core/history/runStore';
import { Commands } from './commands';
import { timeSavingsText, tokenSavingsText } from '../shared/savings';
import type { ScopedLog } from './log';

const STATUS_ICON: Readonly<Record<RunSummary['status'], string>> = {
	complete: 'pass',
	partial: 'warning',
	error: 'error',
	streaming: 'loading~spin',
};

const KIND_LABEL: Readonly<Record<RunSummary['kind'], string>> = {
	live: 'live',
	replay: 'replay',
	whatif: 'what-if',
	imported: 'imported',
};

/** One saved run in the History view. */
export class RunItem extends vscode.TreeItem {
	constructor(
		readonly run: RunSummary,
		live: boolean,
	) {
		super(run.name, vscode.TreeItemCollapsibleState.None);
		const status = run.status === 'streaming' && !live ? 'partial' : run.status;
		// Against the original chain (src/shared/savings.ts), as the Reasoning view's header says it.
		const saved = run.savings !== undefined ? ` · ${tokenSavingsText(run.savings)}` : '';
		const time = run.savings !== undefined ? timeSavingsText(run.savings) : undefined;
		this.id = run.id;
		this.description =
			`${run.unsaved === true ? 'unsaved · ' : ''}${KIND_LABEL[run.kind]} · ` +
			`${run.thinkingTokens.toLocaleString('en-US')} tok${saved}`;
		this.tooltip = new vscode.MarkdownString(
			[
				`**${escapeMd(run.name)}**`,
				'',
				`${KIND_LABEL[run.kind]} run, ${status}` +
					(run.status === 'streaming' && !live
						? ' (the window closed while it streamed; what arrived is kept)'
						: ''),
				`${new Date(run.createdAt).toLocaleString()}`,
				run.model !== undefined ? `model \`${escapeMd(run.model)}\`` : '',
				`${run.thinkingTokens.toLocaleString('en-US')} thinking tokens${saved}`,
				time ?? '',
			]
				.filter((l) => l !== '')
				.join('  \n'),
		);
		this.iconPath = new vscode.ThemeIcon(STATUS_ICON[status]);
		this.contextValue = 'thinktrim.run';
		this.command = { command: Commands.historyOpen, title: 'Open', arguments: [this] };
	}
}

function escapeMd(text: string): string {
	return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}

/**
 * The History view: every run (live, replayed, what-if, imported), newest first, read from the run
 * store. A corrupt entry is reported once in the log and skipped; it never blocks the list.
 */
export class HistoryView implements vscode.TreeDataProvider<RunItem>, vscode.Disposable {
	static readonly viewId = 'thinktrim.historyView';
	private readonly changed = new vscode.EventEmitter<RunItem | undefined>();
	readonly onDidChangeTreeData = this.changed.event;
	private readonly reported = new Set<string>();
	private liveRunIds = new Set<string>();

	constructor(
		private readonly store: RunStore,
		private readonly log: ScopedLog,
	) {}

	/** Marks which runs are streaming in this window (others still marked streaming were cut off). */
	setLiveRuns(ids: Iterable<string>): void {
		this.liveRunIds = new Set(ids);
		this.refresh();
	}

	refresh(): void {
		this.changed.fire(undefined);
	}

	getTreeItem(item: RunItem): vscode.TreeItem {
		return item;
	}

	async getChildren(item?: RunItem): Promise<RunItem[]> {
		if (item !== undefined) {
			return [];
		}
		const { runs, problems } = await this.store.list();
		for (const problem of problems) {
			if (!this.reported.has(problem.path)) {
				this.reported.add(problem.path);
				this.log.warn(
					`skipped a history entry that cannot be read: ${problem.path}: ${problem.message}`,
				);
			}
		}
		return runs.map((run) => new RunItem(run, this.liveRunIds.has(run.id)));
	}

	dispose(): void {
		this.changed.dispose();
	}
}
