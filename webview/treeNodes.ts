import { select } from 'd3-selection';
import {
	symbol,
	symbolCircle,
	symbolDiamond,
	symbolSquare,
	symbolStar,
	symbolTriangle,
	symbolWye,
	type SymbolType,
} from 'd3-shape';
import 'd3-transition';
import type { NodeRole, TreeNodeView } from '../src/shared/protocol';
import { ROLE_LABELS, VERDICT_LABELS } from './format';
import { nodeLabel, nodeRadius, type Point } from './treeLayout';

const SVG_NS = 'http://www.w3.org/2000/svg';
const TWEEN_MS = 220;
/** How much of a thought the hover text shows. */
const TITLE_CHARS = 200;

const ROLE_SYMBOL: Record<NodeRole, SymbolType> = {
	problem: symbolSquare,
	progress: symbolCircle,
	verification: symbolDiamond,
	alternative: symbolTriangle,
	backtrack: symbolWye,
	conclusion: symbolStar,
};

/** The SVG elements of one drawn node. */
export interface NodeElements {
	readonly g: SVGGElement;
	readonly shape: SVGPathElement;
	readonly link: SVGPathElement | undefined;
	node: TreeNodeView;
	/** The hover text (SVG `<title>`). */
	readonly title: SVGTitleElement;
	/** Created when the label placement gives the node a label (treeLabels.ts). */
	label: SVGTextElement | undefined;
	toggle: SVGTextElement | undefined;
	shapeKey: string;
	/** A d3 transition may be running on the node or its link. */
	tweening: boolean;
}

/** What a node's look depends on besides its own data. */
export interface NodeLook {
	readonly selected: boolean;
	readonly hovered: boolean;
	readonly trimmed: boolean;
	/** The redundant run this node starts, if any. */
	readonly run: { readonly count: number; readonly collapsed: boolean } | undefined;
}

/** Creates a node's elements: `g.node[data-id]` in `nodeLayer`, its incoming link in `linkLayer`. */
export function createNode(
	node: TreeNodeView,
	nodeLayer: SVGGElement,
	linkLayer: SVGGElement,
	entering: boolean,
): NodeElements {
	const g = document.createElementNS(SVG_NS, 'g');
	g.setAttribute('role', 'treeitem');
	g.id = `node-${node.id}`;
	const shape = document.createElementNS(SVG_NS, 'path');
	shape.setAttribute('class', 'shape');
	const title = document.createElementNS(SVG_NS, 'title');
	g.append(shape, title);
	let link: SVGPathElement | undefined;
	if (node.parentId !== null) {
		link = document.createElementNS(SVG_NS, 'path');
		link.setAttribute('class', 'link');
		linkLayer.appendChild(link);
	}
	if (entering) {
		g.classList.add('entering');
	}
	nodeLayer.appendChild(g);
	return {
		g,
		shape,
		link,
		node,
		title,
		label: undefined,
		toggle: undefined,
		shapeKey: '',
		tweening: false,
	};
}

export function removeNode(el: NodeElements): void {
	el.g.remove();
	el.link?.remove();
}

/** Applies the node's data and look: classes (role, verdict, trimmed, …), shape by role and size by tokens, label. */
export function styleNode(el: NodeElements, look: NodeLook): void {
	const { node } = el;
	const flags = [
		look.trimmed ? ' trimmed' : '',
		node.streaming === true ? ' streaming' : '',
		look.selected ? ' selected' : '',
		look.hovered ? ' hovered' : '',
		look.run?.collapsed === true ? ' run-collapsed' : '',
	];
	el.g.setAttribute('class', `node role-${node.role} verdict-${node.usefulness}${flags.join('')}`);
	if (el.link !== undefined) {
		el.link.setAttribute(
			'class',
			`link edge-${edgeKind(node.role)}${look.trimmed ? ' trimmed' : ''}`,
		);
	}
	el.g.dataset.id = node.id;
	el.g.dataset.index = String(node.index);
	if (look.selected) {
		el.g.setAttribute('aria-selected', 'true');
	} else {
		el.g.removeAttribute('aria-selected');
	}
	const r = nodeRadius(node);
	const shapeKey = `${node.role}:${r.toFixed(1)}`;
	if (shapeKey !== el.shapeKey) {
		el.shapeKey = shapeKey;
		el.shape.setAttribute('d', shapePath(node.role, r, shapeKey));
	}
	// The full start of the text on hover (the drawn label may be cut or only the number: treeLabels.ts).
	const title = nodeLabel(node, TITLE_CHARS);
	if (el.title.textContent !== title) {
		el.title.textContent = title;
	}
	nameNode(el);
}

/** Moves a node (and its incoming link) to its place; `tween` animates the move. */
export function placeNode(
	el: NodeElements,
	at: Point,
	parentAt: Point | undefined,
	tween: boolean,
): void {
	const transform = `translate(${at.x},${at.y})`;
	const path = parentAt === undefined ? '' : linkPath(parentAt, at);
	if (tween) {
		el.tweening = true;
		select(el.g).transition().duration(TWEEN_MS).attr('transform', transform);
		if (el.link !== undefined) {
			select(el.link).transition().duration(TWEEN_MS).attr('d', path);
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

/** What the link into a thought means, from the thought's role (see parentRule.ts and the legend). */
export type EdgeKind = 'continuation' | 'recheck' | 'branch';

export function edgeKind(role: NodeRole): EdgeKind {
	switch (role) {
		case 'verification':
			return 'recheck';
		case 'alternative':
		case 'backtrack':
			return 'branch';
		default:
			return 'continuation';
	}
}

/**
 * Names the item (axe: aria-treeitem-name) with its number, role and verdict and then the text it shows
 * (its drawn label, which may be cut, or else its hover text), so the name contains what is visible
 * (axe: label-content-name-mismatch). The tree points at the active item with aria-activedescendant.
 */
export function nameNode(el: NodeElements): void {
	const name = `${ariaLabel(el.node)}: ${el.label?.textContent ?? el.title.textContent ?? ''}`;
	if (el.g.getAttribute('aria-label') !== name) {
		el.g.setAttribute('aria-label', name);
	}
}

/** What a screen reader says for the active node. */
export function ariaLabel(node: TreeNodeView): string {
	return node.role === 'problem'
		? 'Problem'
		: `Thought ${node.index + 1}, ${ROLE_LABELS[node.role]}, ${VERDICT_LABELS[node.usefulness]}`;
}

function linkPath(from: Point, to: Point): string {
	const midY = (from.y + to.y) / 2;
	return `M${from.x},${from.y}C${from.x},${midY} ${to.x},${midY} ${to.x},${to.y}`;
}
