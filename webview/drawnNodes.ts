import type { TreeNodeView } from '../src/shared/protocol';
import type { Point } from './treeLayout';
import {
	createNode,
	placeNode,
	removeNode,
	styleNode,
	type NodeElements,
	type NodeLook,
} from './treeNodes';

/** Above this many moved nodes a change is applied at once instead of animated. */
const MAX_ANIMATED = 80;

/** What the drawn nodes read from the tree view. */
export interface DrawnNodesSource {
	/** The node of `id` in the drawn tree, if it is in it. */
	node(id: string): TreeNodeView | undefined;
	look(node: TreeNodeView): NodeLook;
	/** Where each node of the tree sits now. */
	positions(): ReadonlyMap<string, Point>;
}

/**
 * The SVG elements of the nodes that are drawn (in a large tree, only those near the view): created,
 * styled, placed at their layout position, and removed.
 */
export class DrawnNodes {
	readonly els = new Map<string, NodeElements>();

	constructor(
		private readonly nodeLayer: SVGGElement,
		private readonly linkLayer: SVGGElement,
		private readonly source: DrawnNodesSource,
	) {}

	/**
	 * Drops the elements of nodes no longer in the tree and restyles those whose data changed or whose
	 * run changed (`runChanged`).
	 */
	sync(runChanged: (id: string) => boolean): void {
		for (const [id, el] of this.els) {
			const node = this.source.node(id);
			if (node === undefined) {
				removeNode(el);
				this.els.delete(id);
			} else if (node !== el.node || runChanged(id)) {
				// A new data object means changed data (the store replaces only what a patch touches, and a
				// snapshot of another chain replaces all): restyle, so no label of a previous chain survives.
				el.node = node;
				this.style(el);
			}
		}
	}

	/** Gives a drawn node its new data (the tree's shape unchanged) and restyles it. */
	update(node: TreeNodeView): void {
		const el = this.els.get(node.id);
		if (el !== undefined) {
			el.node = node;
			this.style(el);
		}
	}

	restyleAll(): void {
		for (const el of this.els.values()) {
			this.style(el);
		}
	}

	restyleId(id: string | null): void {
		const el = id === null ? undefined : this.els.get(id);
		if (el !== undefined) {
			this.style(el);
		}
	}

	/** Moves the nodes whose position or parent changed from `previous`; animated when few moved. */
	relayout(previous: ReadonlyMap<string, Point>, animate: boolean): void {
		const positions = this.source.positions();
		const moved: NodeElements[] = [];
		for (const el of this.els.values()) {
			const p = positions.get(el.node.id);
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
	}

	/** Draws `id` now if it has no elements yet (selection, keyboard, coming into view). */
	materialize(id: string, entering = false): NodeElements | undefined {
		const existing = this.els.get(id);
		const node = this.source.node(id);
		if (existing !== undefined || node === undefined) {
			return existing;
		}
		const el = createNode(node, this.nodeLayer, this.linkLayer, entering);
		this.els.set(id, el);
		this.style(el);
		this.place(el, false);
		return el;
	}

	remove(id: string): void {
		const el = this.els.get(id);
		if (el !== undefined) {
			removeNode(el);
			this.els.delete(id);
		}
	}

	private style(el: NodeElements): void {
		styleNode(el, this.source.look(el.node));
	}

	private place(el: NodeElements, tween: boolean): void {
		const positions = this.source.positions();
		const at = positions.get(el.node.id);
		if (at === undefined) {
			return;
		}
		if (el.link !== undefined) {
			el.link.dataset.parent = el.node.parentId ?? '';
		}
		placeNode(
			el,
			at,
			el.node.parentId === null ? undefined : positions.get(el.node.parentId),
			tween,
		);
	}
}
