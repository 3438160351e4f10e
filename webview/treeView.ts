import { select, type Selection } from 'd3-selection';
import { symbol, symbolCircle, symbolDiamond, symbolSquare, symbolStar, symbolTriangle, type SymbolType } from 'd3-shape';
import { zoom, zoomIdentity, type D3ZoomEvent, type ZoomBehavior } from 'd3-zoom';
import type { NodeRole, TreeNodeView } from '../src/shared/protocol';
import { layoutTree, nodeLabel, nodeRadius, type LaidOutNode } from './treeLayout';

const SVG_NS = 'http://www.w3.org/2000/svg';

const ROLE_SYMBOL: Record<NodeRole, SymbolType> = {
	problem: symbolSquare,
	progress: symbolCircle,
	verification: symbolDiamond,
	alternative: symbolTriangle,
	backtrack: symbolTriangle,
	conclusion: symbolStar,
};

export interface ZoomState {
	readonly x: number;
	readonly y: number;
	readonly k: number;
}

export interface TreeViewEvents {
	onSelect(nodeId: string | null): void;
	onZoom(state: ZoomState): void;
}

/**
 * The d3 tree: one `g.node` per thought (shape = role, colour class = verdict, size = tokens), links
 * between parents and children, zoom and pan, click and keyboard selection. Model text only ever goes
 * through `.text()`.
 */
export class TreeView {
	private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
	private readonly viewport: Selection<SVGGElement, unknown, null, undefined>;
	private readonly zoomBehavior: ZoomBehavior<SVGSVGElement, unknown>;
	private nodes: TreeNodeView[] = [];
	private selectedId: string | null = null;

	constructor(
		container: HTMLElement,
		private readonly events: TreeViewEvents,
	) {
		const svgEl = document.createElementNS(SVG_NS, 'svg');
		svgEl.classList.add('tree');
		svgEl.setAttribute('tabindex', '0');
		svgEl.setAttribute('role', 'tree');
		svgEl.setAttribute('aria-label', 'Reasoning tree');
		container.appendChild(svgEl);
		this.svg = select(svgEl);
		this.viewport = this.svg.append('g').attr('class', 'viewport');
		this.viewport.append('g').attr('class', 'links');
		this.viewport.append('g').attr('class', 'nodes');
		this.zoomBehavior = zoom<SVGSVGElement, unknown>()
			.scaleExtent([0.05, 4])
			.on('zoom', (event: D3ZoomEvent<SVGSVGElement, unknown>) => {
				this.viewport.attr('transform', event.transform.toString());
				if (event.sourceEvent !== null) {
					this.events.onZoom({ x: event.transform.x, y: event.transform.y, k: event.transform.k });
				}
			});
		this.svg.call(this.zoomBehavior).on('dblclick.zoom', null);
		svgEl.addEventListener('keydown', (event) => this.onKey(event));
	}

	/** Draws `nodes` (root first); keeps the zoom unless `zoomState` says otherwise. */
	render(nodes: readonly TreeNodeView[]): void {
		this.nodes = [...nodes];
		const laidOut = layoutTree(nodes);
		this.viewport
			.select<SVGGElement>('g.links')
			.selectAll<SVGPathElement, LaidOutNode>('path.link')
			.data(
				laidOut.filter((n) => n.parent !== null),
				(d) => d.id ?? '',
			)
			.join('path')
			.attr('class', 'link')
			.attr('d', (d) => linkPath(d.parent as LaidOutNode, d));

		const groups = this.viewport
			.select<SVGGElement>('g.nodes')
			.selectAll<SVGGElement, LaidOutNode>('g.node')
			.data(laidOut, (d) => d.id ?? '')
			.join((enter) => {
				const g = enter.append('g').attr('role', 'treeitem');
				g.append('path').attr('class', 'shape');
				g.append('text').attr('class', 'label').attr('x', 18).attr('dy', '0.35em');
				g.on('click', (_event: MouseEvent, d: LaidOutNode) => this.select(d.data.id));
				return g;
			});
		groups
			.attr('class', (d) => `node role-${d.data.role} verdict-${d.data.usefulness}${d.data.id === this.selectedId ? ' selected' : ''}`)
			.attr('data-id', (d) => d.data.id)
			.attr('data-index', (d) => d.data.index)
			.attr('aria-selected', (d) => String(d.data.id === this.selectedId))
			.attr('transform', (d) => `translate(${d.x},${d.y})`);
		groups.select<SVGPathElement>('path.shape').attr('d', (d) => {
			const r = nodeRadius(d.data);
			return symbol(ROLE_SYMBOL[d.data.role], Math.PI * r * r)() ?? '';
		});
		groups.select<SVGTextElement>('text.label').text((d) => nodeLabel(d.data));
	}

	/** Selects a node (or none), highlights it and tells the listener. */
	select(nodeId: string | null): void {
		this.selectedId = nodeId;
		this.viewport
			.selectAll<SVGGElement, LaidOutNode>('g.node')
			.classed('selected', (d) => d.data.id === nodeId)
			.attr('aria-selected', (d) => String(d.data.id === nodeId));
		this.events.onSelect(nodeId);
	}

	selected(): string | null {
		return this.selectedId;
	}

	/** Restores a saved zoom. */
	setZoom(state: ZoomState): void {
		this.applyTransform(state.x, state.y, state.k);
	}

	/** Scales and centres the tree to fit the view (top-aligned for tall chains). */
	fit(): void {
		const svgEl = this.svg.node();
		const content = this.viewport.node();
		if (svgEl === null || content === null) {
			return;
		}
		const box = content.getBBox();
		const width = svgEl.clientWidth || 300;
		const height = svgEl.clientHeight || 300;
		if (box.width === 0 || box.height === 0) {
			return;
		}
		const k = Math.max(0.05, Math.min(1.5, Math.min(width / (box.width + 40), height / (box.height + 40))));
		const scale = Math.max(k, 0.6);
		const x = (width - box.width * scale) / 2 - box.x * scale;
		const y = 20 - box.y * scale;
		this.applyTransform(x, y, scale);
		this.events.onZoom({ x, y, k: scale });
	}

	private applyTransform(x: number, y: number, k: number): void {
		this.zoomBehavior.transform(this.svg, zoomIdentity.translate(x, y).scale(k));
	}

	private onKey(event: KeyboardEvent): void {
		if (this.nodes.length === 0) {
			return;
		}
		const at = this.nodes.findIndex((n) => n.id === this.selectedId);
		let next = at;
		if (event.key === 'ArrowDown' || event.key === 'ArrowRight') {
			next = Math.min(this.nodes.length - 1, at + 1);
		} else if (event.key === 'ArrowUp' || event.key === 'ArrowLeft') {
			next = Math.max(0, at - 1);
		} else if (event.key === 'Home') {
			next = 0;
		} else if (event.key === 'End') {
			next = this.nodes.length - 1;
		} else {
			return;
		}
		event.preventDefault();
		const node = this.nodes[next];
		if (node !== undefined) {
			this.select(node.id);
		}
	}
}

function linkPath(from: LaidOutNode, to: LaidOutNode): string {
	const midY = (from.y + to.y) / 2;
	return `M${from.x},${from.y}C${from.x},${midY} ${to.x},${midY} ${to.x},${to.y}`;
}
