// Every use of @vscode/webview-ui-toolkit stays in this folder (the toolkit is archived upstream; a move
// to @vscode-elements/elements would touch only webview/ui/). Labels go in through textContent only.
// The toolkit's badge, tag and progress ring are not used: their templates carry `style` attributes,
// which the webview's CSP (no 'unsafe-inline') blocks; plain elements styled like them stand in.
import {
	provideVSCodeDesignSystem,
	vsCodeButton,
	vsCodeDropdown,
	vsCodeOption,
	vsCodeTextField,
} from '@vscode/webview-ui-toolkit';

let registered = false;

/** Registers the toolkit's web components once. */
export function registerToolkit(): void {
	if (!registered) {
		provideVSCodeDesignSystem().register(
			vsCodeButton(),
			vsCodeDropdown(),
			vsCodeOption(),
			vsCodeTextField(),
		);
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

/** An indeterminate progress indicator (a spinning codicon). */
export function makeProgressRing(): HTMLElement {
	const spinner = document.createElement('span');
	spinner.className = 'codicon codicon-loading codicon-modifier-spin progress';
	spinner.setAttribute('role', 'progressbar');
	spinner.setAttribute('aria-label', 'Loading');
	return spinner;
}

/** A tag (uppercase pill, styled like the toolkit's), used for the chain's status. */
export function makeTag(text: string): HTMLElement {
	const tag = document.createElement('span');
	tag.className = 'tag';
	tag.textContent = text;
	return tag;
}

/** A dropdown of `options` (value → label); calls `onChange` with the chosen value. */
export function makeDropdown(
	label: string,
	options: readonly (readonly [string, string])[],
	value: string,
	onChange: (value: string) => void,
): HTMLElement {
	const dropdown = document.createElement('vscode-dropdown');
	dropdown.setAttribute('aria-label', label);
	dropdown.title = label;
	for (const [optionValue, optionLabel] of options) {
		const option = document.createElement('vscode-option');
		option.setAttribute('value', optionValue);
		option.textContent = optionLabel;
		if (optionValue === value) {
			option.setAttribute('selected', '');
		}
		dropdown.appendChild(option);
	}
	dropdown.addEventListener('change', () => onChange(readValue(dropdown) ?? value));
	return dropdown;
}

/** A small numeric text field; `onCommit` gets the number when the user presses Enter or leaves it. */
export function makeNumberField(
	label: string,
	value: number,
	onCommit: (value: number) => void,
	title?: string,
): HTMLElement {
	const field = document.createElement('vscode-text-field');
	field.setAttribute('aria-label', label);
	field.setAttribute('size', '4');
	field.setAttribute('value', String(value));
	field.title = title ?? label;
	const caption = document.createElement('span');
	caption.textContent = label;
	field.appendChild(caption);
	let committed = value;
	// Enter and the change event both commit; report each new value once.
	const commit = (): void => {
		const parsed = Number(readValue(field));
		if (Number.isFinite(parsed) && parsed !== committed) {
			committed = parsed;
			onCommit(parsed);
		}
	};
	field.addEventListener('change', commit);
	field.addEventListener('keydown', (event) => {
		if (event.key === 'Enter') {
			commit();
		}
	});
	return field;
}

/** Sets the value shown by a dropdown or text field made here. */
export function setControlValue(control: HTMLElement, value: string): void {
	if ('value' in control) {
		(control as HTMLInputElement).value = value;
	}
}

function readValue(control: HTMLElement): string | undefined {
	return 'value' in control ? String((control as HTMLInputElement).value) : undefined;
}
