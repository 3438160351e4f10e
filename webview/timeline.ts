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

/**
 * The timeline strip under the tree: every thought along the token axis, coloured by verdict like the
 * tree, with the oracle point, each policy's cut (the shown one emphasised, its trimmed part shaded)
 * and the answer-switch points. Thought bars live in token units inside one scaled group, so a growing
 * chain rescales with a single transform instead of touching every bar.
 */
export class Timeline {
	readonly element: HTMLElement;
	private readonly svg: SVGSVGElement;
	private readonly zone: SVGRectElement;
	private readonly bars: SVGGElement;
	private readonly marks: SVGGElement;
	private readonly axisEnd: HTMLElement;
	private readonly rects = new Map<string, SVGRectElement>();
	private chain: ChainView | undefined;
	private policy: PolicyName = 'trimr';
	private width = 0;
	private hovered: string | null = null;
	private selected: string | null = null;

	constructor(container: HTMLElement, private readonly events: TimelineEvents) {
		this.element = document.createElement('div');
		this.element.className = 'timeline';
		this.svg = document.createElementNS(SVG_NS, 'svg');
		this.svg.setAttribute('class', 'timeline-strip');
		this.svg.setAttribute('height', String(HEIGHT));
		this.svg.setAttribute('role', 'img');
		this.svg.setAttribute('aria-label', 'Timeline: thoughts along the token axis with the oracle point, cuts and answer switches');
		this.zone = document.createElementNS(SVG_NS, 'rect');
		this.zone.setAttribute('class', 'trimmed-zone');
		this.bars = document.createElementNS(SVG_NS, 'g');
		this.bars.setAttribute('class', 'tl-bars');
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
		this.svg.addEventListener('mouseover', (event) => {
			const id = this.idFrom(event);
			if (id !== undefined && id !== this.hovered) {
				this.highlight(id);
				this.events.onHover(id);
			}
		});
		this.svg.addEventListener('mouseleave', () => this.events.onHover(null));
		this.svg.addEventListener('click', (event) => {
			const id = this.idFrom(event);
			if (id !== undefined) {
				this.events.onSelect(id);
			}
		});
		// The observer reports the width; reading clientWidth here would force a layout of the whole page.
		new ResizeObserver((entries) => this.resize(entries[0]?.contentRect.width ?? 0)).observe(this.svg);
	}

	/** Draws `chain` from scratch. */
	render(chain: ChainView | undefined, policy: PolicyName): void {
		this.chain = chain;
		this.policy = policy;
		this.bars.replaceChildren();
		this.rects.clear();
		if (chain !== undefined) {
			this.addBars(chain.nodes);
		}
		this.redrawScale();
	}

	/** Adds new thoughts, restyles changed ones and redraws the marks. */
	update(chain: ChainView, added: readonly TreeNodeView[], updated: ReadonlySet<string>, nodeOf: (id: string) => TreeNodeView | undefined): void {
		this.chain = chain;
		this.addBars(added);
		for (const id of updated) {
			const rect = this.rects.get(id);
			const node = nodeOf(id);
			if (rect !== undefined && node !== undefined) {
				this.style(rect, node);
			}
		}
		this.redrawScale();
	}

	/** Shows `policy`'s cut as the emphasised one. */
	setPolicy(policy: PolicyName): void {
		this.policy = policy;
		this.redrawScale();
	}

	highlight(nodeId: string | null): void {
		this.toggle(this.hovered, 'hovered', false);
		this.hovered = nodeId;
		this.toggle(nodeId, 'hovered', true);
	}

	select(nodeId: string | null): void {
		this.toggle(this.selected, 'selected', false);
		this.selected = nodeId;
		this.toggle(nodeId, 'selected', true);
	}

	private addBars(nodes: readonly TreeNodeView[]): void {
		const fragment = document.createDocumentFragment();
		for (const node of nodes) {
			if (node.index < 0 || this.rects.has(node.id)) {
				continue;
			}
			const rect = document.createElementNS(SVG_NS, 'rect');
			rect.setAttribute('y', String(BAND_TOP));
			rect.setAttribute('height', String(BAND_HEIGHT));
			rect.dataset.id = node.id;
			this.style(rect, node);
			this.rects.set(node.id, rect);
			fragment.appendChild(rect);
		}
		this.bars.appendChild(fragment);
	}

	private style(rect: SVGRectElement, node: TreeNodeView): void {
		rect.setAttribute('x', String(node.tokenStart));
		rect.setAttribute('width', String(Math.max(0, node.tokenEnd - node.tokenStart)));
		rect.setAttribute(
			'class',
			`tl-thought verdict-${node.usefulness}${node.streaming === true ? ' streaming' : ''}${node.id === this.selected ? ' selected' : ''}${node.id === this.hovered ? ' hovered' : ''}`,
		);
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
			this.mark(x, `tl-cut policy-${cut.policy}${shown ? ' shown' : ''}`, shown ? `✂ ${policyLabel(cut.policy)}` : policyLabel(cut.policy).slice(0, 1), `${policyLabel(cut.policy)} cut at ${formatCount(cut.tokenOffset)} tokens (${cut.trigger})`);
		}
		if (chain.oracle !== undefined) {
			this.mark(chain.oracle.tokenOffset * k, 'tl-oracle', 'oracle', `Oracle: the answer is final after ${formatCount(chain.oracle.tokenOffset)} tokens`);
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

	private toggle(id: string | null, className: string, on: boolean): void {
		if (id !== null) {
			this.rects.get(id)?.classList.toggle(className, on);
		}
	}

	private idFrom(event: Event): string | undefined {
		return event.target instanceof SVGRectElement ? event.target.dataset.id : undefined;
	}
}
