import { ACTION_LABELS, type ErrorAction } from '../src/shared/userError';
import { el } from './detailPane';
import { makeButton } from './ui/toolkit';

/** The codicon of each action's button. */
const ACTION_ICONS: Readonly<Record<ErrorAction['kind'], string>> = {
	'open-log': 'output',
	'open-settings': 'settings-gear',
};

/**
 * The webview's one way to show a failure (issue 15): the message as text, then a button per action,
 * labelled as the host's notifications label it. A button hands its action to `act`, which asks the host
 * to carry it out; without a host (an exported page, `act` undefined) there is nothing to offer.
 */
export function errorView(
	message: string,
	actions: readonly ErrorAction[] | undefined,
	act: ((action: ErrorAction) => void) | undefined,
): HTMLElement {
	const view = el('div', 'error-view');
	const text = el('p', 'error-text');
	text.textContent = message;
	view.append(text);
	if (act !== undefined && actions !== undefined && actions.length > 0) {
		const buttons = el('div', 'error-actions');
		buttons.append(
			...actions.map((action) =>
				makeButton(ACTION_LABELS[action.kind], ACTION_ICONS[action.kind], () => act(action)),
			),
		);
		view.append(buttons);
	}
	return view;
}
