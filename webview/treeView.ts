import { select, type Selection } from 'd3-selection';
import { symbol, symbolCircle, symbolDiamond, symbolSquare, symbolStar, symbolTriangle, symbolWye, type SymbolType } from 'd3-shape';
import 'd3-transition';
import { zoom, zoomIdentity, zoomTransform, type D3ZoomEvent, type ZoomBehavior } from 'd3-zoom';
import type { CutView, NodeRole, TreeNodeView } from '../src/shared/protocol';
import { drawCutBoundary } from './cutBoundary';
import { ROLE_LABELS, VERDICT_LABELS } from './format';
import type { VisibleTree } from './redundantRuns';
import { navigate } from './treeKeys';
import { layoutTree, nodeLabel, nodeRadius, type Point, type TreeLayout } from './treeLayout';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Above this many moved nodes a change is applied at once instead of animated. */
const MAX_ANIMATED = 80;
/** Below this zoom level labels are hidden (level of detail). */
const LABEL_MIN_ZOOM = 0.45;

const ROLE_SYMBOL: Record<NodeRole, SymbolType> = {
	problem: symbolSquare,
	progress: symbolCircle,
	verification: symbolDiamond,
	alternative: symbolTriangle,
	backtrack: symbolWye,
	conclusion: symbolStar,
};

export interface ZoomState {
	readonly x: number;
	readonly y: number;
	readonly k: number;
}

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

interface NodeElements {
	readonly g: SVGGElement;
	readonly shape: SVGPathElement;
	/** Created when the node first comes into view (level of detail). */
	label: SVGTextElement | undefined;
	readonly link: SVGPathElement | undefined;
	node: TreeNodeView;
	shapeKey: string;
	toggle: SVGTextElement | undefined;
	/** A d3 transition may be running on the node or its link. */
	tweening: boolean;
}

/** Redundant runs as the tree shows them: run id → [thoughts in the run, collapsed?]. */
export type RunHeads = ReadonlyMap<string, { readonly count: number; readonly collapsed: boolean }>;

/**
 * The d3 tree: one `g.node[data-id]` per visible thought (shape = role, colour class = verdict, size =
 * tokens), links, the cut boundary, zoom and pan, click/hover/keyboard. `sync` touches only what
 * changed: new nodes are created, changed nodes restyled, moved nodes moved. Model text only ever goes
 * in through `textContent`.
 */
export class TreeView {
	readonly svgElement: SVGSVGElement;
	private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
	private readonly viewport: SVGGElement;
	private readonly linkLayer: SVGGElement;
	private readonly nodeLayer: SVGGElement;
	private readonly markLayer: SVGGElement;
	private readonly zoomBehavior: ZoomBehavior<SVGSVGElement, unknown>;
	private readonly els = new Map<string, NodeElements>();
	private order: string[] = [];
	private layout: TreeLayout = layoutTree([]);
	private selectedId: string | null = null;
	private hoveredId: string | null = null;
	private cut: CutView | undefined;
	private runs: RunHeads = new Map();
	private userMoved = false;
	/** The svg's size, kept by a ResizeObserver (reading clientWidth would force a layout). */
	private width = 0;
	private height = 0;
	/** Nodes whose label text is set: only those in or near the view (level of detail). */
	private readonly labelled = new Set<string>();
	private labelFrame = 0;

