import { el } from './detailPane';

/** One key entry: a small drawing (class-styled, so it follows the theme) and its meaning. */
function entry(swatchClass: string, glyph: string, text: string): HTMLElement {
	const item = el('span', 'legend-item');
	const swatch = el('span', `legend-swatch ${swatchClass}`);
	swatch.textContent = glyph;
	swatch.setAttribute('aria-hidden', 'true');
	const label = el('span', 'legend-text');
	label.textContent = text;
	item.append(swatch, label);
	return item;
}

function row(title: string, items: HTMLElement[]): HTMLElement {
	const line = el('div', 'legend-row');
	const head = el('span', 'legend-head');
	head.textContent = title;
	line.append(head, ...items);
	return line;
}

/**
 * The tree's key, above the tree: the verdict colours always in sight (summary line), and on opening
 * the shapes, what an edge means (it follows the child's role, see parentRule.ts) and how the cut is
 * drawn. A `<details>`, so it costs one line until the reader wants it.
 */
export function makeLegend(): HTMLElement {
	const details = el('details', 'legend');
	const summary = el('summary', 'legend-summary');
	const head = el('span', 'legend-head');
	head.textContent = 'Legend';
	summary.append(
		head,
		entry('verdict-useful', '●', 'useful'),
		entry('verdict-redundant', '●', 'redundant'),
		entry('verdict-undecided', '●', 'undecided'),
		entry('legend-more', '', 'shapes, edges, cut'),
	);
	details.append(
		summary,
		row('Shape', [
			entry('', '■', 'problem'),
			entry('', '●', 'progress'),
			entry('', '★', 'conclusion (states an answer)'),
			entry('', '◆', 'verification'),
			entry('', '▲', 'alternative approach'),
			entry('', 'Y', 'backtrack'),
			entry('', '⬤', 'size = tokens'),
		]),
		row('Edge', [
			entry('edge-continuation', '──', 'continuation: the next step of the same line'),
			entry('edge-recheck', '┈┈', 're-check: a verification of the ★ answer above it'),
			entry(
				'edge-branch',
				'─ ·',
				'branch: an alternative approach, or a backtrack to where the abandoned line began',
			),
		]),
		row('Cut', [
			entry(
				'legend-cut',
				'✂',
				'faded nodes after the orange line are what the shown policy trims; numbers (#12) are thoughts in chain order',
			),
		]),
	);
	return details;
}
