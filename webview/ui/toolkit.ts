// Every use of @vscode/webview-ui-toolkit stays in this folder (the toolkit is archived upstream; a move
// to @vscode-elements/elements would touch only webview/ui/). See docs/ARCHITECTURE.md.
import { provideVSCodeDesignSystem, vsCodeBadge, vsCodeButton, vsCodeProgressRing } from '@vscode/webview-ui-toolkit';

let registered = false;

/** Registers the toolkit's web components once. */
export function registerToolkit(): void {
	if (!registered) {
		provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeProgressRing(), vsCodeBadge());
		registered = true;
	}
}

/** A toolkit button with a codicon and a label; `appearance` is the toolkit's. */
export function makeButton(
	label: string,
	icon: string,
	onClick: () => void,
	appearance: 'primary' | 'secondary' | 'icon' = 'secondary',
): HTMLElement {
	const button = document.createElement('vscode-button');
	button.setAttribute('appearance', appearance);
	button.setAttribute('aria-label', label);
	button.title = label;
	const glyph = document.createElement('span');
	glyph.className = `codicon codicon-${icon}`;
	if (appearance === 'icon') {
		button.appendChild(glyph);
	} else {
		glyph.setAttribute('slot', 'start');
		button.append(glyph, document.createTextNode(label));
	}
	button.addEventListener('click', onClick);
	return button;
}

/** An indeterminate progress ring. */
export function makeProgressRing(): HTMLElement {
	return document.createElement('vscode-progress-ring');
}

/** A small count badge. */
export function makeBadge(text: string): HTMLElement {
	const badge = document.createElement('vscode-badge');
	badge.textContent = text;
	return badge;
}
