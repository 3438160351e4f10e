import type { ChainView, TreeNodeView } from '../src/shared/protocol';

/** The selected thought's text and figures. Text is set with `textContent` only, never parsed as HTML. */
export class DetailPane {
	private readonly root: HTMLElement;
	private readonly heading: HTMLElement;
	private readonly meta: HTMLElement;
	private readonly body: HTMLElement;

	constructor(container: HTMLElement) {
		this.root = el('section', 'detail');
		this.root.setAttribute('aria-live', 'polite');
		this.heading = el('h2', 'detail-heading');
		this.meta = el('div', 'detail-meta');
		this.body = el('pre', 'detail-text');
		this.root.append(this.heading, this.meta, this.body);
		container.appendChild(this.root);
		this.show(undefined, undefined);
	}

	show(chain: ChainView | undefined, node: TreeNodeView | undefined): void {
		if (chain === undefined || node === undefined) {
			this.root.classList.add('empty');
			this.heading.textContent = 'No thought selected';
			this.meta.textContent = 'Click a node in the tree, or use the arrow keys, to read its text.';
			this.body.textContent = '';
			return;
		}
		this.root.classList.remove('empty');
		const tokens = node.tokenEnd - node.tokenStart;
		this.heading.textContent = node.role === 'problem' ? 'Problem' : `Thought ${node.index + 1} of ${chain.nodes.length - 1}`;
		this.meta.textContent =
			node.role === 'problem'
				? [chain.model, chain.benchmark].filter((s) => s !== undefined).join(' · ')
				: `${node.role} · ${node.usefulness} · ~${tokens} tokens (${node.tokenStart}–${node.tokenEnd})${node.reason !== undefined ? ` · ${node.reason}` : ''}`;
		this.body.textContent = node.text;
	}
}

/** Creates an element with a class; content is added by callers through `textContent`. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
	const node = document.createElement(tag);
	node.className = className;
	return node;
}
