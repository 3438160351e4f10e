import type { Point } from './treeLayout';

/** What keyboard navigation needs to know about the drawn tree. */
export interface NavigableTree {
	/** Visible node ids in chain order (root first). */
	readonly order: readonly string[];
	readonly positions: ReadonlyMap<string, Point>;
	parentOf(id: string): string | null;
}

/**
 * Pure: the node an arrow key moves to. ArrowDown/ArrowUp go to the next/previous thought in chain
 * order; ArrowLeft/ArrowRight to the nearest node on the same level to the left/right; Home/End to the
 * problem/last thought; PageUp to the parent. Nothing selected: any key selects the problem (or, for
 * End, the last thought). Returns undefined for keys it does not handle.
 */
export function navigate(
	key: string,
	current: string | null,
	tree: NavigableTree,
): string | undefined {
	const { order } = tree;
	if (order.length === 0) {
		return undefined;
	}
	const first = order[0] as string;
	const last = order[order.length - 1] as string;
	const at = current === null ? -1 : order.indexOf(current);
	switch (key) {
		case 'ArrowDown':
			return at === -1 ? first : order[Math.min(order.length - 1, at + 1)];
		case 'ArrowUp':
			return at === -1 ? first : order[Math.max(0, at - 1)];
		case 'Home':
			return first;
		case 'End':
			return last;
		case 'PageUp':
			return at === -1 ? first : (tree.parentOf(order[at] as string) ?? first);
		case 'ArrowLeft':
		case 'ArrowRight':
			return at === -1 ? first : sideways(order[at] as string, key === 'ArrowRight' ? 1 : -1, tree);
		default:
			return undefined;
	}
}

function sideways(id: string, direction: 1 | -1, tree: NavigableTree): string {
	const here = tree.positions.get(id);
	if (here === undefined) {
		return id;
	}
	let best = id;
	let bestDistance = Infinity;
	for (const [other, p] of tree.positions) {
		const dx = (p.x - here.x) * direction;
		if (p.y === here.y && dx > 0 && dx < bestDistance) {
			best = other;
			bestDistance = dx;
		}
	}
	return best;
}
