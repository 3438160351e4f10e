import * as vscode from 'vscode';
import type { RunComparison } from '../core/run/comparison';
import { comparisonBodyHtml, type ComparisonContext } from '../core/run/comparisonReport';
import { escapeHtml, htmlPage } from '../core/text/html';

/**
 * Where a comparison opens: in place of an empty editor group, else in the second group when there are
 * two or more (a third column beside them is too narrow for the table), else beside the only one.
 */
function comparisonColumn(): vscode.ViewColumn {
	const groups = vscode.window.tabGroups.all;
	const active = vscode.window.tabGroups.activeTabGroup;
	if (active.tabs.length === 0) {
		return active.viewColumn;
	}
	const empty = groups.find((g) => g.tabs.length === 0);
	if (empty !== undefined) {
		return empty.viewColumn;
	}
	return groups.length >= 2
		? (groups[1]?.viewColumn ?? vscode.ViewColumn.Beside)
		: vscode.ViewColumn.Beside;
}

/**
 * Shows a side-by-side comparison (original vs trimmed) in an editor panel beside the current one.
 * The page is static HTML under `default-src 'none'`: no script runs, model text is escaped. It opens
 * without taking focus (it arrives when a replay ends, maybe while the user types in a quick pick).
 */
export function showComparison(
	extensionUri: vscode.Uri,
	comparison: RunComparison,
	ctx: ComparisonContext,
): vscode.WebviewPanel {
	const panel = vscode.window.createWebviewPanel(
		'thinktrim.comparison',
		`ThinkTrim: ${ctx.kind === 'replay' ? 'Replay' : 'What if'} — ${ctx.title.slice(0, 40)}`,
		{ viewColumn: comparisonColumn(), preserveFocus: true },
		{
			enableScripts: false,
			localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
		},
	);
	const css = panel.webview.asWebviewUri(
		vscode.Uri.joinPath(extensionUri, 'media', 'comparison.css'),
	);
	panel.webview.html = htmlPage({
		title: ctx.title,
		csp: ["default-src 'none'", `style-src ${panel.webview.cspSource}`],
		head: `<link rel="stylesheet" href="${escapeHtml(css.toString())}">`,
		body: comparisonBodyHtml(comparison, ctx),
	});
	return panel;
}
