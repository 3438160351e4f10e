import { select, type Selection } from 'd3-selection';
import {
	zoom,
	zoomIdentity,
	zoomTransform,
	type D3ZoomEvent,
	type ZoomBehavior,
	type ZoomTransform,
} from 'd3-zoom';
import type { Point, TreeLayout } from './treeLayout';

/** Small enough that Fit shows a whole 2,000-thought tree (its labels then reduce to the problem's). */
const MIN_ZOOM = 0.004;

export interface ZoomState {
	readonly x: number;
	readonly y: number;
	readonly k: number;
}

/**
 * Zoom and pan of the tree's svg (d3-zoom): fit, first view, restore, reveal a node. The svg's size
 * comes from a ResizeObserver and d3-zoom gets it as a fixed extent, so no zoom call forces a layout.
 */
export class TreeZoom {
	private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
	private readonly behavior: ZoomBehavior<SVGSVGElement, unknown>;
	private width = 0;
	private height = 0;
	/** The user moved the view since the last fit or first view (streaming stops following then). */
	userMoved = false;

	constructor(
		private readonly svgElement: SVGSVGElement,
		/** Every transform change; `byUser` when it came from the mouse or a gesture. */
		onChange: (transform: ZoomTransform, byUser: boolean) => void,
		onResize: () => void,
	) {
		this.svg = select(svgElement);
		this.behavior = zoom<SVGSVGElement, unknown>()
			.scaleExtent([MIN_ZOOM, 4])
			.extent(() => {
				const { width, height } = this.size();
				return [
					[0, 0],
					[width, height],
				];
			})
			.on('zoom', (event: D3ZoomEvent<SVGSVGElement, unknown>) => {
				const byUser = event.sourceEvent !== null && event.sourceEvent !== undefined;
				if (byUser) {
					this.userMoved = true;
				}
				onChange(event.transform, byUser);
			});
		this.svg.call(this.behavior).on('dblclick.zoom', null);
		new ResizeObserver((entries) => {
			const box = entries[0]?.contentRect;
			if (box !== undefined) {
				this.width = box.width;
				this.height = box.height;
				onResize();
			}
		}).observe(svgElement);
	}

	transform(): ZoomTransform {
		return zoomTransform(this.svgElement);
	}

	size(): { width: number; height: number } {
		return {
			width: this.width || window.innerWidth,
			height: this.height || Math.round(window.innerHeight * 0.55),
		};
	}

	/** Restores a saved zoom. */
	restore(state: ZoomState): void {
		this.userMoved = true;
		this.behavior.transform(this.svg, zoomIdentity.translate(state.x, state.y).scale(state.k));
	}

	/** Scales and centres the whole tree in the view. */
	fit(layout: TreeLayout): void {
		const { width, height } = this.size();
		const w = layout.maxX - layout.minX + 320;
		const h = layout.maxY + 60;
		const k = Math.max(MIN_ZOOM, Math.min(1.2, width / w, height / h));
		const x = (width - (layout.maxX + layout.minX) * k) / 2 - 80 * k;
		this.behavior.transform(this.svg, zoomIdentity.translate(x, 24).scale(k));
		this.userMoved = false;
	}

	/** The first view of a chain: readable scale, top-aligned, the problem centred. */
	home(layout: TreeLayout): void {
		const { width } = this.size();
		const k = Math.max(0.5, Math.min(1, width / (layout.maxX - layout.minX + 320)));
		this.behavior.transform(this.svg, zoomIdentity.translate(width / 2 - 60 * k, 24).scale(k));
		this.userMoved = false;
	}

	/** Pans so that `p` is in view (centred), when it is not already. */
	reveal(p: Point): void {
		const t = this.transform();
		const [sx, sy] = t.apply([p.x, p.y]);
		const { width, height } = this.size();
		if (sx < 30 || sx > width - 120 || sy < 30 || sy > height - 30) {
			this.behavior.translateTo(this.svg, p.x + 40 / t.k, p.y);
		}
	}
}
