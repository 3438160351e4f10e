import type { ChainView, PolicyName, TreeNodeView } from '../src/shared/protocol';
import { formatCount, policyLabel } from './format';

const SVG_NS = 'http://www.w3.org/2000/svg';
const HEIGHT = 44;
const BAND_TOP = 14;
const BAND_HEIGHT = 18;

export interface TimelineEvents {
	onHover(nodeId: string | null): void;
	onSelect(nodeId: string): void;
}

/** A run of consecutive thoughts with the same verdict, drawn as one bar. */
interface Segment {
	readonly first: number;
	readonly last: number;
	readonly usefulness: TreeNodeView['usefulness'];
}

/**
 * The timeline strip under the tree: every thought along the token axis, coloured by verdict like the
 * tree, with the oracle point, each policy's cut (the shown one emphasised, its trimmed part shaded)
 * and the answer-switch points. Consecutive thoughts with the same verdict share one bar (a 2,000-thought
 * chain draws a few hundred); the thought under the pointer is found by binary search on the token axis.
 * Bars live in token units inside one scaled group, so a growing chain rescales with one transform.
 */
export class Timeline {
	readonly element: HTMLElement;
	private readonly svg: SVGSVGElement;
	private readonly zone: SVGRectElement;
	private readonly bars: SVGGElement;
	private readonly hoverMark: SVGRectElement;
	private readonly selectMark: SVGRectElement;
	private readonly marks: SVGGElement;
	private readonly axisEnd: HTMLElement;
	private thoughts: TreeNodeView[] = [];
	/** The bar elements and what each shows, so a patch touches only the bars that changed. */
	private readonly rects: SVGRectElement[] = [];
	private readonly drawn: Array<Segment & { readonly start: number; readonly end: number }> = [];
	private chain: ChainView | undefined;
	private policy: PolicyName = 'trimr';
	private width = 0;
	private hovered: string | null = null;
	private selected: string | null = null;

	constructor(
		container: HTMLElement,
		private readonly events: TimelineEvents,
	) {
		this.element = document.createElement('div');
		this.element.className = 'timeline';
		this.svg = document.createElementNS(SVG_NS, 'svg');
		this.svg.setAttribute('class', 'timeline-strip');
		this.svg.setAttribute('height', String(HEIGHT));
		this.svg.setAttribute('role', 'img');
		this.svg.setAttribute(
			'aria-label',
			'Timeline: thoughts along the token axis with the oracle point, cuts and answer switches',
		);
		this.zone = document.createElementNS(SVG_NS, 'rect');
		this.zone.setAttribute('class', 'trimmed-zone');
		this.bars = document.createElementNS(SVG_NS, 'g');
		this.bars.setAttribute('class', 'tl-bars');
		this.hoverMark = this.overlay('tl-hover');
		this.selectMark = this.overlay('tl-selected');
		this.marks = document.createElementNS(SVG_NS, 'g');
		this.marks.setAttribute('class', 'tl-marks');
		this.svg.append(this.zone, this.bars, this.marks);
		const axis = document.createElement('div');
		axis.className = 'timeline-axis';
		const start = document.createElement('span');
		start.textContent = '0';
		this.axisEnd = document.createElement('span');
		axis.append(start, this.axisEnd);
		this.element.append(this.svg, axis);
		container.appendChild(this.element);
		this.svg.addEventListener('mousemove', (event) => {
			const id = this.idAt(event);
			if (id !== this.hovered) {
				this.highlight(id);
				this.events.onHover(id);
			}
		});
		this.svg.addEventListener('mouseleave', () => {
			this.highlight(null);
			this.events.onHover(null);
		});
		this.svg.addEventListener('click', (event) => {
			const id = this.idAt(event);
			if (id !== null) {
				this.events.onSelect(id);
			}
		});
		// The observer reports the width; reading clientWidth here would force a layout of the whole page.
		new ResizeObserver((entries) => this.resize(entries[0]?.contentRect.width ?? 0)).observe(
			this.svg,
		);
	}

