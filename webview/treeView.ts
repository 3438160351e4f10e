import type { CutView, TreeNodeView } from '../src/shared/protocol';
import { drawCutBoundary } from './cutBoundary';
import { DrawnNodes } from './drawnNodes';
import { DRAW_ALL_UP_TO, nodesByDistance, wholeTreeFrame } from './levelOfDetail';
import type { VisibleTree } from './redundantRuns';
import { navigate } from './treeKeys';
import { layoutTree, type Point, type TreeLayout } from './treeLayout';
import type { NodeLook } from './treeNodes';
import { TreeLabels, type LabelFrame } from './treeLabels';
import { bindTreeInput } from './treePointer';
import { TreeZoom, type ZoomState } from './treeZoom';

export type { ZoomState } from './treeZoom';

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface TreeViewEvents {
	onSelect(nodeId: string | null): void;
	/** Enter on a node: open its details. */
	onOpen(nodeId: string): void;
	onHover(nodeId: string | null): void;
	/** The user zoomed or panned. */
	onZoom(state: ZoomState): void;
	/** The user asked to collapse or expand the redundant run starting at `runId`. */
	onToggleRun(runId: string): void;
}

/** Redundant runs as the tree shows them: run id → [thoughts in the run, collapsed?]. */
export type RunHeads = ReadonlyMap<string, { readonly count: number; readonly collapsed: boolean }>;

/**
 * The d3 tree: `g.node[data-id]` per thought (shape = role, colour class = verdict, size = tokens),
 * links, the cut boundary, zoom and pan, click/hover/keyboard. The whole tree is laid out (d3-hierarchy),
 * but in a large tree only nodes in or near the view have elements, so a 2,000-thought chain costs the
 * DOM of a screenful; panning and zooming bring the others in. `sync` and `refresh` touch only what changed. Model text only
 * ever goes in through `textContent`.
 */
export class TreeView {
	readonly svgElement: SVGSVGElement;
	private readonly viewport: SVGGElement;
	private readonly markLayer: SVGGElement;
	private readonly nodeLayer: SVGGElement;
	private readonly zoom: TreeZoom;
	/** Every node of the drawn tree (parents remapped past collapsed runs), and the drawn ones. */
	private data = new Map<string, TreeNodeView>();
	private nodes: readonly TreeNodeView[] = [];
	private readonly drawn: DrawnNodes;
	private order: string[] = [];
	private layout: TreeLayout = layoutTree([]);
	private selectedId: string | null = null;
	private hoveredId: string | null = null;
	private cut: CutView | undefined;
	private runs: RunHeads = new Map();
	private readonly labels: TreeLabels;
	private everything = false;
	private viewportFrame = 0;
	/** Where the cut's ✂ marks sit (tree units): labels keep clear of them. */
	private cutMarks: readonly Point[] = [];

	constructor(
		container: HTMLElement,
		private readonly events: TreeViewEvents,
	) {
		this.svgElement = document.createElementNS(SVG_NS, 'svg');
		this.svgElement.classList.add('tree');
		this.svgElement.setAttribute('tabindex', '0');
		this.svgElement.setAttribute('role', 'tree');
		this.svgElement.setAttribute(
			'aria-label',
			'Reasoning tree: arrow keys move between thoughts, Enter opens details',
		);
		container.appendChild(this.svgElement);
		this.viewport = this.layer(this.svgElement, 'viewport');
		const linkLayer = this.layer(this.viewport, 'links');
		this.markLayer = this.layer(this.viewport, 'marks');
		this.nodeLayer = this.layer(this.viewport, 'nodes');
		this.drawn = new DrawnNodes(this.nodeLayer, linkLayer, {
			node: (id) => this.data.get(id),
			look: (node) => this.look(node),
			positions: () => this.layout.positions,
		});
		this.labels = new TreeLabels(this.svgElement);
		this.zoom = new TreeZoom(
			this.svgElement,
			(transform, byUser) => {
				this.viewport.setAttribute('transform', transform.toString());
				this.scheduleViewport();
				if (byUser) {
					this.events.onZoom({ x: transform.x, y: transform.y, k: transform.k });
				}
			},
			() => this.scheduleViewport(),
		);
		bindTreeInput(
			this.svgElement,
			this.nodeLayer,
			{
				selected: () => this.selectedId,
				hovered: () => this.hoveredId,
				isRunHead: (id) => this.runs.has(id),
				select: (id, reveal) => this.select(id, reveal),
				highlight: (id) => this.highlight(id),
				navigate: (key) =>
					navigate(key, this.selectedId, {
						order: this.order,
						positions: this.layout.positions,
						parentOf: (id) => this.data.get(id)?.parentId ?? null,
					}),
			},
			events,
		);
	}

