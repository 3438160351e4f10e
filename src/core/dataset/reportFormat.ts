/**
 * Formatting shared by the evaluation's exports (HTML report, CLI table, the extension's views): the
 * display form of shares, times and counts. Escaping is core/text/html.ts's.
 */
/** A 0–1 share as a percentage ("54.1 %"); "–" when unknown. */
export function formatShare(share: number | undefined, digits = 1): string {
	return share === undefined || !Number.isFinite(share)
		? '–'
		: `${(share * 100).toFixed(digits)} %`;
}

/** Milliseconds as seconds ("1.24 s"); "–" when unknown. */
export function formatSeconds(ms: number | undefined): string {
	if (ms === undefined || !Number.isFinite(ms)) {
		return '–';
	}
	return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

/** A count with thin grouping ("12 345"). */
export function formatCount(n: number | undefined): string {
	if (n === undefined || !Number.isFinite(n)) {
		return '–';
	}
	return Math.round(n).toLocaleString('en-US').replace(/,/g, ' ');
}

/** "yes" / "no" / "–". */
export function formatYesNo(value: boolean | undefined): string {
	return value === undefined ? '–' : value ? 'yes' : 'no';
}

/** Text cut to `max` characters on a word boundary when possible, with an ellipsis. */
export function excerpt(text: string, max: number): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	if (flat.length <= max) {
		return flat;
	}
	const cut = flat.slice(0, max);
	const space = cut.lastIndexOf(' ');
	return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}