	/** Draws `chain` from scratch. */
	render(chain: ChainView | undefined, policy: PolicyName): void {
		this.chain = chain;
		this.policy = policy;
		this.thoughts = chain === undefined ? [] : chain.nodes.filter((n) => n.index >= 0);
		this.redrawBars();
		this.redrawScale();
	}

	/** Takes new and changed thoughts, then redraws the bars (reusing their elements) and the marks. */
	update(
		chain: ChainView,
		added: readonly TreeNodeView[],
		updated: ReadonlySet<string>,
		nodeOf: (id: string) => TreeNodeView | undefined,
	): void {
		this.chain = chain;
		for (const node of added) {
			this.thoughts[node.index] = node;
		}
		for (const id of updated) {
			const node = nodeOf(id);
			if (node !== undefined && node.index >= 0) {
				this.thoughts[node.index] = node;
			}
		}
		this.redrawBars();
		this.redrawScale();
	}

	/** Shows `policy`'s cut as the emphasised one. */
	setPolicy(policy: PolicyName): void {
		this.policy = policy;
		this.redrawScale();
	}

	highlight(nodeId: string | null): void {
		this.hovered = nodeId;
		this.placeOverlay(this.hoverMark, nodeId);
	}

	select(nodeId: string | null): void {
		this.selected = nodeId;
		this.placeOverlay(this.selectMark, nodeId);
	}

	private overlay(className: string): SVGRectElement {
		const rect = document.createElementNS(SVG_NS, 'rect');
		rect.setAttribute('class', className);
		rect.setAttribute('y', String(BAND_TOP - 2));
		rect.setAttribute('height', String(BAND_HEIGHT + 4));
		rect.setAttribute('width', '0');
		return rect;
	}

	private placeOverlay(rect: SVGRectElement, nodeId: string | null): void {
		const index = nodeId === null ? -1 : Number(nodeId.slice(1));
		const node = nodeId === null || !nodeId.startsWith('t') ? undefined : this.thoughts[index];
		if (node === undefined) {
			rect.remove();
			return;
		}
		rect.setAttribute('x', String(node.tokenStart));
		rect.setAttribute('width', String(Math.max(0, node.tokenEnd - node.tokenStart)));
		rect.dataset.id = node.id;
		this.bars.appendChild(rect);
	}

	/** Merges thoughts into same-verdict segments and updates the bar elements in place. */
	private redrawBars(): void {
		const segments: Segment[] = [];
		for (const node of this.thoughts) {
			const last = segments.at(-1);
			if (
				last !== undefined &&
				last.usefulness === node.usefulness &&
				last.last === node.index - 1
			) {
				segments[segments.length - 1] = { ...last, last: node.index };
			} else {
				segments.push({ first: node.index, last: node.index, usefulness: node.usefulness });
			}
		}
		this.hoverMark.remove();
		this.selectMark.remove();
		segments.forEach((segment, i) => {
			const start = this.thoughts[segment.first]?.tokenStart ?? 0;
			const end = this.thoughts[segment.last]?.tokenEnd ?? start;
			const drawn = this.drawn[i];
			if (
				drawn !== undefined &&
				drawn.first === segment.first &&
				drawn.last === segment.last &&
				drawn.usefulness === segment.usefulness &&
				drawn.start === start &&
				drawn.end === end
			) {
				return;
			}
			let rect = this.rects[i];
			if (rect === undefined) {
				rect = document.createElementNS(SVG_NS, 'rect');
				rect.setAttribute('y', String(BAND_TOP));
				rect.setAttribute('height', String(BAND_HEIGHT));
				this.bars.appendChild(rect);
				this.rects[i] = rect;
			}
			rect.setAttribute('class', `tl-thought verdict-${segment.usefulness}`);
			rect.setAttribute('x', String(start));
			rect.setAttribute('width', String(Math.max(0, end - start)));
			rect.dataset.first = String(segment.first);
			rect.dataset.last = String(segment.last);
			this.drawn[i] = { ...segment, start, end };
		});
		for (const rect of this.rects.splice(segments.length)) {
			rect.remove();
		}
		this.drawn.length = segments.length;
		this.placeOverlay(this.selectMark, this.selected);
		this.placeOverlay(this.hoverMark, this.hovered);
	}

