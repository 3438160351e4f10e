/**
 * The evaluation's plot as inline SVG (no script, no external resource): accuracy of each trimmed
 * variant against the share of thinking tokens (or wall-clock time) it saved, one colour per policy,
 * the variants of a policy joined in sweep order, and the untrimmed run as the grey point at zero
 * savings. Without gold answers the y axis is the agreement with the untrimmed answer.
 */
import type { DatasetEvaluation } from './evaluationTypes';
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

/** Which saving goes on the x axis. */
export type PlotAxis = 'tokens' | 'time';

/** One point of the plot; `x` and `y` are 0–1 shares. */
export interface PlotPoint {
	/** Points of one series are joined and share a colour (the policy, or "untrimmed"). */
	readonly series: string;
	/** Short text beside the point ("M=1", "default", "untrimmed"). */
	readonly label: string;
	/** Tooltip: the variant's full label. */
	readonly title: string;
	readonly x: number;
	readonly y: number;
}

/** What the plot shows. */
export interface PlotData {
	readonly axis: PlotAxis;
	/** `accuracy` when some problems have a gold answer, else `agreement` with the untrimmed answer. */
	readonly metric: 'accuracy' | 'agreement';
	readonly points: readonly PlotPoint[];
}

const COLORS: Readonly<Record<string, string>> = { ...POLICY_COLORS, untrimmed: '#7a7a7a' };

/** The plot's points from an evaluation's aggregates (variants without a comparable pair are left out). */
export function plotData(evaluation: DatasetEvaluation, axis: PlotAxis): PlotData {
	const metric = evaluation.aggregates.some((a) => a.graded > 0) ? 'accuracy' : 'agreement';
	const points: PlotPoint[] = [];
	const baseline =
		metric === 'accuracy'
			? evaluation.untrimmed.accuracy
			: evaluation.untrimmed.completed > 0
				? 1
				: undefined;
	if (baseline !== undefined) {
		points.push({ series: 'untrimmed', label: 'untrimmed', title: 'Untrimmed', x: 0, y: baseline });
	}
	for (const a of evaluation.aggregates) {
		const x = axis === 'tokens' ? a.savedThinkingShare : a.savedTimeShare;
		const y = metric === 'accuracy' ? a.accuracyTrimmed : a.agreement;
		if (x === undefined || y === undefined) {
			continue;
		}
		const params = Object.entries(a.parameters)
			.map(([k, v]) => `${k}=${v}`)
			.join(' ');
		points.push({
			series: a.policy,
			label: params === '' ? 'default' : params,
			title: a.label,
			x,
			y,
		});
	}
	return { axis, metric, points };
}

function niceDomain(values: readonly number[], floor: number, ceiling: number): [number, number] {
	const lo = Math.min(floor, ...values);
	const hi = Math.max(ceiling, ...values);
	return [Math.floor(lo * 10) / 10, Math.ceil(hi * 10) / 10];
}

function ticks(lo: number, hi: number): number[] {
	const step = hi - lo > 0.6 ? 0.2 : hi - lo > 0.3 ? 0.1 : 0.05;
	const out: number[] = [];
	for (let v = lo; v <= hi + 1e-9; v += step) {
		out.push(Math.round(v * 100) / 100);
	}
	return out;
}

/** The plot as an `<svg>` element; every text in it is escaped. */
export function accuracyPlotSvg(data: PlotData): string {
	const xs = data.points.map((p) => p.x);
	const ys = data.points.map((p) => p.y);
	const [x0, x1] = niceDomain(xs, 0, 0.1);
	const yLow = ys.length > 0 ? Math.max(0, Math.floor((Math.min(...ys) - 0.05) * 10) / 10) : 0;
	const [y0, y1] = [yLow, 1];
	const sx = (v: number): number => MARGIN.left + ((v - x0) / (x1 - x0 || 1)) * PLOT_W;
	const sy = (v: number): number => MARGIN.top + (1 - (v - y0) / (y1 - y0 || 1)) * PLOT_H;
	const xName = data.axis === 'tokens' ? 'Thinking tokens saved' : 'Wall-clock time saved';
	const yName =
		data.metric === 'accuracy' ? 'Accuracy (vs gold)' : 'Agreement with untrimmed answer';
	const parts = gridParts(
		ticks(x0, x1).map((t) => ({ at: sx(t), text: formatShare(t, 0) })),
		ticks(y0, y1).map((t) => ({ at: sy(t), text: formatShare(t, 0) })),
	);
	const series = [...new Set(data.points.map((p) => p.series))];
	for (const name of series) {
		const color = COLORS[name] ?? OTHER_COLOR;
		const pts = data.points.filter((p) => p.series === name);
		if (pts.length > 1) {
			const line = pts.map((p) => `${coord(sx(p.x))},${coord(sy(p.y))}`).join(' ');
			parts.push(`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${line}"/>`);
		}
		for (const p of pts) {
			const tip =
				`${p.title}: ${data.metric} ${formatShare(p.y)}, ` +
				`${xName.toLowerCase()} ${formatShare(p.x)}`;
			parts.push(
				`<circle cx="${coord(sx(p.x))}" cy="${coord(sy(p.y))}" r="4.5" fill="${color}">` +
					`<title>${escapeHtml(tip)}</title></circle>`,
			);
			// The untrimmed point sits on the left edge, and a point near the right edge has no room to its
			// right: their labels go below the point, clear of the labels above their neighbours.
			const left = nearRightEdge(sx(p.x));
			const below = p.series === 'untrimmed' || left;
			parts.push(pointLabel(sx(p.x), sy(p.y) + (below ? 16 : -6), left, color, p.label));
		}
	}
	parts.push(...legendParts(series, COLORS));
	parts.push(...axisTitleParts(xName, yName, data.points.length === 0));
	const label = `${yName} against ${xName.toLowerCase()}, per policy and threshold`;
	return svgElement('plot', label, parts);
}
