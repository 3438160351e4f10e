import { stratify, tree, type HierarchyPointNode } from 'd3-hierarchy';
import type { TreeNodeView } from '../src/shared/protocol';

/** Vertical distance between a node and its children, and horizontal distance between siblings. */
export const LEVEL_GAP = 46;
export const SIBLING_GAP = 160;

export type LaidOutNode = HierarchyPointNode<TreeNodeView>;

/** Pure: the nodes' positions in a top-down tree (root at 0,0). Nodes whose parent is unknown are dropped. */
export function layoutTree(nodes: readonly TreeNodeView[]): LaidOutNode[] {
	if (nodes.length === 0) {
		return [];
	}
	const known = new Set(nodes.map((n) => n.id));
	const connected = nodes.filter((n) => n.parentId === null || known.has(n.parentId));
	const root = stratify<TreeNodeView>()
		.id((n) => n.id)
		.parentId((n) => n.parentId)([...connected]);
	return tree<TreeNodeView>().nodeSize([SIBLING_GAP, LEVEL_GAP])(root).descendants();
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
export function nodeLabel(node: TreeNodeView, max = 48): string {
	const text = node.text.replace(/\s+/g, ' ').trim();
	const head = text.length > max ? `${text.slice(0, max - 1)}…` : text;
	return node.role === 'problem' ? `Problem: ${head}` : `#${node.index + 1} ${head}`;
}
