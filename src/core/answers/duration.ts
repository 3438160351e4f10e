/**
 * Durations stated in time units ("3 hours and 24 minutes", "204 minutes", "3.4 h", "\text{1 hr 30 min}"),
 * as seconds. Normalization keeps only the number of a single trailing unit, so "204 minutes" and
 * "3.4 hours" would compare as 204 vs 3.4, and a compound duration would not parse at all.
 */

const UNIT_SECONDS: ReadonlyArray<readonly [RegExp, number]> = [
	[/^(?:hours?|hrs?|h)$/, 3600],
	[/^(?:minutes?|mins?)$/, 60], // not a bare "m": metres
	[/^(?:seconds?|secs?)$/, 1],
];

const PART = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/;

function unitSeconds(unit: string): number | undefined {
	return UNIT_SECONDS.find(([pattern]) => pattern.test(unit))?.[1];
}

/** Plain text of an answer: TeX text wrappers, math delimiters and spacing commands removed. */
function plainText(raw: string): string {
	return raw
		.replace(/\\(?:text|mathrm|textrm|mbox|operatorname)\s*\{([^{}]*)\}/g, ' $1 ')
		.replace(/\\[,;:! ]|~|\$|\\\(|\\\)|\\\[|\\\]|[{}]/g, ' ')
		.replace(/[.;]\s*$/, '')
		.toLowerCase()
		.trim();
}

/**
 * The duration a whole answer states, in seconds; undefined unless every part is a number with a
 * time unit (parts joined by spaces, commas or "and"), and at least one unit is given.
 */
export function durationSeconds(raw: string): number | undefined {
	const text = plainText(raw);
	if (text === '' || raw.length > 200) {
		return undefined;
	}
	const parts = text
		.split(/\s*(?:,|\band\b)\s*|\s+(?=\d)/)
		.map((p) => p.trim())
		.filter((p) => p !== '');
	let total = 0;
	for (const part of parts) {
		const match = PART.exec(part);
		const seconds = match === null ? undefined : unitSeconds(match[2] ?? '');
		if (match === null || seconds === undefined) {
			return undefined;
		}
		total += Number(match[1]) * seconds;
	}
	return parts.length > 0 ? total : undefined;
}

/** Whether two answers state the same duration; undefined unless both state one. */
export function sameDuration(a: string, b: string): boolean | undefined {
	const da = durationSeconds(a);
	const db = durationSeconds(b);
	if (da === undefined || db === undefined) {
		return undefined;
	}
	return Math.abs(da - db) <= 1e-9 * Math.max(1, Math.abs(da), Math.abs(db));
}
