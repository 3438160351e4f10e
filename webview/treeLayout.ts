import { stratify, tree } from 'd3-hierarchy';
import type { TreeNodeView } from '../src/shared/protocol';

/** Vertical distance between a node and its children, and horizontal distance between siblings. */
export const LEVEL_GAP = 44;
export const SIBLING_GAP = 190;

export interface Point {
	readonly x: number;
	readonly y: number;
}

/** Where each visible node sits (root at 0,0), and the drawing's bounds. */
export interface TreeLayout {
	readonly positions: ReadonlyMap<string, Point>;
	readonly minX: number;
	readonly maxX: number;
	readonly maxY: number;
}

/**
 * Pure: a top-down tidy tree (d3-hierarchy's Reingold–Tilford layout) of `nodes`. Nodes whose parent is
 * unknown are dropped rather than breaking the layout. O(n); the view only touches the DOM of nodes
 * whose position changed.
 */
export function layoutTree(nodes: readonly TreeNodeView[]): TreeLayout {
	const positions = new Map<string, Point>();
	if (nodes.length === 0) {
		return { positions, minX: 0, maxX: 0, maxY: 0 };
	}
	const known = new Set<string>();
	const connected: TreeNodeView[] = [];
	for (const node of nodes) {
		if (node.parentId === null ? connected.length === 0 : known.has(node.parentId)) {
			known.add(node.id);
			connected.push(node);
		}
	}
	const root = stratify<TreeNodeView>()
		.id((n) => n.id)
		.parentId((n) => n.parentId)(connected);
	let minX = 0;
	let maxX = 0;
	let maxY = 0;
	tree<TreeNodeView>()
		.nodeSize([SIBLING_GAP, LEVEL_GAP])(root)
		.each((n) => {
			positions.set(n.data.id, { x: n.x, y: n.y });
			minX = Math.min(minX, n.x);
			maxX = Math.max(maxX, n.x);
			maxY = Math.max(maxY, n.y);
		});
	return { positions, minX, maxX, maxY };
}

/** Radius of a node: grows with the square root of its tokens, within readable bounds. */
export function nodeRadius(node: TreeNodeView): number {
	if (node.role === 'problem') {
		return 10;
	}
	const tokens = Math.max(0, node.tokenEnd - node.tokenStart);
	return Math.min(16, 4 + Math.sqrt(tokens) / 2);
}

/** A short label for a node: its number and the start of its text. */
export function nodeLabel(node: TreeNodeView, max = 28): string {
	const text = node.text
		.slice(0, max * 3)
		.replace(/\s+/g, ' ')
		.trim();
	const head = text.length > max ? `${text.slice(0, max - 1)}…` : text;
	return node.role === 'problem' ? `Problem: ${head}` : `#${node.index + 1} ${head}`;
}
