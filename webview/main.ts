import './styles.css';
import type { ChainView, HostToWebview, PolicyName, ViewState } from '../src/shared/protocol';
import type { ErrorAction } from '../src/shared/userError';
import { el, DetailPane } from './detailPane';
import { errorView } from './errorView';
import { cutOf } from './format';
import { ChainHeader } from './header';
import { detectHost, HostClient } from './hostClient';
import { FrameCoalescer } from './patchCoalescer';
import { collapseRuns, redundantRuns, type RedundantRun, type VisibleTree } from './redundantRuns';
import { ChainStore, type PatchSummary } from './store';
import { makeLegend } from './legend';
import { serializeTree } from './svgExport';
import { Timeline } from './timeline';
import { TreeView, type RunHeads } from './treeView';
import { makeButton, makeProgressRing, registerToolkit } from './ui/toolkit';

registerToolkit();

const app = document.getElementById('app') ?? document.body.appendChild(el('div', 'app'));
// One landmark holds the whole view, so assistive technology can jump to it (axe: region, landmark-one-main).
app.setAttribute('role', 'main');
const host = new HostClient(detectHost());
const store = new ChainStore();
let shownPolicy: PolicyName = 'trimr';
let collapsed = new Set<string>();
let runs: RedundantRun[] = [];
let visible: VisibleTree = { nodes: [], hiddenBy: new Map(), collapsedCounts: new Map() };
let zoomSaveTimer: ReturnType<typeof setTimeout> | undefined;

// A failure's buttons ask the host to act; an exported page has no host to ask.
const onErrorAction = host.standalone
	? undefined
	: (action: ErrorAction) => host.post({ type: 'errorAction', action });

const header = new ChainHeader(
	app,
	{
		onShowPolicy: (policy) => {
			shownPolicy = policy;
			host.saveUiState({ shownPolicy: policy });
			redrawMarks();
		},
		onOptions: (options) => host.post({ type: 'setOptions', options }),
		onFit: () => tree.fit(),
		onToggleRuns: () => {
			collapsed = collapsed.size > 0 ? new Set() : new Set(runs.map((r) => r.id));
			applyCollapse();
		},
		onExportSvg: () => host.post({ type: 'runCommand', command: 'exportSvg' }),
		onExportHtml: () => host.post({ type: 'runCommand', command: 'exportHtml' }),
		onReplay: () => host.post({ type: 'runCommand', command: 'replay' }),
		// The side bar offers the editor area; the editor page and a standalone file do not.
		onOpenInEditor:
			host.standalone || app.dataset.surface === 'editor'
				? undefined
				: () => host.post({ type: 'runCommand', command: 'openInEditor' }),
		onReanalyze: () => host.post({ type: 'runCommand', command: 'reanalyze' }),
		onErrorAction,
	},
	host.standalone,
);
const message = el('div', 'message');
message.setAttribute('role', 'status');
const treeHost = el('div', 'tree-host');
app.append(message, makeLegend(), treeHost);

const tree = new TreeView(treeHost, {
	onSelect: (nodeId) => {
		host.saveUiState({ selectedNodeId: nodeId });
		host.post({ type: 'selectNode', nodeId });
		timeline.select(nodeId);
		detail.show(store.currentChain(), store.node(nodeId), shownPolicy);
	},
	onOpen: () => detail.open(),
	onHover: (nodeId) => timeline.highlight(nodeId),
	onZoom: (zoom) => {
		clearTimeout(zoomSaveTimer);
		zoomSaveTimer = setTimeout(() => host.saveUiState({ zoom }), 150);
	},
	onToggleRun: (runId) => {
		if (!collapsed.delete(runId)) {
			collapsed.add(runId);
		}
		applyCollapse();
	},
});
const timeline = new Timeline(app, {
	onHover: (nodeId) =>
		tree.highlight(nodeId === null ? null : (visible.hiddenBy.get(nodeId) ?? nodeId)),
	onSelect: (nodeId) => tree.select(visible.hiddenBy.get(nodeId) ?? nodeId, true),
});
const detail = new DetailPane(
	app,
	host.standalone ? undefined : () => host.post({ type: 'runCommand', command: 'whatIf' }),
);

function runHeads(): RunHeads {
	return new Map(
		runs.map((run) => [run.id, { count: run.count, collapsed: collapsed.has(run.id) }]),
	);
}

function recomputeVisible(chain: ChainView): void {
	runs = redundantRuns(chain.nodes);
	visible = collapseRuns(chain.nodes, runs, collapsed);
}

function renderHeader(chain: ChainView): void {
	header.render(chain, shownPolicy, { count: runs.length, collapsed: collapsed.size > 0 });
}

function redrawMarks(): void {
	const chain = store.currentChain();
	if (chain !== undefined) {
		tree.setCut(cutOf(chain, shownPolicy));
		timeline.setPolicy(shownPolicy);
		renderHeader(chain);
		detail.show(chain, store.node(tree.selected()), shownPolicy);
	}
}

