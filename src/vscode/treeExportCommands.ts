/**
 * The Reasoning view's own commands: save the drawn tree as SVG (the webview serializes it, the host
 * checks and writes it), export the chain as one self-contained HTML file, open the tree in an editor.
 */
import * as vscode from 'vscode';
import { checkExportedSvg } from '../core/tree/svgCheck';
import type { ChainView } from '../shared/protocol';
import { Commands } from './commands';
import type { ScopedLog } from './log';
import { showError } from './notify';
import { saveExport, standaloneChainHtml } from './treeExport';

/** What the commands need of the view. */
export interface ExportableView {
	currentChain(): ChainView | undefined;
	reveal(): Promise<void>;
	waitUntilReady(): Promise<void>;
	requestSvg(): Promise<string>;
	openInEditor(): void;
}

export function treeExportCommands(
	view: ExportableView,
	extensionUri: vscode.Uri,
	log: ScopedLog,
): vscode.Disposable[] {
	const guarded = async <T>(
		what: string,
		action: () => Promise<T | undefined>,
	): Promise<T | undefined> => {
		try {
			return await action();
		} catch (err) {
			void showError(err, { context: `could not ${what}`, log });
			return undefined;
		}
	};

	/** `target` (a Uri or a path, for automation) skips the save dialog; resolves to the written file. */
	const exportSvg = async (target?: unknown): Promise<string | undefined> => {
		const chain = view.currentChain();
		if (chain === undefined) {
			void vscode.window.showInformationMessage(
				'ThinkTrim: there is no reasoning tree to save yet. Open a trace first.',
			);
			return undefined;
		}
		return guarded('save the tree as SVG', async () => {
			await view.reveal();
			await view.waitUntilReady();
			const svg = await view.requestSvg();
			const refused = checkExportedSvg(svg);
			if (refused !== undefined) {
				throw new Error(`the view sent an SVG that is not a plain drawing (${refused})`);
			}
			return saveExport(log, svg, target, chain, 'svg', 'SVG image');
		});
	};

	const exportHtml = async (target?: unknown): Promise<string | undefined> => {
		const chain = view.currentChain();
		if (chain === undefined) {
			void vscode.window.showInformationMessage(
				'ThinkTrim: there is no reasoning chain to export yet. Open a trace first.',
			);
			return undefined;
		}
		return guarded('export the chain as HTML', async () => {
			const html = await standaloneChainHtml(extensionUri, chain);
			return saveExport(log, html, target, chain, 'html', 'HTML page');
		});
	};

	return [
		vscode.commands.registerCommand(Commands.exportTreeSvg, exportSvg),
		vscode.commands.registerCommand(Commands.exportTreeHtml, exportHtml),
		vscode.commands.registerCommand(Commands.openTreeInEditor, () => view.openInEditor()),
	];
}
