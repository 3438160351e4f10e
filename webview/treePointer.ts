/** What pointer and keyboard input can do to the tree. */
export interface TreeInputTarget {
	selected(): string | null;
	hovered(): string | null;
	/** True when `id` starts a redundant run (Space or `c` collapses/expands it). */
	isRunHead(id: string): boolean;
	select(id: string, reveal: boolean): void;
	highlight(id: string): void;
	/** The node an arrow/Home/End/PageUp key moves to (see treeKeys.ts). */
	navigate(key: string): string | undefined;
}

/** What the tree reports to the rest of the view. */
export interface TreeInputEvents {
	onOpen(nodeId: string): void;
	onHover(nodeId: string | null): void;
	onToggleRun(runId: string): void;
}

function nodeIdFrom(event: Event): string | undefined {
	const target = event.target instanceof Element ? event.target.closest('g.node') : null;
	return target instanceof SVGGElement ? target.dataset.id : undefined;
}

/**
 * Wires clicks, hover and keys on the tree (delegated: one listener per layer, not per node). Click
 * selects (a run's toggle line collapses/expands it), Enter opens the details, Space or `c` toggles
 * the selected run, the arrow keys move (ArrowDown = the next thought).
 */
export function bindTreeInput(
	svg: SVGSVGElement,
	nodeLayer: SVGGElement,
	target: TreeInputTarget,
	events: TreeInputEvents,
): void {
	nodeLayer.addEventListener('click', (event) => {
		const id = nodeIdFrom(event);
		if (id === undefined) {
			return;
		}
		if (event.target instanceof Element && event.target.classList.contains('run-toggle')) {
			events.onToggleRun(id);
			return;
		}
		target.select(id, false);
		svg.focus({ preventScroll: true });
	});
	nodeLayer.addEventListener('mouseover', (event) => {
		const id = nodeIdFrom(event);
		if (id !== undefined && id !== target.hovered()) {
			target.highlight(id);
			events.onHover(id);
		}
	});
	nodeLayer.addEventListener('mouseleave', () => events.onHover(null));
	svg.addEventListener('keydown', (event) => {
		const selected = target.selected();
		if (event.key === 'Enter' && selected !== null) {
			event.preventDefault();
			events.onOpen(selected);
			return;
		}
		if (
			(event.key === ' ' || event.key === 'c') &&
			selected !== null &&
			target.isRunHead(selected)
		) {
			event.preventDefault();
			events.onToggleRun(selected);
			return;
		}
		const next = target.navigate(event.key);
		if (next !== undefined) {
			event.preventDefault();
			target.select(next, true);
		}
	});
}
