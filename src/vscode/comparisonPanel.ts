import * as vscode from 'vscode';
import type { RunComparison } from '../core/run/comparison';
import { comparisonBodyHtml, escapeHtml, type ComparisonContext } from '../core/run/comparisonReport';

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
	return groups.length >= 2 ? (groups[1]?.viewColumn ?? vscode.ViewColumn.Beside) : vscode.ViewColumn.Beside;
}

/**
 * Shows a side-by-side comparison (original vs trimmed) in an editor panel beside the current one.
 * The page is static HTML under `default-src 'none'`: no script runs, model text is escaped. It opens
 * without taking focus (it arrives when a replay ends, maybe while the user types in a quick pick).
 */
export function showComparison(extensionUri: vscode.Uri, comparison: RunComparison, ctx: ComparisonContext): vscode.WebviewPanel {
	const panel = vscode.window.createWebviewPanel('thinktrim.comparison', `ThinkTrim: ${ctx.kind === 'replay' ? 'Replay' : 'What if'} — ${ctx.title.slice(0, 40)}`, { viewColumn: comparisonColumn(), preserveFocus: true }, {
		enableScripts: false,
		localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')],
	});
	const css = panel.webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'comparison.css'));
	panel.webview.html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${panel.webview.cspSource};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css.toString()}">
<title>${escapeHtml(ctx.title)}</title>
</head>
<body>
${comparisonBodyHtml(comparison, ctx)}
</body>
</html>`;
	return panel;
}
