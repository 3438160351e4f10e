/**
 * Pure: which nodes of a large tree have elements. Nodes within a screen of the view are drawn, nodes
 * beyond two screens may lose their elements; in between they stay as they are, so panning back and forth
 * does not churn the DOM.
 */
import type { LabelFrame } from './treeLabels';
import type { Point, TreeLayout } from './treeLayout';

/** Trees up to this many nodes are drawn whole; larger ones only near the view. */
export const DRAW_ALL_UP_TO = 400;

/** Nodes to draw (`near`) and nodes whose elements may go (`far`), in layout order. */
export function nodesByDistance(
	positions: ReadonlyMap<string, Point>,
	view: LabelFrame,
	drawAll: boolean,
): { near: string[]; far: string[] } {
	const [x0, x1] = [-view.x / view.k, (view.width - view.x) / view.k];
	const [y0, y1] = [-view.y / view.k, (view.height - view.y) / view.k];
	const [mx, my] = [x1 - x0 + 300 / view.k, y1 - y0];
	const near: string[] = [];
	const far: string[] = [];
	for (const [id, p] of positions) {
		const dx = p.x < x0 ? x0 - p.x : p.x > x1 ? p.x - x1 : 0;
		const dy = p.y < y0 ? y0 - p.y : p.y > y1 ? p.y - y1 : 0;
		if (drawAll || (dx <= mx && dy <= my)) {
			near.push(id);
		} else if (dx > 2 * mx || dy > 2 * my) {
			far.push(id);
		}
	}
	return { near, far };
}

/** The whole tree at scale 1 with a margin, as the page of an SVG export. */
export function wholeTreeFrame(layout: TreeLayout): LabelFrame {
	const { minX, maxX, maxY } = layout;
	const margin = 40;
	return {
		x: margin - minX,
		y: margin,
		k: 1,
		width: maxX - minX + 2 * margin + 400,
		height: maxY + 2 * margin,
	};
}