	/** The thought under the pointer: binary search of its token offset among the thoughts' starts. */
	private idAt(event: MouseEvent): string | null {
		const total = Math.max(1, this.chain?.thinkingTokens ?? 0);
		const box = this.svg.getBoundingClientRect();
		const token = ((event.clientX - box.left) / Math.max(1, box.width)) * total;
		let lo = 0;
		let hi = this.thoughts.length - 1;
		if (hi < 0 || token < 0 || token > total) {
			return null;
		}
		while (lo < hi) {
			const mid = (lo + hi + 1) >>> 1;
			if ((this.thoughts[mid]?.tokenStart ?? 0) <= token) {
				lo = mid;
			} else {
				hi = mid - 1;
			}
		}
		return this.thoughts[lo]?.id ?? null;
	}

	private resize(width: number): void {
		if (width !== this.width) {
			this.width = width;
			this.redrawScale();
		}
	}

	/** Rescales the bars (one transform) and redraws the few pixel-space marks. */
	private redrawScale(): void {
		const chain = this.chain;
		const total = Math.max(1, chain?.thinkingTokens ?? 0);
		const width = this.width || Math.max(100, window.innerWidth - 20);
		const k = width / total;
		this.bars.setAttribute('transform', `scale(${k},1)`);
		this.axisEnd.textContent = `${formatCount(chain?.thinkingTokens ?? 0)} thinking tokens`;
		this.marks.replaceChildren();
		this.zone.setAttribute('width', '0');
		if (chain === undefined) {
			return;
		}
		for (const cut of chain.cuts) {
			const x = cut.tokenOffset * k;
			const shown = cut.policy === this.policy;
			if (shown) {
				this.zone.setAttribute('x', String(x));
				this.zone.setAttribute('y', '0');
				this.zone.setAttribute('height', String(HEIGHT));
				this.zone.setAttribute('width', String(Math.max(0, width - x)));
			}
			this.mark(
				x,
				`tl-cut policy-${cut.policy}${shown ? ' shown' : ''}`,
				shown ? `✂ ${policyLabel(cut.policy)}` : policyLabel(cut.policy).slice(0, 1),
				`${policyLabel(cut.policy)} cut at ${formatCount(cut.tokenOffset)} tokens (${cut.trigger})`,
			);
		}
		if (chain.oracle !== undefined) {
			this.mark(
				chain.oracle.tokenOffset * k,
				'tl-oracle',
				'oracle',
				`Oracle: the answer is final after ${formatCount(chain.oracle.tokenOffset)} tokens`,
			);
		}
		for (const sw of chain.answerSwitches) {
			const x = sw.tokenOffset * k;
			const tri = document.createElementNS(SVG_NS, 'path');
			tri.setAttribute('class', 'tl-switch');
			tri.setAttribute('d', `M${x - 4},0L${x + 4},0L${x},7Z`);
			const title = document.createElementNS(SVG_NS, 'title');
			title.textContent = `Answer ${sw.from === undefined ? 'first stated' : `switched from ${sw.from}`}: ${sw.to}`;
			tri.appendChild(title);
			this.marks.appendChild(tri);
		}
	}

	private mark(x: number, className: string, text: string, tooltip: string): void {
		const g = document.createElementNS(SVG_NS, 'g');
		g.setAttribute('class', className);
		const line = document.createElementNS(SVG_NS, 'line');
		line.setAttribute('x1', String(x));
		line.setAttribute('x2', String(x));
		line.setAttribute('y1', String(BAND_TOP - 4));
		line.setAttribute('y2', String(HEIGHT));
		const label = document.createElementNS(SVG_NS, 'text');
		label.setAttribute('x', String(x + 2));
		label.setAttribute('y', '10');
		label.textContent = text;
		const title = document.createElementNS(SVG_NS, 'title');
		title.textContent = tooltip;
		g.append(line, label, title);
		this.marks.appendChild(g);
	}
}
