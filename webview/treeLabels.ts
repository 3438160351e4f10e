import type { TreeNodeView } from '../src/shared/protocol';
import {
	LABEL_FONT_PX,
	placeLabels,
	type LabelCandidate,
	type PlacedLabel,
} from './labelPlacement';
import { nodeLabel, nodeRadius, type Point } from './treeLayout';
import { nameNode, type NodeElements } from './treeNodes';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Longer labels for the selected and the hovered node: the reader is looking at them. */
const FOCUS_LABEL_CHARS = 80;
/** Widths are cached per text; a long session must not grow the cache without bound. */
const MEASURE_CACHE_MAX = 20_000;

/** Where the labels are drawn: the view's zoom and size, or the whole tree at scale 1 (SVG export). */
export interface LabelFrame {
	readonly x: number;
	readonly y: number;
	readonly k: number;
	readonly width: number;
	readonly height: number;
}

/** How a run head's toggle line reads. */
export function toggleText(run: { readonly count: number; readonly collapsed: boolean }): string {
	return run.collapsed
		? `▸ ${run.count} redundant thoughts (expand)`
		: `▾ ${run.count} redundant in a row (collapse)`;
}

/**
 * The tree's labels as screen-space text (semantic zoom): every drawn label is 11 px on screen whatever
 * the zoom, counter-scaled inside its node's group, and `placeLabels` decides which nodes get their
 * text, which only their number and which nothing, so labels never overlap or leave the view.
 */
export class TreeLabels {
	private readonly canvas = document.createElement('canvas').getContext('2d');
	private readonly widths = new Map<string, number>();
	private font = '';
	/** The labels of the last pass (tests and the SVG export read them from the DOM). */
	placed: readonly PlacedLabel[] = [];

	constructor(private readonly svg: SVGSVGElement) {}

	/** Places and draws the labels of the drawn nodes `els` for `frame`. */
	update(
		els: ReadonlyMap<string, NodeElements>,
		positions: ReadonlyMap<string, Point>,
		frame: LabelFrame,
		focus: ReadonlySet<string>,
		runs: ReadonlyMap<string, { readonly count: number; readonly collapsed: boolean }>,
		marks: readonly Point[] = [],
	): void {
		this.refreshFont();
		const candidates: LabelCandidate[] = [];
		for (const el of els.values()) {
			const p = positions.get(el.node.id);
			if (p === undefined) {
				continue;
			}
			const focused = focus.has(el.node.id);
			const run = runs.get(el.node.id);
			candidates.push({
				id: el.node.id,
				x: frame.x + p.x * frame.k,
				y: frame.y + p.y * frame.k,
				r: nodeRadius(el.node) * frame.k,
				full: nodeLabel(el.node, focused ? FOCUS_LABEL_CHARS : undefined),
				short: shortLabel(el.node),
				focus: focused,
				root: el.node.role === 'problem',
				extra: run === undefined ? undefined : toggleText(run),
			});
		}
		candidates.sort((a, b) => order(a.id) - order(b.id));
		// The ✂ marks are 13 px glyphs in tree units (they scale with the zoom); specks under 4 px are not
		// worth giving way to.
		const half = 8 * frame.k;
		const obstacles = (half < 2 ? [] : marks).map((m) => {
			const [x, y] = [frame.x + m.x * frame.k, frame.y + m.y * frame.k];
			return { x0: x - half, y0: y - half, x1: x + half, y1: y + half };
		});
		this.placed = placeLabels(
			candidates,
			{ width: frame.width, height: frame.height, measure: (text) => this.measure(text) },
			obstacles,
		);
		const byId = new Map(this.placed.map((label) => [label.id, label]));
		for (const el of els.values()) {
			draw(el, byId.get(el.node.id), frame.k);
			nameNode(el);
		}
	}

	private refreshFont(): void {
		const family = getComputedStyle(this.svg).fontFamily;
		const font = `${LABEL_FONT_PX}px ${family}`;
		if (font !== this.font) {
			this.font = font;
			this.widths.clear();
		}
	}

	/** The text's width at the label font, plus a pixel of slack for rounding between canvas and SVG. */
	private measure(text: string): number {
		let width = this.widths.get(text);
		if (width === undefined) {
			if (this.canvas === null) {
				width = text.length * LABEL_FONT_PX * 0.62;
			} else {
				this.canvas.font = this.font;
				width = this.canvas.measureText(text).width + 1;
			}
			if (this.widths.size > MEASURE_CACHE_MAX) {
				this.widths.clear();
			}
			this.widths.set(text, width);
		}
		return width;
	}
}

/** The node's number: what a crowded view shows. */
function shortLabel(node: TreeNodeView): string {
	return node.role === 'problem' ? 'Problem' : `#${node.index + 1}`;
}

/** Chain order: the problem, then t0, t1, … (earlier thoughts claim their room first). */
function order(id: string): number {
	return id === 'problem' ? -1 : Number(id.slice(1));
}

/** Puts `label` (or no label) on a node: text and toggle counter-scaled by 1/k so they are screen-sized. */
function draw(el: NodeElements, label: PlacedLabel | undefined, k: number): void {
	if (label === undefined) {
		el.label?.remove();
		el.label = undefined;
		el.toggle?.remove();
		el.toggle = undefined;
		return;
	}
	const r = nodeRadius(el.node);
	const side = label.anchor === 'start' ? 1 : -1;
	// Node-local offset: the node's radius (scales with the zoom) plus 4 screen pixels (does not).
	const transform = `translate(${side * (r + 4 / k)},0) scale(${1 / k})`;
	el.label ??= textIn(el, 'label');
	setText(el.label, label.text, label.anchor, transform, 0);
	if (label.extra === undefined) {
		el.toggle?.remove();
		el.toggle = undefined;
	} else {
		el.toggle ??= textIn(el, 'run-toggle');
		setText(el.toggle, label.extra.text, label.anchor, transform, 14);
	}
}

function textIn(el: NodeElements, className: string): SVGTextElement {
	const text = document.createElementNS(SVG_NS, 'text');
	text.setAttribute('class', className);
	text.setAttribute('dy', '0.35em');
	// The item's name (nameNode) carries this text; read out again it would only repeat it.
	text.setAttribute('aria-hidden', 'true');
	el.g.appendChild(text);
	return text;
}

function setText(
	text: SVGTextElement,
	value: string,
	anchor: 'start' | 'end',
	transform: string,
	y: number,
): void {
	if (text.textContent !== value) {
		text.textContent = value;
	}
	text.setAttribute('text-anchor', anchor);
	text.setAttribute('transform', transform);
	text.setAttribute('y', String(y));
}
