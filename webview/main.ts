import './styles.css';
import type { ChainView, HostToWebview, ViewState } from '../src/shared/protocol';
import { DetailPane, el } from './detailPane';
import { HostClient } from './hostClient';
import { ChainStore } from './store';
import { TreeView } from './treeView';
import { makeBadge, makeButton, makeProgressRing, registerToolkit } from './ui/toolkit';

registerToolkit();

const app = document.getElementById('app') as HTMLElement;
const host = new HostClient();
const store = new ChainStore();

const header = el('header', 'chain-header');
const message = el('div', 'message');
const treeHost = el('div', 'tree-host');
app.append(header, message, treeHost);

const detail = new DetailPane(app);
const tree = new TreeView(treeHost, {
	onSelect: (nodeId) => {
		host.saveUiState({ selectedNodeId: nodeId });
		host.post({ type: 'selectNode', nodeId });
		const chain = currentChain();
		detail.show(chain, chain?.nodes.find((n) => n.id === nodeId));
	},
	onZoom: (zoom) => host.saveUiState({ zoom }),
});

function currentChain(): ChainView | undefined {
	const state = store.current();
	return state.kind === 'chain' ? state.chain : undefined;
}

function renderHeader(chain: ChainView): void {
	const title = el('div', 'chain-title');
	title.textContent = chain.title;
	const figures = el('div', 'chain-figures');
	const thoughts = chain.nodes.length - 1;
	figures.append(
		makeBadge(`${thoughts} thoughts`),
		document.createTextNode(` ~${chain.thinkingTokens} thinking tokens · ${chain.status}`),
	);
	if (chain.finalAnswer !== undefined) {
		figures.append(document.createTextNode(` · answer ${chain.finalAnswer}`));
	}
	const meta = el('div', 'chain-meta');
	meta.textContent = [chain.model, chain.benchmark, chain.source !== undefined ? `trace: ${chain.source}` : undefined]
		.filter((s) => s !== undefined)
		.join(' · ');
	const actions = el('div', 'chain-actions');
	actions.append(makeButton('Fit', 'screen-full', () => tree.fit(), 'icon'));
	header.replaceChildren(title, figures, meta, actions);
}

function renderState(state: ViewState): void {
	app.dataset.state = state.kind;
	message.replaceChildren();
	if (state.kind === 'chain') {
		renderHeader(state.chain);
		const ui = host.uiState();
		const sameRun = ui.runId === state.chain.runId;
		tree.render(state.chain.nodes);
		if (sameRun && ui.zoom !== null) {
			tree.setZoom(ui.zoom);
		} else {
			tree.fit();
		}
		const selected = sameRun ? ui.selectedNodeId : null;
		host.saveUiState({ runId: state.chain.runId, selectedNodeId: selected });
		tree.select(selected);
		return;
	}
	header.replaceChildren();
	tree.render([]);
	detail.show(undefined, undefined);
	if (state.kind === 'empty') {
		const text = el('p', 'message-text');
		text.textContent = 'No reasoning chain yet. Open a recorded sample trace to see its thoughts as a tree.';
		message.append(text, makeButton('Open Sample Trace', 'file-code', () => host.post({ type: 'runCommand', command: 'openSampleTrace' }), 'primary'));
	} else if (state.kind === 'loading') {
		const text = el('p', 'message-text');
		text.textContent = state.message;
		message.append(makeProgressRing(), text);
	} else {
		const text = el('p', 'message-text error');
		text.textContent = state.message;
		message.append(text);
	}
}

function onHostMessage(msg: HostToWebview): void {
	const change = store.apply(msg);
	if (change === undefined) {
		return;
	}
	if (change.kind === 'resync') {
		host.post({ type: 'requestSnapshot', lastSeq: change.lastSeq });
	} else if (change.kind === 'reset') {
		renderState(change.state);
	} else {
		renderHeader(change.chain);
		tree.render(change.chain.nodes);
		const selected = tree.selected();
		detail.show(change.chain, change.chain.nodes.find((n) => n.id === selected));
	}
}

renderState(store.current());
host.connect(onHostMessage);
