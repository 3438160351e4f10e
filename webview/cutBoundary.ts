import type { CutView, TreeNodeView } from '../src/shared/protocol';
import { formatCount, policyLabel } from './format';
import { LEVEL_GAP, type Point } from './treeLayout';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Draws the cut as a boundary between the kept and the trimmed part of the tree: a marked line under
 * the thought where the policy cuts (with its name and the kept tokens), and a scissors mark on every
 * link that crosses from a kept thought into a trimmed one. The trimmed nodes themselves are styled by
 * the tree (class `trimmed`). Returns where the scissors marks sit, for the label placement.
 */
export function drawCutBoundary(
	layer: SVGGElement,
	cut: CutView | undefined,
	order: readonly string[],
	nodeOf: (id: string) => TreeNodeView | undefined,
	positions: ReadonlyMap<string, Point>,
	isTrimmed: (node: TreeNodeView) => boolean,
): Point[] {
	layer.replaceChildren();
	const marks: Point[] = [];
	if (cut === undefined) {
		return marks;
	}
	const cutNode = nodeOf(`t${cut.thought}`);
	const at = cutNode === undefined ? undefined : positions.get(cutNode.id);
	if (at !== undefined) {
		const marker = document.createElementNS(SVG_NS, 'g');
		marker.setAttribute('class', 'cut-marker');
		marker.dataset.policy = cut.policy;
		marker.dataset.thought = String(cut.thought);
		marker.setAttribute('transform', `translate(${at.x},${at.y + LEVEL_GAP / 2})`);
		const line = document.createElementNS(SVG_NS, 'line');
		line.setAttribute('x1', '-70');
		line.setAttribute('x2', '70');
		// No text on the line: it would scale with the zoom and collide with the node labels (the header
		// states the cut and what it does to the answer); hovering the line names it.
		const title = document.createElementNS(SVG_NS, 'title');
		title.textContent = `✂ ${policyLabel(cut.policy)} cut · ${formatCount(cut.tokenOffset)} tokens kept above`;
		line.appendChild(title);
		marker.append(line);
		layer.appendChild(marker);
	}
	for (const id of order) {
		const node = nodeOf(id);
		if (node === undefined || node.parentId === null || !isTrimmed(node)) {
			continue;
		}
		const parent = nodeOf(node.parentId);
		const from = positions.get(node.parentId);
		const to = positions.get(id);
		if (parent === undefined || isTrimmed(parent) || from === undefined || to === undefined) {
			continue;
		}
		const mark = document.createElementNS(SVG_NS, 'text');
		mark.setAttribute('class', 'cut-crossing');
		mark.setAttribute('x', String((from.x + to.x) / 2));
		mark.setAttribute('y', String((from.y + to.y) / 2));
		mark.setAttribute('dy', '0.35em');
		mark.textContent = '✂';
		layer.appendChild(mark);
		marks.push({ x: (from.x + to.x) / 2, y: (from.y + to.y) / 2 });
	}
	return marks;
}