	/**
	 * Brings the drawing in line with `visible`. `updated` names nodes whose data changed; `structural`
	 * says nodes were added, removed or moved, so the layout is redone (once per frame at most).
	 */
	sync(
		visible: VisibleTree,
		runs: RunHeads,
		updated: ReadonlySet<string>,
		structural: boolean,
		animate: boolean,
	): void {
		const previousRuns = this.runs;
		this.runs = runs;
		// Same nodes in the same order (no collapsed run), changed data: O(changed), no rebuild of the index.
		// Without collapsed runs, thought tN sits at position N + 1 (the problem is first).
		const inPlace =
			!structural &&
			visible.nodes === this.nodes &&
			visible.nodes.length === this.order.length &&
			[...updated].every((id) => visible.nodes[Number(id.slice(1)) + 1]?.id === id);
		if (inPlace) {
			for (const id of updated) {
				const node = visible.nodes[Number(id.slice(1)) + 1];
				if (node !== undefined) {
					this.data.set(id, node);
				}
			}
		} else {
			this.data = new Map(visible.nodes.map((n) => [n.id, n]));
			this.order = visible.nodes.map((n) => n.id);
		}
		this.nodes = visible.nodes;
		this.drawn.sync((id) => previousRuns.get(id) !== runs.get(id));
		if (structural) {
			this.relayout(animate);
		}
		if (this.selectedId !== null && !this.data.has(this.selectedId)) {
			this.select(visible.hiddenBy.get(this.selectedId) ?? null);
		}
		this.updateViewport(animate);
	}

	/** Restyles nodes whose data changed without changing the tree's shape (text, tokens): O(changed). */
	refresh(nodes: readonly TreeNodeView[]): void {
		for (const node of nodes) {
			const drawn = this.data.get(node.id);
			if (drawn === undefined) {
				continue;
			}
			// Keep the drawn parent: a collapsed run may hang this node under the run's first thought.
			const next = node.parentId === drawn.parentId ? node : { ...node, parentId: drawn.parentId };
			this.data.set(node.id, next);
			this.drawn.update(next);
		}
		// A growing thought's label grows too: re-place labels once per frame.
		this.scheduleViewport();
	}

	/** Shows `cut` as the kept/trimmed boundary (undefined: no cut). */
	setCut(cut: CutView | undefined): void {
		this.cut = cut;
		this.drawn.restyleAll();
		this.drawMarks();
		this.relabel();
	}

	/** Selects a node (or none), highlights it and tells the listener; `reveal` pans to it. */
	select(nodeId: string | null, reveal = false): void {
		const previous = this.selectedId;
		this.selectedId = nodeId !== null && this.data.has(nodeId) ? nodeId : null;
		this.drawn.restyleId(previous);
		if (this.selectedId !== null) {
			this.drawn.materialize(this.selectedId);
			this.drawn.restyleId(this.selectedId);
			this.svgElement.setAttribute('aria-activedescendant', `node-${this.selectedId}`);
			if (reveal) {
				this.reveal(this.selectedId);
			}
		} else {
			this.svgElement.removeAttribute('aria-activedescendant');
		}
		this.relabel();
		this.events.onSelect(this.selectedId);
	}

	selected(): string | null {
		return this.selectedId;
	}

