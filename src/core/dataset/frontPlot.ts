/**
 * The saved-vs-flips front as inline SVG: for each policy, its settings as points (x: share of answers
 * flipped, y: share of thinking saved) and its front — the settings no other setting of the same policy
 * beats on both — joined as a curve, one colour per policy. Takes plain points, so any producer (eval's
 * per-variant aggregates, a sweep) can draw it.
 */
import { escapeHtml } from '../text/html';
import { formatShare } from './reportFormat';

/** One policy setting. Shares are 0–1. */
export interface FrontPoint {
	readonly policy: string;
	/** Short text beside the point ("M=2", "default"). */
	readonly label: string;
	readonly saved: number;
	readonly flipRate: number;
}

const COLORS: Record<string, string> = {
	trimr: '#2f6fd6',
	'trimr-paper': '#7fa6e6',
	dynasor: '#d2442f',
	deer: '#2e9a4a',
	budget: '#8a4fc1',
};
const WIDTH = 460;
const HEIGHT = 320;
const MARGIN = { left: 58, right: 18, top: 34, bottom: 46 };

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
	const plotW = WIDTH - MARGIN.left - MARGIN.right;
	const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
	const sx = (v: number): number => MARGIN.left + (v / x1) * plotW;
	const sy = (v: number): number => MARGIN.top + (1 - v / y1) * plotH;
	const f = (n: number): string => n.toFixed(1);
	const parts: string[] = [];
	for (const t of ticks(x1)) {
		parts.push(
			`<line class="grid" x1="${f(sx(t))}" x2="${f(sx(t))}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}"/>`,
		);
		parts.push(
			`<text class="tick" x="${f(sx(t))}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${escapeHtml(formatShare(t, x1 > 0.1 ? 0 : 1))}</text>`,
		);
	}
	for (const t of ticks(y1)) {
		parts.push(
			`<line class="grid" x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${f(sy(t))}" y2="${f(sy(t))}"/>`,
		);
		parts.push(
			`<text class="tick" x="${MARGIN.left - 6}" y="${f(sy(t) + 4)}" text-anchor="end">${escapeHtml(formatShare(t, 0))}</text>`,
		);
	}
	parts.push(
		`<rect class="frame" x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}"/>`,
	);
	const policies = [...new Set(points.map((p) => p.policy))];
	for (const policy of policies) {
		const color = COLORS[policy] ?? '#444';
		const mine = points.filter((p) => p.policy === policy);
		const front = paretoFront(mine);
		if (front.length > 1) {
			parts.push(
				`<polyline class="front" fill="none" stroke="${color}" stroke-width="1.8" points="${front.map((p) => `${f(sx(p.flipRate))},${f(sy(p.saved))}`).join(' ')}"/>`,
			);
		}
		for (const p of mine) {
			const onFront = front.includes(p);
			const tip = `${policy} ${p.label}: ${formatShare(p.saved)} of thinking saved, ${formatShare(p.flipRate)} flipped${onFront ? '' : ' (beaten by another setting)'}`;
			parts.push(
				`<circle cx="${f(sx(p.flipRate))}" cy="${f(sy(p.saved))}" r="${onFront ? 4.5 : 3}" fill="${onFront ? color : 'none'}" stroke="${color}"><title>${escapeHtml(tip)}</title></circle>`,
			);
			if (onFront) {
				const left = sx(p.flipRate) > MARGIN.left + plotW - 40;
				parts.push(
					`<text class="label" x="${f(sx(p.flipRate) + (left ? -7 : 7))}" y="${f(sy(p.saved) - 6)}"${left ? ' text-anchor="end"' : ''} fill="${color}">${escapeHtml(p.label)}</text>`,
				);
			}
		}
	}
	policies.forEach((name, i) => {
		const x = MARGIN.left + i * 92;
		parts.push(
			`<circle cx="${x + 5}" cy="14" r="4.5" fill="${COLORS[name] ?? '#444'}"/><text class="legend" x="${x + 14}" y="18">${escapeHtml(name)}</text>`,
		);
	});
	parts.push(
		`<text class="axis" x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 8}" text-anchor="middle">Answers flipped</text>`,
	);
	parts.push(
		`<text class="axis" transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">Thinking saved</text>`,
	);
	if (points.length === 0) {
		parts.push(
			`<text class="axis" x="${MARGIN.left + plotW / 2}" y="${MARGIN.top + plotH / 2}" text-anchor="middle">No completed pair of runs to plot</text>`,
		);
	}
	return `<svg xmlns="http://www.w3.org/2000/svg" class="plot front" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="Thinking saved against answers flipped, one front per policy">${parts.join('')}</svg>`;
}
