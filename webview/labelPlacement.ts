/** A node that may get a label, in screen pixels (the view's top-left is 0,0). */
export interface LabelCandidate {
	readonly id: string;
	/** The node's centre and radius on screen. */
	readonly x: number;
	readonly y: number;
	readonly r: number;
	/** The full label ("#12 So the answer is 42"), and the short form used when room is scarce ("#12"). */
	readonly full: string;
	readonly short: string;
	/** Selected or hovered: placed first and never shortened below its full text when it fits the view. */
	readonly focus: boolean;
	/** The problem: labelled however small it is drawn, so even the fitted view of a huge tree says what it is. */
	readonly root?: boolean;
	/** Extra lines under the label (a redundant run's toggle); dropped when there is no room for them. */
	readonly extra?: string;
}

/** A placed label: its text, side, and the box it occupies on screen. */
export interface PlacedLabel {
	readonly id: string;
	readonly text: string;
	/** 'end': drawn left of the node (the right side had no room). */
	readonly anchor: 'start' | 'end';
	readonly box: Box;
	/** The toggle line, when it fits. */
	readonly extra?: { readonly text: string; readonly box: Box };
}

export interface Box {
	readonly x0: number;
	readonly y0: number;
	readonly x1: number;
	readonly y1: number;
}

export interface PlacementSpace {
	readonly width: number;
	readonly height: number;
	/** Width in pixels of `text` at the label font. */
	measure(text: string): number;
}

/** Label font size and line box, in screen pixels: constant at every zoom, so every drawn label is readable. */
export const LABEL_FONT_PX = 11;
const LINE_PX = 14;
const GAP_PX = 4;
/** Never less text than "#12 Wa…": a label shorter than this shows the node's number alone. */
const MIN_TEXT_CHARS = 6;
/** Nodes smaller than this on screen are dots in a crowd: no label, not even a number. */
const MIN_RADIUS_PX = 0.75;
/** Rows of the collision grid, in pixels. */
const ROW_PX = 16;

/**
 * Pure: chooses which nodes get a label and how much of it (semantic zoom). Labels are placed greedily,
 * focused nodes first, then in the given order (chain order); each label goes right of its node, or left when
 * the right has no room, and is cut with an ellipsis where it would run into an earlier label, a node or the
 * view's edge. When not even a few characters fit, the node's number is drawn alone, and when that does not
 * fit either, nothing. `obstacles` (the cut's ✂ marks) are kept clear as well. So no two labels intersect,
 * none leaves the view, and zooming in (more room between nodes) brings the full labels back.
 * Cost: O(n · labels per row band).
 */
export function placeLabels(
	candidates: readonly LabelCandidate[],
	space: PlacementSpace,
	obstacles: readonly Box[] = [],
): PlacedLabel[] {
	const grid = new Map<number, Box[]>();
	for (const box of obstacles) {
		add(grid, box);
	}
	const inView = candidates.filter(
		(c) => c.x >= 0 && c.x <= space.width && c.y >= 0 && c.y <= space.height,
	);
	// Node shapes are obstacles too: a label never covers another thought (dots too small to tell apart
	// are not: in a fitted huge tree they would leave no room even for the problem's label).
	const shapes = new Map<string, Box>();
	for (const c of inView.filter((n) => n.r >= MIN_RADIUS_PX)) {
		const shape = { x0: c.x - c.r, y0: c.y - c.r, x1: c.x + c.r, y1: c.y + c.r };
		shapes.set(c.id, shape);
		add(grid, shape);
	}
	const ordered = [
		...inView.filter((c) => c.focus || c.root === true),
		...inView.filter((c) => !c.focus && c.root !== true),
	];
	const placed: PlacedLabel[] = [];
	for (const c of ordered) {
		if (c.r < MIN_RADIUS_PX && c.focus !== true && c.root !== true) {
			continue;
		}
		const label = placeOne(c, grid, space, shapes.get(c.id));
		if (label !== undefined) {
			placed.push(label);
			add(grid, label.box);
			if (label.extra !== undefined) {
				add(grid, label.extra.box);
			}
		}
	}
	return placed;
}