	constructor(
		container: HTMLElement,
		private readonly events: TreeViewEvents,
	) {
		this.svgElement = document.createElementNS(SVG_NS, 'svg');
		this.svgElement.classList.add('tree');
		this.svgElement.setAttribute('tabindex', '0');
		this.svgElement.setAttribute('role', 'tree');
		this.svgElement.setAttribute('aria-label', 'Reasoning tree: arrow keys move between thoughts, Enter opens details');
		container.appendChild(this.svgElement);
		this.svg = select(this.svgElement);
		this.viewport = this.layer(this.svgElement, 'viewport');
		this.linkLayer = this.layer(this.viewport, 'links');
		this.markLayer = this.layer(this.viewport, 'marks');
		this.nodeLayer = this.layer(this.viewport, 'nodes');
		this.zoomBehavior = zoom<SVGSVGElement, unknown>()
			.scaleExtent([0.03, 4])
			// The default extent reads the svg's size, which forces a layout on every zoom call.
			.extent(() => {
				const { width, height } = this.size();
				return [
					[0, 0],
					[width, height],
				];
			})
			.on('zoom', (event: D3ZoomEvent<SVGSVGElement, unknown>) => {
				this.viewport.setAttribute('transform', event.transform.toString());
				this.svgElement.classList.toggle('lod-far', event.transform.k < LABEL_MIN_ZOOM);
				this.scheduleLabels();
				if (event.sourceEvent !== null && event.sourceEvent !== undefined) {
					this.userMoved = true;
					this.events.onZoom({ x: event.transform.x, y: event.transform.y, k: event.transform.k });
				}
			});
		this.svg.call(this.zoomBehavior).on('dblclick.zoom', null);
		new ResizeObserver((entries) => {
			const box = entries[0]?.contentRect;
			if (box !== undefined) {
				this.width = box.width;
				this.height = box.height;
				this.scheduleLabels();
			}
		}).observe(this.svgElement);
		this.svgElement.addEventListener('keydown', (event) => this.onKey(event));
		this.nodeLayer.addEventListener('click', (event) => this.onClick(event));
		this.nodeLayer.addEventListener('mouseover', (event) => this.onHoverEvent(event));
		this.nodeLayer.addEventListener('mouseleave', () => this.events.onHover(null));
	}

	/**
	 * Brings the drawing in line with `visible`. `updated` names nodes whose data changed; `structural`
	 * says nodes were added, removed or moved, so the layout is redone (once per frame at most).
	 */
	sync(visible: VisibleTree, runs: RunHeads, updated: ReadonlySet<string>, structural: boolean, animate: boolean): void {
		const previousRuns = this.runs;
		this.runs = runs;
		const seen = new Set<string>();
		this.order = [];
		// Many new nodes (a snapshot): build them in detached layers, so the page restyles once.
		const bulk = visible.nodes.length - this.els.size > 100;
		if (bulk) {
			this.linkLayer.remove();
			this.nodeLayer.remove();
		}
		for (const node of visible.nodes) {
			seen.add(node.id);
			this.order.push(node.id);
			const existing = this.els.get(node.id);
			if (existing === undefined) {
				this.create(node, animate);
			} else if (updated.has(node.id) || existing.node.parentId !== node.parentId) {
				existing.node = node;
				this.restyle(existing);
			}
		}
		for (const [id, el] of this.els) {
			if (!seen.has(id)) {
				el.g.remove();
				el.link?.remove();
				this.els.delete(id);
				this.labelled.delete(id);
			}
		}
		for (const runId of new Set([...runs.keys(), ...previousRuns.keys()])) {
			const before = previousRuns.get(runId);
			const now = runs.get(runId);
			const el = this.els.get(runId);
			if (el !== undefined && (before?.count !== now?.count || before?.collapsed !== now?.collapsed)) {
				this.restyle(el);
			}
		}
		if (bulk) {
			this.viewport.insertBefore(this.linkLayer, this.markLayer);
			this.viewport.appendChild(this.nodeLayer);
		}
		if (structural) {
			this.relayout(visible.nodes, animate && !bulk);
		}
		this.scheduleLabels();
		if (this.selectedId !== null && !this.els.has(this.selectedId)) {
			this.select(visible.hiddenBy.get(this.selectedId) ?? null);
		}
	}

	/** Restyles nodes whose data changed without changing the tree's shape (text, tokens): O(changed). */
	refresh(nodes: readonly TreeNodeView[]): void {
		for (const node of nodes) {
			const el = this.els.get(node.id);
			if (el !== undefined) {
				// Keep the drawn parent: a collapsed run may hang this node under the run's first thought.
				el.node = node.parentId === el.node.parentId ? node : { ...node, parentId: el.node.parentId };
				this.restyle(el);
			}
		}
	}

	/** Shows `cut` as the kept/trimmed boundary (undefined: no cut). */
	setCut(cut: CutView | undefined): void {
		this.cut = cut;
		for (const el of this.els.values()) {
			el.g.classList.toggle('trimmed', this.isTrimmed(el.node));
			el.link?.classList.toggle('trimmed', this.isTrimmed(el.node));
		}
		this.drawMarks();
	}

