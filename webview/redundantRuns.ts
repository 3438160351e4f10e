import type { TreeNodeView } from '../src/shared/protocol';

/** A run of consecutive redundant thoughts; its id is the id of its first thought. */
export interface RedundantRun {
	readonly id: string;
	readonly first: number;
	readonly last: number;
	readonly count: number;
}

/** Pure: the runs of at least `minLength` consecutive redundant thoughts (nodes root first, then by index). */
export function redundantRuns(nodes: readonly TreeNodeView[], minLength = 2): RedundantRun[] {
	const runs: RedundantRun[] = [];
	let start: TreeNodeView | undefined;
	let count = 0;
	const close = (last: number): void => {
		if (start !== undefined && count >= minLength) {
			runs.push({ id: start.id, first: start.index, last, count });
		}
		start = undefined;
		count = 0;
	};
	let previous = -1;
	for (const node of nodes) {
		if (node.index < 0) {
			continue;
		}
		if (node.usefulness === 'redundant') {
			if (start === undefined) {
				start = node;
			}
			count++;
		} else {
			close(previous);
		}
		previous = node.index;
	}
	close(previous);
	return runs;
}

/** The nodes to draw when some runs are collapsed into their first thought. */
export interface VisibleTree {
	/** Visible nodes, with parents remapped past hidden thoughts. */
	readonly nodes: readonly TreeNodeView[];
	/** Hidden thought id → id of the run's first thought that stands for it. */
	readonly hiddenBy: ReadonlyMap<string, string>;
	/** Run id → number of thoughts it hides. */
	readonly collapsedCounts: ReadonlyMap<string, number>;
}

/**
 * Pure: hides every thought of a collapsed run but the first, which stands for the run; children of a
 * hidden thought hang from that first thought. Parents always come before children in chain order, so
 * the result is still a tree.
 */
export function collapseRuns(
	nodes: readonly TreeNodeView[],
	runs: readonly RedundantRun[],
	collapsed: ReadonlySet<string>,
): VisibleTree {
	const hiddenBy = new Map<string, string>();
	const collapsedCounts = new Map<string, number>();
	const active = runs.filter((run) => collapsed.has(run.id));
	if (active.length === 0) {
		return { nodes, hiddenBy, collapsedCounts };
	}
	let r = 0;
	const visible: TreeNodeView[] = [];
	for (const node of nodes) {
		while (r < active.length && (active[r] as RedundantRun).last < node.index) {
			r++;
		}
		const run = active[r];
		if (run !== undefined && node.index > run.first && node.index <= run.last) {
			hiddenBy.set(node.id, run.id);
			continue;
		}
		if (run !== undefined && node.index === run.first) {
			collapsedCounts.set(run.id, run.count - 1);
		}
		const parent = node.parentId === null ? null : (hiddenBy.get(node.parentId) ?? node.parentId);
		visible.push(parent === node.parentId ? node : { ...node, parentId: parent });
	}
	return { nodes: visible, hiddenBy, collapsedCounts };
}
