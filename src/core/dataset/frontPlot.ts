/**
 * The saved-vs-flips front as inline SVG: for each policy, its settings as points (x: share of answers
 * flipped, y: share of thinking saved) and its front — the settings no other setting of the same policy
 * beats on both — joined as a curve, one colour per policy. Takes plain points, so any producer (eval's
 * per-variant aggregates, a sweep) can draw it.
 */
import { escapeHtml } from '../text/html';
import {
	axisTitleParts,
	coord,
	gridParts,
	legendParts,
	MARGIN,
	nearRightEdge,
	OTHER_COLOR,
	PLOT_H,
	PLOT_W,
	pointLabel,
	POLICY_COLORS,
	svgElement,
} from './plotFrame';
import { formatShare } from './reportFormat';

/** One policy setting. Shares are 0–1. */
export interface FrontPoint {
	readonly policy: string;
	/** Short text beside the point ("M=2", "default"). */
	readonly label: string;
	readonly saved: number;
	readonly flipRate: number;
}

/** A policy's front: its settings not beaten by another (fewer or equal flips and more saved), by flips. */
export function paretoFront(points: readonly FrontPoint[]): FrontPoint[] {
	const sorted = [...points].sort((a, b) => a.flipRate - b.flipRate || b.saved - a.saved);
	const front: FrontPoint[] = [];
	for (const p of sorted) {
		const best = front.at(-1);
		if (best === undefined || p.saved > best.saved) {
			front.push(p);
		}
	}
	return front;
}

function upper(values: readonly number[], floor: number): number {
	const hi = Math.max(floor, ...values);
	const step = hi > 0.3 ? 0.1 : 0.05;
	return Math.ceil(hi / step - 1e-9) * step;
}

function ticks(hi: number): number[] {
	const step = hi > 0.6 ? 0.2 : hi > 0.3 ? 0.1 : hi > 0.1 ? 0.05 : 0.02;
	const out: number[] = [];
	for (let v = 0; v <= hi + 1e-9; v += step) {
		out.push(Math.round(v * 1000) / 1000);
	}
	return out;
}

/** The front chart as an `<svg>`; every text in it is escaped. */
export function frontPlotSvg(points: readonly FrontPoint[]): string {
	const x1 = upper(
		points.map((p) => p.flipRate),
		0.02,
	);
	const y1 = upper(
		points.map((p) => p.saved),
		0.1,
	);
	const sx = (v: number): number => MARGIN.left + (v / x1) * PLOT_W;
	const sy = (v: number): number => MARGIN.top + (1 - v / y1) * PLOT_H;
	const parts = gridParts(
		ticks(x1).map((t) => ({ at: sx(t), text: formatShare(t, x1 > 0.1 ? 0 : 1) })),
		ticks(y1).map((t) => ({ at: sy(t), text: formatShare(t, 0) })),
	);
	const policies = [...new Set(points.map((p) => p.policy))];
	for (const policy of policies) {
		const color = POLICY_COLORS[policy] ?? OTHER_COLOR;
		const mine = points.filter((p) => p.policy === policy);
		const front = paretoFront(mine);
		if (front.length > 1) {
			const line = front.map((p) => `${coord(sx(p.flipRate))},${coord(sy(p.saved))}`).join(' ');
			parts.push(
				`<polyline class="front" fill="none" stroke="${color}" stroke-width="1.8" points="${line}"/>`,
			);
		}
		for (const p of mine) {
			const onFront = front.includes(p);
			const tip =
				`${policy} ${p.label}: ${formatShare(p.saved)} of thinking saved, ` +
				`${formatShare(p.flipRate)} flipped${onFront ? '' : ' (beaten by another setting)'}`;
			parts.push(
				`<circle cx="${coord(sx(p.flipRate))}" cy="${coord(sy(p.saved))}" r="${onFront ? 4.5 : 3}" ` +
					`fill="${onFront ? color : 'none'}" stroke="${color}"><title>${escapeHtml(tip)}</title></circle>`,
			);
			if (onFront) {
				const x = sx(p.flipRate);
				parts.push(pointLabel(x, sy(p.saved) - 6, nearRightEdge(x), color, p.label));
			}
		}
	}
	parts.push(...legendParts(policies, POLICY_COLORS));
	parts.push(...axisTitleParts('Answers flipped', 'Thinking saved', points.length === 0));
	return svgElement(
		'plot front',
		'Thinking saved against answers flipped, one front per policy',
		parts,
	);
}
