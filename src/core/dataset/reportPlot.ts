/**
 * The evaluation's plot as inline SVG (no script, no external resource): accuracy of each trimmed
 * variant against the share of thinking tokens (or wall-clock time) it saved, one colour per policy,
 * the variants of a policy joined in sweep order, and the untrimmed run as the grey point at zero
 * savings. Without gold answers the y axis is the agreement with the untrimmed answer.
 */
import type { DatasetEvaluation } from './evaluationTypes';
import { escapeHtml } from '../text/html';
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

const COLORS: Record<string, string> = {
	trimr: '#2f6fd6',
	'trimr-paper': '#7fa6e6',
	dynasor: '#d2442f',
	deer: '#2e9a4a',
	budget: '#8a4fc1',
	untrimmed: '#7a7a7a',
};
const WIDTH = 460;
const HEIGHT = 320;
const MARGIN = { left: 58, right: 18, top: 34, bottom: 46 };

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
	const plotW = WIDTH - MARGIN.left - MARGIN.right;
	const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
	const sx = (v: number): number => MARGIN.left + ((v - x0) / (x1 - x0 || 1)) * plotW;
	const sy = (v: number): number => MARGIN.top + (1 - (v - y0) / (y1 - y0 || 1)) * plotH;
	const f = (n: number): string => n.toFixed(1);
	const xName = data.axis === 'tokens' ? 'Thinking tokens saved' : 'Wall-clock time saved';
	const yName =
		data.metric === 'accuracy' ? 'Accuracy (vs gold)' : 'Agreement with untrimmed answer';
	const parts: string[] = [];
	for (const t of ticks(x0, x1)) {
		parts.push(
			`<line class="grid" x1="${f(sx(t))}" x2="${f(sx(t))}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}"/>`,
		);
		parts.push(
			`<text class="tick" x="${f(sx(t))}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">${escapeHtml(formatShare(t, 0))}</text>`,
		);
	}
	for (const t of ticks(y0, y1)) {
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
	const series = [...new Set(data.points.map((p) => p.series))];
	for (const name of series) {
		const color = COLORS[name] ?? '#444';
		const pts = data.points.filter((p) => p.series === name);
		if (pts.length > 1) {
			parts.push(
				`<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${pts.map((p) => `${f(sx(p.x))},${f(sy(p.y))}`).join(' ')}"/>`,
			);
		}
		for (const p of pts) {
			const tip = `${p.title}: ${data.metric} ${formatShare(p.y)}, ${xName.toLowerCase()} ${formatShare(p.x)}`;
			parts.push(
				`<circle cx="${f(sx(p.x))}" cy="${f(sy(p.y))}" r="4.5" fill="${color}"><title>${escapeHtml(tip)}</title></circle>`,
			);
			// The untrimmed point sits on the left edge, and a point near the right edge has no room to its
			// right: their labels go below the point, clear of the labels above their neighbours.
			const left = sx(p.x) > MARGIN.left + plotW - 40;
			const below = p.series === 'untrimmed' || left;
			parts.push(
				`<text class="label" x="${f(sx(p.x) + (left ? -7 : 7))}" y="${f(sy(p.y) + (below ? 16 : -6))}"${left ? ' text-anchor="end"' : ''} fill="${color}">${escapeHtml(p.label)}</text>`,
			);
		}
	}
	series.forEach((name, i) => {
		const x = MARGIN.left + i * 92;
		parts.push(
			`<circle cx="${x + 5}" cy="14" r="4.5" fill="${COLORS[name] ?? '#444'}"/><text class="legend" x="${x + 14}" y="18">${escapeHtml(name)}</text>`,
		);
	});
	parts.push(
		`<text class="axis" x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 8}" text-anchor="middle">${escapeHtml(xName)}</text>`,
	);
	parts.push(
		`<text class="axis" transform="translate(14 ${MARGIN.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(yName)}</text>`,
	);
	if (data.points.length === 0) {
		parts.push(
			`<text class="axis" x="${MARGIN.left + plotW / 2}" y="${MARGIN.top + plotH / 2}" text-anchor="middle">No completed pair of runs to plot</text>`,
		);
	}
	const label = `${yName} against ${xName.toLowerCase()}, per policy and threshold`;
	return `<svg xmlns="http://www.w3.org/2000/svg" class="plot" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(label)}">${parts.join('')}</svg>`;
}