	/** Selects a node (or none), highlights it and tells the listener. */
	select(nodeId: string | null, reveal = false): void {
		const previous = this.selectedId === null ? undefined : this.els.get(this.selectedId);
		previous?.g.classList.remove('selected');
		previous?.g.removeAttribute('aria-selected');
		this.selectedId = nodeId !== null && this.els.has(nodeId) ? nodeId : null;
		const next = this.selectedId === null ? undefined : this.els.get(this.selectedId);
		next?.g.classList.add('selected');
		// Only the active item needs its name and state: the tree points at it with aria-activedescendant.
		next?.g.setAttribute('aria-selected', 'true');
		next?.g.setAttribute('aria-label', next === undefined ? '' : ariaLabel(next.node));
		if (next !== undefined) {
			this.svgElement.setAttribute('aria-activedescendant', `node-${next.node.id}`);
			if (reveal) {
				this.reveal(next.node.id);
			}
		}
		this.events.onSelect(this.selectedId);
	}

	selected(): string | null {
		return this.selectedId;
	}

	/** Highlights `nodeId` (hover in the timeline). */
	highlight(nodeId: string | null): void {
		if (this.hoveredId !== null) {
			this.els.get(this.hoveredId)?.g.classList.remove('hovered');
		}
		this.hoveredId = nodeId;
		if (nodeId !== null) {
			this.els.get(nodeId)?.g.classList.add('hovered');
		}
	}

	/** Restores a saved zoom. */
	setZoom(state: ZoomState): void {
		this.userMoved = true;
		this.zoomBehavior.transform(this.svg, zoomIdentity.translate(state.x, state.y).scale(state.k));
	}

	/** Scales and centres the whole tree in the view. */
	fit(): void {
		const { width, height } = this.size();
		const w = this.layout.maxX - this.layout.minX + 320;
		const h = this.layout.maxY + 60;
		const k = Math.max(0.03, Math.min(1.2, width / w, height / h));
		const x = (width - (this.layout.maxX + this.layout.minX) * k) / 2 - 80 * k;
		this.zoomBehavior.transform(this.svg, zoomIdentity.translate(x, 24).scale(k));
		this.userMoved = false;
	}

	/** The first view of a chain: readable scale, top-aligned, the problem centred. */
	home(): void {
		const { width } = this.size();
		const k = Math.max(0.5, Math.min(1, width / (this.layout.maxX - this.layout.minX + 320)));
		this.zoomBehavior.transform(this.svg, zoomIdentity.translate(width / 2 - 60 * k, 24).scale(k));
		this.userMoved = false;
	}

	/** While streaming and the user has not moved the view, keeps the newest thought in sight. */
	follow(): void {
		const last = this.order.at(-1);
		if (!this.userMoved && last !== undefined) {
			this.reveal(last);
		}
	}

	private create(node: TreeNodeView, animate: boolean): void {
		const g = document.createElementNS(SVG_NS, 'g');
		g.setAttribute('role', 'treeitem');
		g.id = `node-${node.id}`;
		const shape = document.createElementNS(SVG_NS, 'path');
		shape.setAttribute('class', 'shape');
		g.append(shape);
		let link: SVGPathElement | undefined;
		if (node.parentId !== null) {
			link = document.createElementNS(SVG_NS, 'path');
			link.setAttribute('class', 'link');
			this.linkLayer.appendChild(link);
		}
		const el: NodeElements = { g, shape, label: undefined, link, node, shapeKey: '', toggle: undefined, tweening: false };
		this.els.set(node.id, el);
		this.restyle(el);
		if (animate) {
			g.classList.add('entering');
		}
		this.nodeLayer.appendChild(g);
	}

