import * as vscode from 'vscode';
import type { TraceRecord } from '../core/traces/traceRecord';
import { sampleProblems } from '../core/traces/sampleProblems';

/** Largest file sent as a prompt without asking (a prompt, not a codebase). */
const MAX_FILE_CHARS = 50_000;

/**
 * The prompt for `ThinkTrim: Stream Reasoning`: the editor's selection if there is one; otherwise the
 * user chooses between the active file and typing a prompt (or, with the demo emulator, one of the
 * sample problems it can replay). Undefined when the user cancels.
 */
export async function acquirePrompt(
	samples: readonly TraceRecord[] | undefined,
): Promise<string | undefined> {
	const editor = vscode.window.activeTextEditor;
	const selection = editor?.selection;
	if (editor !== undefined && selection !== undefined && !selection.isEmpty) {
		return editor.document.getText(selection);
	}
	type Choice = vscode.QuickPickItem & { readonly take: () => Promise<string | undefined> };
	const choices: Choice[] = [];
	if (samples !== undefined && samples.length > 0) {
		choices.push(...sampleChoices(samples));
	}
	const text = editor?.document.getText() ?? '';
	if (editor !== undefined && text.trim() !== '' && text.length <= MAX_FILE_CHARS) {
		const name = vscode.workspace.asRelativePath(editor.document.uri);
		choices.unshift({
			label: `$(file) Send the active file`,
			description: `${name} · ${text.length.toLocaleString('en-US')} characters`,
			take: () => Promise.resolve(text),
		});
	}
	const typed: Choice = { label: '$(edit) Type a prompt…', take: () => typePrompt() };
	choices.unshift(typed);
	if (choices.length === 1) {
		return typePrompt();
	}
	const picked = await vscode.window.showQuickPick(choices, {
		title: 'ThinkTrim: Stream Reasoning',
		placeHolder:
			'What should the model reason about? (Select text in an editor to send just that.)',
		matchOnDescription: true,
	});
	return picked?.take();
}

/**
 * One choice per distinct sample problem (several models' chains share one), labelled with readable
 * text instead of raw LaTeX; the problem sent is the original text.
 */
function sampleChoices(
	samples: readonly TraceRecord[],
): (vscode.QuickPickItem & { readonly take: () => Promise<string | undefined> })[] {
	return sampleProblems(samples).map(({ problem, label, chains }) => ({
		label: `$(beaker) ${label}`,
		description:
			chains === 1
				? 'sample problem (the demo emulator replays its recorded chain)'
				: `sample problem (the demo emulator replays one of its ${chains} recorded chains)`,
		take: () => Promise.resolve(problem),
	}));
}

async function typePrompt(): Promise<string | undefined> {
	const prompt = await vscode.window.showInputBox({
		title: 'ThinkTrim: Stream Reasoning',
		prompt: 'The problem to send to the reasoning model',
		placeHolder: 'e.g. What is the sum of the first 100 odd numbers?',
		ignoreFocusOut: true,
		validateInput: (v) =>
			v.trim() === '' ? 'Type a prompt, or press Escape to cancel.' : undefined,
	});
	return prompt?.trim() === '' ? undefined : prompt;
}
