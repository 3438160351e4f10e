/**
 * The first activation opens the Get Started walkthrough once, so a new user lands on the steps that
 * show the product rather than an empty editor. Not under the test runner (it would cover test editors).
 */
import * as vscode from 'vscode';

const SHOWN_KEY = 'thinktrim.walkthroughShown';
const WALKTHROUGH = 'thinktrim.gettingStarted';

export function openWalkthroughOnFirstRun(
	context: vscode.ExtensionContext,
	onError: (err: unknown) => void,
): void {
	if (
		context.extensionMode === vscode.ExtensionMode.Test ||
		context.globalState.get<boolean>(SHOWN_KEY) === true
	) {
		return;
	}
	void context.globalState.update(SHOWN_KEY, true).then(undefined, onError);
	void vscode.commands
		.executeCommand(
			'workbench.action.openWalkthrough',
			`${context.extension.id}#${WALKTHROUGH}`,
			false,
		)
		.then(undefined, onError);
}