	private restyle(el: NodeElements): void {
		const { node } = el;
		const trimmed = this.isTrimmed(node);
		el.g.setAttribute(
			'class',
			`node role-${node.role} verdict-${node.usefulness}${trimmed ? ' trimmed' : ''}${node.streaming === true ? ' streaming' : ''}${node.id === this.selectedId ? ' selected' : ''}${node.id === this.hoveredId ? ' hovered' : ''}`,
		);
		el.link?.classList.toggle('trimmed', trimmed);
		el.g.dataset.id = node.id;
		el.g.dataset.index = String(node.index);
		if (node.id === this.selectedId) {
			el.g.setAttribute('aria-label', ariaLabel(node));
		}
		const r = nodeRadius(node);
		const shapeKey = `${node.role}:${r.toFixed(1)}`;
		if (shapeKey !== el.shapeKey) {
			el.shapeKey = shapeKey;
			el.shape.setAttribute('d', shapePath(node.role, r, shapeKey));
		}
		if (this.labelled.has(node.id)) {
			this.setLabel(el, nodeLabel(node));
		}
		this.updateToggle(el, r);
	}

	private updateToggle(el: NodeElements, r: number): void {
		const run = this.runs.get(el.node.id);
		if (run === undefined) {
			el.toggle?.remove();
			el.toggle = undefined;
			return;
		}
		if (el.toggle === undefined) {
			el.toggle = document.createElementNS(SVG_NS, 'text');
			el.toggle.setAttribute('class', 'run-toggle');
			el.toggle.setAttribute('dy', '1.6em');
			el.g.appendChild(el.toggle);
		}
		el.toggle.setAttribute('x', String(r + 6));
		el.toggle.textContent = run.collapsed ? `▸ ${run.count} redundant thoughts (expand)` : `▾ ${run.count} redundant in a row (collapse)`;
		el.g.classList.toggle('run-collapsed', run.collapsed);
	}