	/** Highlights `nodeId` (hover in the timeline). */
	highlight(nodeId: string | null): void {
		const previous = this.hoveredId;
		this.hoveredId = nodeId;
		this.drawn.restyleId(previous);
		this.drawn.restyleId(nodeId);
		if (previous !== nodeId) {
			this.relabel();
		}
	}

	/** Restores a saved zoom. */
	setZoom(state: ZoomState): void {
		this.zoom.restore(state);
		this.updateViewport(false);
	}

	/** Scales and centres the whole tree in the view. */
	fit(): void {
		this.zoom.fit(this.layout);
		this.updateViewport(false);
	}

	/** The first view of a chain: readable scale, top-aligned, the problem centred. */
	home(): void {
		this.zoom.home(this.layout);
		this.updateViewport(false);
	}

	/** While streaming and the user has not moved the view, keeps the newest thought in sight. */
	follow(): void {
		const last = this.order.at(-1);
		if (!this.zoom.userMoved && last !== undefined) {
			this.reveal(last);
		}
	}

	/** Runs `action` with every node drawn and labelled (for the SVG export), then back to the view. */
	withEverything<T>(action: () => T): T {
		this.everything = true;
		this.updateViewport(false);
		try {
			return action();
		} finally {
			this.everything = false;
			this.updateViewport(false);
		}
	}

	private look(node: TreeNodeView): NodeLook {
		return {
			selected: node.id === this.selectedId,
			hovered: node.id === this.hoveredId,
			trimmed: this.cut !== undefined && node.index > this.cut.thought,
			run: this.runs.get(node.id),
		};
	}

	private relayout(animate: boolean): void {
		const previous = this.layout.positions;
		this.layout = layoutTree(this.nodes);
		this.drawn.relayout(previous, animate);
		this.drawMarks();
	}

	private scheduleViewport(): void {
		if (this.viewportFrame === 0) {
			this.viewportFrame = requestAnimationFrame(() => {
				this.viewportFrame = 0;
				this.updateViewport(false);
			});
		}
	}

	/**
	 * Level of detail: nodes within a screen of the view have elements, nodes beyond two screens lose
	 * them (the selected one stays); then the labels are placed for the view (semantic zoom).
	 */
	private updateViewport(entering: boolean): void {
		const drawAll = this.everything || this.nodes.length <= DRAW_ALL_UP_TO;
		const { near, far } = nodesByDistance(this.layout.positions, this.viewFrame(), drawAll);
		for (const id of near) {
			this.drawn.materialize(id, entering);
		}
		for (const id of far.filter((id) => id !== this.selectedId)) {
			this.drawn.remove(id);
		}
		this.relabel();
	}

	/**
	 * Places the labels of the drawn nodes: for the view, or (SVG export) for the whole tree at scale 1,
	 * with the tree's bounds as the page.
	 */
	private relabel(): void {
		const focus = new Set([this.selectedId, this.hoveredId].filter((id) => id !== null));
		this.labels.update(
			this.drawn.els,
			this.layout.positions,
			this.everything ? wholeTreeFrame(this.layout) : this.viewFrame(),
			focus,
			this.runs,
			this.cutMarks,
		);
	}

	/** The view's zoom and size. */
	private viewFrame(): LabelFrame {
		const t = this.zoom.transform();
		return { x: t.x, y: t.y, k: t.k, ...this.zoom.size() };
	}

	private drawMarks(): void {
		this.cutMarks = drawCutBoundary(
			this.markLayer,
			this.cut,
			this.order,
			(id) => this.data.get(id),
			this.layout.positions,
			(node) => this.cut !== undefined && node.index > this.cut.thought,
		);
	}

	private reveal(nodeId: string): void {
		const p = this.layout.positions.get(nodeId);
		if (p !== undefined) {
			this.zoom.reveal(p);
		}
	}

	private layer(parent: Element, className: string): SVGGElement {
		const g = document.createElementNS(SVG_NS, 'g');
		g.setAttribute('class', className);
		parent.appendChild(g);
		return g;
	}
}