function placeOne(
	c: LabelCandidate,
	grid: Map<number, Box[]>,
	space: PlacementSpace,
	self: Box | undefined,
): PlacedLabel | undefined {
	const y0 = c.y - LINE_PX / 2;
	const y1 = c.y + LINE_PX / 2;
	if (y0 < 0 || y1 > space.height) {
		return undefined;
	}
	for (const anchor of ['start', 'end'] as const) {
		const room = roomBeside(c, anchor, y0, y1, grid, self, space.width);
		const text = fitText(c, room, (t) => space.measure(t));
		if (text === undefined) {
			continue;
		}
		const w = space.measure(text);
		const x0 = anchor === 'start' ? c.x + c.r + GAP_PX : c.x - c.r - GAP_PX - w;
		const box = { x0, y0, x1: x0 + w, y1 };
		return { id: c.id, text, anchor, box, extra: extraLine(c, anchor, box, grid, space) };
	}
	return undefined;
}

/** The free width right (start) or left (end) of the node, up to the first obstacle or the view's edge. */
function roomBeside(
	c: LabelCandidate,
	anchor: 'start' | 'end',
	y0: number,
	y1: number,
	grid: Map<number, Box[]>,
	self: Box | undefined,
	width: number,
): number {
	const from = anchor === 'start' ? c.x + c.r + GAP_PX : c.x - c.r - GAP_PX;
	let limit = anchor === 'start' ? width - 1 : 1;
	for (const box of near(grid, y0, y1)) {
		if (box === self || box.y1 <= y0 || box.y0 >= y1) {
			continue;
		}
		if (anchor === 'start') {
			if (box.x1 > from && box.x0 <= from) {
				return 0;
			}
			if (box.x0 > from) {
				limit = Math.min(limit, box.x0 - GAP_PX);
			}
		} else {
			if (box.x0 < from && box.x1 >= from) {
				return 0;
			}
			if (box.x1 < from) {
				limit = Math.max(limit, box.x1 + GAP_PX);
			}
		}
	}
	return Math.max(0, anchor === 'start' ? limit - from : from - limit);
}

/** The longest form of the label that fits `room`: full, cut with an ellipsis, the number alone, or none. */
function fitText(
	c: LabelCandidate,
	room: number,
	measure: (text: string) => number,
): string | undefined {
	if (measure(c.full) <= room) {
		return c.full;
	}
	const minimal = `${c.full.slice(0, c.short.length + 1 + MIN_TEXT_CHARS)}…`;
	if (measure(minimal) <= room) {
		// Binary search on the cut: the widest prefix (plus ellipsis) that fits.
		let lo = c.short.length + 1 + MIN_TEXT_CHARS;
		let hi = c.full.length - 1;
		while (lo < hi) {
			const mid = Math.ceil((lo + hi) / 2);
			if (measure(`${c.full.slice(0, mid).trimEnd()}…`) <= room) {
				lo = mid;
			} else {
				hi = mid - 1;
			}
		}
		return `${c.full.slice(0, lo).trimEnd()}…`;
	}
	return measure(c.short) <= room ? c.short : undefined;
}

/** The toggle line under a label, when its whole text fits below without touching anything. */
function extraLine(
	c: LabelCandidate,
	anchor: 'start' | 'end',
	box: Box,
	grid: Map<number, Box[]>,
	space: PlacementSpace,
): PlacedLabel['extra'] {
	if (c.extra === undefined) {
		return undefined;
	}
	const w = space.measure(c.extra);
	const x0 = anchor === 'start' ? box.x0 : box.x1 - w;
	const candidate = { x0, y0: box.y1, x1: x0 + w, y1: box.y1 + LINE_PX };
	if (candidate.x0 < 0 || candidate.x1 > space.width || candidate.y1 > space.height) {
		return undefined;
	}
	const clash = [...near(grid, candidate.y0, candidate.y1)].some((b) => intersects(b, candidate));
	return clash ? undefined : { text: c.extra, box: candidate };
}

export function intersects(a: Box, b: Box): boolean {
	return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

function add(grid: Map<number, Box[]>, box: Box): void {
	for (let row = Math.floor(box.y0 / ROW_PX); row <= Math.floor(box.y1 / ROW_PX); row++) {
		const list = grid.get(row);
		if (list === undefined) {
			grid.set(row, [box]);
		} else {
			list.push(box);
		}
	}
}

function* near(grid: Map<number, Box[]>, y0: number, y1: number): Generator<Box> {
	const seen = new Set<Box>();
	for (let row = Math.floor(y0 / ROW_PX); row <= Math.floor(y1 / ROW_PX); row++) {
		for (const box of grid.get(row) ?? []) {
			if (!seen.has(box)) {
				seen.add(box);
				yield box;
			}
		}
	}
}