function applyCollapse(): void {
	const chain = store.currentChain();
	if (chain === undefined) {
		return;
	}
	host.saveUiState({ collapsedRuns: [...collapsed] });
	recomputeVisible(chain);
	tree.sync(visible, runHeads(), new Set(), true, true);
	renderHeader(chain);
}

function renderChain(chain: ChainView): void {
	const ui = host.uiState();
	const sameRun = ui.runId === chain.runId;
	shownPolicy = sameRun && ui.shownPolicy !== null ? ui.shownPolicy : chain.figures.policy;
	collapsed = new Set(sameRun ? ui.collapsedRuns : []);
	recomputeVisible(chain);
	tree.sync(visible, runHeads(), new Set(), true, false);
	tree.setCut(cutOf(chain, shownPolicy));
	timeline.render(chain, shownPolicy);
	renderHeader(chain);
	if (sameRun && ui.zoom !== null) {
		tree.setZoom(ui.zoom);
	} else {
		tree.home();
	}
	host.saveUiState({
		runId: chain.runId,
		shownPolicy: sameRun ? ui.shownPolicy : null,
		collapsedRuns: [...collapsed],
	});
	tree.select(sameRun ? ui.selectedNodeId : null, sameRun && ui.zoom === null);
}

function renderState(state: ViewState): void {
	app.dataset.state = state.kind;
	app.dataset.status = state.kind === 'chain' ? state.chain.status : '';
	message.replaceChildren();
	if (state.kind === 'chain') {
		renderChain(state.chain);
		return;
	}
	header.clear();
	visible = { nodes: [], hiddenBy: new Map(), collapsedCounts: new Map() };
	tree.sync(visible, new Map(), new Set(), true, false);
	timeline.render(undefined, shownPolicy);
	detail.show(undefined, undefined, shownPolicy);
	if (state.kind === 'error') {
		message.append(errorView(state.message, state.actions, onErrorAction));
		return;
	}
	const text = el('p', 'message-text');
	if (state.kind === 'empty') {
		text.textContent = host.standalone
			? 'This file holds no reasoning chain.'
			: 'No reasoning chain yet. Open a recorded sample trace to see its thoughts as a tree: ' +
				'which moved the solution forward, which only re-checked it, and where TrimR would cut.';
		message.append(text);
		if (!host.standalone) {
			message.append(
				makeButton(
					'Open Sample Trace',
					'file-code',
					() => host.post({ type: 'runCommand', command: 'openSampleTrace' }),
					'primary',
				),
			);
		}
	} else {
		text.textContent = state.message;
		message.append(makeProgressRing(), text);
	}
}

function applyPatch(chain: ChainView, summary: PatchSummary): void {
	app.dataset.status = chain.status;
	if (summary.structural || summary.verdicts) {
		// Verdicts can start, grow or end redundant runs, which collapsing may turn into shape changes.
		recomputeVisible(chain);
		tree.sync(visible, runHeads(), summary.updated, summary.structural || collapsed.size > 0, true);
	} else if (summary.updated.size > 0) {
		// Growing text and token counts: restyle just those nodes.
		tree.refresh([...summary.updated].flatMap((id) => store.node(id) ?? []));
	}
	if (summary.marks) {
		tree.setCut(cutOf(chain, shownPolicy));
	}
	timeline.update(chain, summary.added, summary.updated, (id) => store.node(id));
	renderHeader(chain);
	const selected = tree.selected();
	if (selected !== null && summary.updated.has(selected)) {
		detail.show(chain, store.node(selected), shownPolicy);
	}
	if (chain.status === 'streaming' && summary.added.length > 0) {
		tree.follow();
	}
}

/** Patches are applied as they come and drawn once per frame, however many arrive in between. */
const coalescer = new FrameCoalescer(
	(chain, summary) =>
		applyPatch(chain, { ...summary, added: summary.added.map((n) => store.node(n.id) ?? n) }),
	(draw) => requestAnimationFrame(draw),
);

function onHostMessage(msg: HostToWebview): void {
	if (msg.type === 'exportSvg') {
		coalescer.flush();
		host.post({
			type: 'svgExport',
			requestId: msg.requestId,
			svg: tree.withEverything(() => serializeTree(tree.svgElement)),
		});
		return;
	}
	const change = store.apply(msg);
	if (change === undefined) {
		return;
	}
	if (change.kind === 'resync') {
		host.post({ type: 'requestSnapshot', lastSeq: change.lastSeq });
	} else if (change.kind === 'reset') {
		coalescer.drop();
		renderState(change.state);
	} else {
		coalescer.push(change.chain, change.summary);
	}
}

renderState(store.current());
host.connect(onHostMessage);
