/**
 * What the dataset report's two charts (the accuracy plot and the saved-vs-flips front) share: their
 * size, one colour per policy, the grid with its tick labels, the legend, the axis titles and the `<svg>`
 * element around them. Every text is escaped.
 */
import { escapeHtml } from '../text/html';

/** One colour per policy; anything else is drawn grey. */
export const POLICY_COLORS: Readonly<Record<string, string>> = {
	trimr: '#2f6fd6',
	'trimr-paper': '#7fa6e6',
	dynasor: '#d2442f',
	deer: '#2e9a4a',
	budget: '#8a4fc1',
};
export const OTHER_COLOR = '#444';
export const WIDTH = 460;
export const HEIGHT = 320;
export const MARGIN = { left: 58, right: 18, top: 34, bottom: 46 } as const;
export const PLOT_W = WIDTH - MARGIN.left - MARGIN.right;
export const PLOT_H = HEIGHT - MARGIN.top - MARGIN.bottom;

/** A coordinate as written into the SVG. */
export function coord(n: number): string {
	return n.toFixed(1);
}

/** A grid line and its label, `at` in pixels along its axis. */
export interface Tick {
	readonly at: number;
	readonly text: string;
}

/** Grid lines with their tick labels (x axis below the plot, y axis left of it), then the frame. */
export function gridParts(xTicks: readonly Tick[], yTicks: readonly Tick[]): string[] {
	const bottom = MARGIN.top + PLOT_H;
	const parts: string[] = [];
	for (const { at, text } of xTicks) {
		const x = coord(at);
		parts.push(`<line class="grid" x1="${x}" x2="${x}" y1="${MARGIN.top}" y2="${bottom}"/>`);
		parts.push(
			`<text class="tick" x="${x}" y="${bottom + 16}" text-anchor="middle">${escapeHtml(text)}</text>`,
		);
	}
	for (const { at, text } of yTicks) {
		parts.push(
			`<line class="grid" x1="${MARGIN.left}" x2="${MARGIN.left + PLOT_W}" ` +
				`y1="${coord(at)}" y2="${coord(at)}"/>`,
		);
		parts.push(
			`<text class="tick" x="${MARGIN.left - 6}" y="${coord(at + 4)}" text-anchor="end">` +
				`${escapeHtml(text)}</text>`,
		);
	}
	parts.push(
		`<rect class="frame" x="${MARGIN.left}" y="${MARGIN.top}" width="${PLOT_W}" height="${PLOT_H}"/>`,
	);
	return parts;
}

/** The text beside a point: to its right, or to its left (`toLeft`) where the plot's edge is near. */
export function pointLabel(
	x: number,
	y: number,
	toLeft: boolean,
	color: string,
	text: string,
): string {
	const anchor = toLeft ? ' text-anchor="end"' : '';
	return (
		`<text class="label" x="${coord(x + (toLeft ? -7 : 7))}" y="${coord(y)}"${anchor} fill="${color}">` +
		`${escapeHtml(text)}</text>`
	);
}

/** Whether a point at `x` pixels is too near the plot's right edge for a label to its right. */
export function nearRightEdge(x: number): boolean {
	return x > MARGIN.left + PLOT_W - 40;
}

/** The legend along the top: a dot in each series' colour and its name. */
export function legendParts(
	names: readonly string[],
	colors: Readonly<Record<string, string>>,
): string[] {
	return names.map((name, i) => {
		const x = MARGIN.left + i * 92;
		return (
			`<circle cx="${x + 5}" cy="14" r="4.5" fill="${colors[name] ?? OTHER_COLOR}"/>` +
			`<text class="legend" x="${x + 14}" y="18">${escapeHtml(name)}</text>`
		);
	});
}

/** The axis titles, and a notice over the empty plot when there is nothing to draw. */
export function axisTitleParts(xName: string, yName: string, empty: boolean): string[] {
	const parts = [
		`<text class="axis" x="${MARGIN.left + PLOT_W / 2}" y="${HEIGHT - 8}" text-anchor="middle">` +
			`${escapeHtml(xName)}</text>`,
		`<text class="axis" transform="translate(14 ${MARGIN.top + PLOT_H / 2}) rotate(-90)" ` +
			`text-anchor="middle">${escapeHtml(yName)}</text>`,
	];
	if (empty) {
		parts.push(
			`<text class="axis" x="${MARGIN.left + PLOT_W / 2}" y="${MARGIN.top + PLOT_H / 2}" ` +
				'text-anchor="middle">No completed pair of runs to plot</text>',
		);
	}
	return parts;
}

/** The chart's `<svg>` element around its parts. */
export function svgElement(className: string, label: string, parts: readonly string[]): string {
	return (
		`<svg xmlns="http://www.w3.org/2000/svg" class="${className}" viewBox="0 0 ${WIDTH} ${HEIGHT}" ` +
		`width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(label)}">` +
		`${parts.join('')}</svg>`
	);
}
