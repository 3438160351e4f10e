import type { CutView, TreeNodeView } from '../src/shared/protocol';
import { drawCutBoundary } from './cutBoundary';
import type { VisibleTree } from './redundantRuns';
import { navigate } from './treeKeys';
import { layoutTree, type Point, type TreeLayout } from './treeLayout';
import {
	createNode,
	placeNode,
	removeNode,
	styleNode,
	type NodeElements,
	type NodeLook,
} from './treeNodes';
import { TreeLabels } from './treeLabels';
import { bindTreeInput } from './treePointer';
import { TreeZoom, type ZoomState } from './treeZoom';

export type { ZoomState } from './treeZoom';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Above this many moved nodes a change is applied at once instead of animated. */
const MAX_ANIMATED = 80;
/** Trees up to this many nodes are drawn whole; larger ones only near the view. */
const DRAW_ALL_UP_TO = 400;

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
	private readonly linkLayer: SVGGElement;
	private readonly markLayer: SVGGElement;
	private readonly nodeLayer: SVGGElement;
	private readonly zoom: TreeZoom;
	/** Every node of the drawn tree (parents remapped past collapsed runs), and the drawn ones. */
	private data = new Map<string, TreeNodeView>();
	private nodes: readonly TreeNodeView[] = [];
	private readonly els = new Map<string, NodeElements>();
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
		this.linkLayer = this.layer(this.viewport, 'links');
		this.markLayer = this.layer(this.viewport, 'marks');
		this.nodeLayer = this.layer(this.viewport, 'nodes');
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
		for (const [id, el] of this.els) {
			const node = this.data.get(id);
			if (node === undefined) {
				removeNode(el);
				this.els.delete(id);
			} else if (node !== el.node || previousRuns.get(id) !== runs.get(id)) {
				// A new data object means changed data (the store replaces only what a patch touches, and a
				// snapshot of another chain replaces all): restyle, so no label of a previous chain survives.
				el.node = node;
				this.style(el);
			}
		}
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
			const el = this.els.get(node.id);
			if (el !== undefined) {
				el.node = next;
				this.style(el);
			}
		}
		// A growing thought's label grows too: re-place labels once per frame.
		this.scheduleViewport();
	}

	/** Shows `cut` as the kept/trimmed boundary (undefined: no cut). */
	setCut(cut: CutView | undefined): void {
		this.cut = cut;
		for (const el of this.els.values()) {
			this.style(el);
		}
		this.drawMarks();
		this.relabel();
	}

	/** Selects a node (or none), highlights it and tells the listener; `reveal` pans to it. */
	select(nodeId: string | null, reveal = false): void {
		const previous = this.selectedId;
		this.selectedId = nodeId !== null && this.data.has(nodeId) ? nodeId : null;
		this.restyleId(previous);
		if (this.selectedId !== null) {
			this.materialize(this.selectedId);
			this.restyleId(this.selectedId);
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
		this.restyleId(previous);
		this.restyleId(nodeId);
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

	private style(el: NodeElements): void {
		styleNode(el, this.look(el.node));
	}

	private restyleId(id: string | null): void {
		const el = id === null ? undefined : this.els.get(id);
		if (el !== undefined) {
			this.style(el);
		}
	}

	private relayout(animate: boolean): void {
		const previous = this.layout.positions;
		this.layout = layoutTree(this.nodes);
		const moved: NodeElements[] = [];
		for (const el of this.els.values()) {
			const p = this.layout.positions.get(el.node.id);
			const before = previous.get(el.node.id);
			if (
				p !== undefined &&
				(before === undefined ||
					before.x !== p.x ||
					before.y !== p.y ||
					el.link?.dataset.parent !== (el.node.parentId ?? ''))
			) {
				moved.push(el);
			}
		}
		const tween = animate && moved.length <= MAX_ANIMATED;
		for (const el of moved) {
			this.place(el, tween && previous.has(el.node.id));
		}
		this.drawMarks();
	}

	private place(el: NodeElements, tween: boolean): void {
		const at = this.layout.positions.get(el.node.id);
		if (at === undefined) {
			return;
		}
		if (el.link !== undefined) {
			el.link.dataset.parent = el.node.parentId ?? '';
		}
		placeNode(
			el,
			at,
			el.node.parentId === null ? undefined : this.layout.positions.get(el.node.parentId),
			tween,
		);
	}

	/** Draws `id` now if it has no elements yet (selection, keyboard). */
	private materialize(id: string, entering = false): NodeElements | undefined {
		const existing = this.els.get(id);
		const node = this.data.get(id);
		if (existing !== undefined || node === undefined) {
			return existing;
		}
		const el = createNode(node, this.nodeLayer, this.linkLayer, entering);
		this.els.set(id, el);
		this.style(el);
		this.place(el, false);
		return el;
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
		const t = this.zoom.transform();
		const { width, height } = this.zoom.size();
		const [x0, x1] = [-t.x / t.k, (width - t.x) / t.k];
		const [y0, y1] = [-t.y / t.k, (height - t.y) / t.k];
		const [mx, my] = [x1 - x0 + 300 / t.k, y1 - y0];
		for (const [id, p] of this.layout.positions) {
			const dx = p.x < x0 ? x0 - p.x : p.x > x1 ? p.x - x1 : 0;
			const dy = p.y < y0 ? y0 - p.y : p.y > y1 ? p.y - y1 : 0;
			const near = this.everything || this.nodes.length <= DRAW_ALL_UP_TO || (dx <= mx && dy <= my);
			const el = this.els.get(id);
			if (near && el === undefined) {
				this.materialize(id, entering);
			} else if (
				!near &&
				el !== undefined &&
				id !== this.selectedId &&
				(dx > 2 * mx || dy > 2 * my)
			) {
				removeNode(el);
				this.els.delete(id);
			}
		}
		this.relabel();
	}

	/**
	 * Places the labels of the drawn nodes: for the view, or (SVG export) for the whole tree at scale 1,
	 * with the tree's bounds as the page.
	 */
	private relabel(): void {
		const focus = new Set([this.selectedId, this.hoveredId].filter((id) => id !== null));
		if (this.everything) {
			const { minX, maxX, maxY } = this.layout;
			const margin = 40;
			const frame = {
				x: margin - minX,
				y: margin,
				k: 1,
				width: maxX - minX + 2 * margin + 400,
				height: maxY + 2 * margin,
			};
			this.labels.update(this.els, this.layout.positions, frame, focus, this.runs, this.cutMarks);
			return;
		}
		const t = this.zoom.transform();
		this.labels.update(
			this.els,
			this.layout.positions,
			{ x: t.x, y: t.y, k: t.k, ...this.zoom.size() },
			focus,
			this.runs,
			this.cutMarks,
		);
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