	private relayout(nodes: readonly TreeNodeView[], animate: boolean): void {
		const previous = this.layout.positions;
		this.layout = layoutTree(nodes);
		const moved: NodeElements[] = [];
		for (const [id, p] of this.layout.positions) {
			const el = this.els.get(id);
			const before = previous.get(id);
			if (el !== undefined && (before === undefined || before.x !== p.x || before.y !== p.y || el.link?.dataset.parent !== (el.node.parentId ?? ''))) {
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
		const p = this.layout.positions.get(el.node.id);
		if (p === undefined) {
			return;
		}
		const parent = el.node.parentId === null ? undefined : this.layout.positions.get(el.node.parentId);
		const transform = `translate(${p.x},${p.y})`;
		const path = parent === undefined ? '' : linkPath(parent, p);
		if (el.link !== undefined) {
			el.link.dataset.parent = el.node.parentId ?? '';
		}
		if (tween) {
			el.tweening = true;
			select(el.g).transition().duration(220).attr('transform', transform);
			if (el.link !== undefined) {
				select(el.link).transition().duration(220).attr('d', path);
			}
			return;
		}
		if (el.tweening) {
			el.tweening = false;
			select(el.g).interrupt();
			if (el.link !== undefined) {
				select(el.link).interrupt();
			}
		}
		el.g.setAttribute('transform', transform);
		el.link?.setAttribute('d', path);
	}

	/** Updates the labels once per frame after zoom, pan, resize or new nodes. */
	private scheduleLabels(): void {
		if (this.labelFrame === 0) {
			this.labelFrame = requestAnimationFrame(() => {
				this.labelFrame = 0;
				this.updateLabels();
			});
		}
	}

	/**
	 * Level of detail: only nodes inside the view (with a margin) carry label text, and none when zoomed
	 * far out. A 2,000-thought tree then lays out a few dozen text runs instead of 2,000.
	 */
	private updateLabels(all = false): void {
		const t = zoomTransform(this.svgElement);
		const { width, height } = this.size();
		const margin = 200 / t.k;
		const [x0, x1] = [-t.x / t.k - margin - 300, (width - t.x) / t.k + margin];
		const [y0, y1] = [-t.y / t.k - margin, (height - t.y) / t.k + margin];
		const show = all || t.k >= LABEL_MIN_ZOOM;
		for (const [id, p] of this.layout.positions) {
			const wanted = all || (show && p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1);
			const el = this.els.get(id);
			if (el === undefined || wanted === this.labelled.has(id)) {
				continue;
			}
			if (wanted) {
				this.labelled.add(id);
				this.setLabel(el, nodeLabel(el.node));
			} else {
				this.labelled.delete(id);
				this.setLabel(el, '');
			}
		}
	}

	private setLabel(el: NodeElements, text: string): void {
		if (el.label === undefined) {
			if (text === '') {
				return;
			}
			el.label = document.createElementNS(SVG_NS, 'text');
			el.label.setAttribute('class', 'label');
			el.label.setAttribute('dy', '0.35em');
			el.g.insertBefore(el.label, el.shape.nextSibling);
		}
		el.label.setAttribute('x', String(nodeRadius(el.node) + 6));
		el.label.textContent = text;
	}

	/** Runs `action` with every label filled in (for the SVG export), then back to the view's labels. */
	withAllLabels<T>(action: () => T): T {
		this.updateLabels(true);
		try {
			return action();
		} finally {
			this.updateLabels();
		}
	}

	private drawMarks(): void {
		drawCutBoundary(this.markLayer, this.cut, this.order, (id) => this.els.get(id)?.node, this.layout.positions, (node) => this.isTrimmed(node));
	}

	private isTrimmed(node: TreeNodeView): boolean {
		return this.cut !== undefined && node.index > this.cut.thought;
	}

	private reveal(nodeId: string): void {
		const p = this.layout.positions.get(nodeId);
		if (p === undefined) {
			return;
		}
		const t = zoomTransform(this.svgElement);
		const [sx, sy] = t.apply([p.x, p.y]);
		const { width, height } = this.size();
		if (sx < 30 || sx > width - 120 || sy < 30 || sy > height - 30) {
			this.zoomBehavior.translateTo(this.svg, p.x + 40 / t.k, p.y);
		}
	}

	private size(): { width: number; height: number } {
		return { width: this.width || window.innerWidth, height: this.height || Math.round(window.innerHeight * 0.55) };
	}

	private nodeIdFrom(event: Event): string | undefined {
		const target = event.target instanceof Element ? event.target.closest('g.node') : null;
		return target instanceof SVGGElement ? target.dataset.id : undefined;
	}

	private onClick(event: MouseEvent): void {
		const id = this.nodeIdFrom(event);
		if (id === undefined) {
			return;
		}
		if (event.target instanceof Element && event.target.classList.contains('run-toggle')) {
			this.events.onToggleRun(id);
			return;
		}
		this.select(id);
		this.svgElement.focus({ preventScroll: true });
	}

	private onHoverEvent(event: MouseEvent): void {
		const id = this.nodeIdFrom(event);
		if (id !== undefined && id !== this.hoveredId) {
			this.highlight(id);
			this.events.onHover(id);
		}
	}

	private onKey(event: KeyboardEvent): void {
		if (event.key === 'Enter' && this.selectedId !== null) {
			event.preventDefault();
			this.events.onOpen(this.selectedId);
			return;
		}
		if ((event.key === ' ' || event.key === 'c') && this.selectedId !== null && this.runs.has(this.selectedId)) {
			event.preventDefault();
			this.events.onToggleRun(this.selectedId);
			return;
		}
		const next = navigate(event.key, this.selectedId, {
			order: this.order,
			positions: this.layout.positions,
			parentOf: (id) => this.els.get(id)?.node.parentId ?? null,
		});
		if (next !== undefined) {
			event.preventDefault();
			this.select(next, true);
		}
	}

	private layer(parent: Element, className: string): SVGGElement {
		const g = document.createElementNS(SVG_NS, 'g');
		g.setAttribute('class', className);
		parent.appendChild(g);
		return g;
	}
}

const shapeCache = new Map<string, string>();

/** The symbol path of a role at radius `r` (cached: a chain has few distinct sizes). */
function shapePath(role: NodeRole, r: number, key: string): string {
	let path = shapeCache.get(key);
	if (path === undefined) {
		path = symbol(ROLE_SYMBOL[role], Math.PI * r * r)() ?? '';
		shapeCache.set(key, path);
	}
	return path;
}

/** What a screen reader says for the active node. */
function ariaLabel(node: TreeNodeView): string {
	return node.role === 'problem' ? 'Problem' : `Thought ${node.index + 1}, ${ROLE_LABELS[node.role]}, ${VERDICT_LABELS[node.usefulness]}`;
}

function linkPath(from: Point, to: Point): string {
	const midY = (from.y + to.y) / 2;
	return `M${from.x},${from.y}C${from.x},${midY} ${to.x},${midY} ${to.x},${to.y}`;
}
