import type { ThoughtRole } from '../../shared/protocol';

/** The id of the problem node, the root of every chain's tree. */
export const PROBLEM_NODE_ID = 'problem';

/** A stable node id for the thought at `index`. */
export function thoughtNodeId(index: number): string {
	return `t${index}`;
}

/** What the parent rule may look up about the thoughts before the one being placed. */
export interface ParentContext {
	/** The parent id of an already placed thought. */
	parentOf(index: number): string | null | undefined;
	/** The latest thought before `index` that a verification would check (a conclusion), if any. */
	lastAnchorBefore(index: number): number | undefined;
}

/** True when a thought anchors later verifications: a conclusion, or any non-verification stating an answer. */
export function isAnchor(role: ThoughtRole | undefined, answer: string | undefined): boolean {
	return role === 'conclusion' || (answer !== undefined && role !== 'verification');
}

/**
 * Where a thought hangs in the tree, from its role (an unlabelled thought counts as progress):
 * - progress and conclusion continue the line: the previous thought;
 * - a verification hangs under the conclusion it checks (`refersTo`, else the latest conclusion);
 * - an alternative approach branches from the plan it revises (`refersTo`), else from the problem;
 * - a backtrack abandons a thought (`refersTo`, else the previous one) and returns to where that
 *   thought started: it becomes its sibling, so the abandoned line is a dead-end branch.
 * The parent is always an earlier thought or the problem, so the links never form a cycle.
 */
export function parentFor(
	index: number,
	role: ThoughtRole | undefined,
	refersTo: number | undefined,
	ctx: ParentContext,
): string {
	if (index <= 0) {
		return PROBLEM_NODE_ID;
	}
	const ref =
		refersTo !== undefined && Number.isInteger(refersTo) && refersTo >= 0 && refersTo < index
			? refersTo
			: undefined;
	const previous = thoughtNodeId(index - 1);
	switch (role) {
		case 'verification': {
			const checked = ref ?? ctx.lastAnchorBefore(index);
			return checked === undefined ? previous : thoughtNodeId(checked);
		}
		case 'alternative':
			return ref === undefined ? PROBLEM_NODE_ID : thoughtNodeId(ref);
		case 'backtrack': {
			const abandoned = ref ?? index - 1;
			return ctx.parentOf(abandoned) ?? PROBLEM_NODE_ID;
		}
		default:
			return previous;
	}
}

/** A sorted set of thought indices with `lastBefore` in O(log n), for the conclusions of a chain. */
export class SortedIndexSet {
	private readonly items: number[] = [];

	add(value: number): void {
		const at = this.lowerBound(value);
		if (this.items[at] !== value) {
			this.items.splice(at, 0, value);
		}
	}

	delete(value: number): void {
		const at = this.lowerBound(value);
		if (this.items[at] === value) {
			this.items.splice(at, 1);
		}
	}

	/** The largest member smaller than `value`. */
	lastBefore(value: number): number | undefined {
		const at = this.lowerBound(value);
		return at === 0 ? undefined : this.items[at - 1];
	}

	private lowerBound(value: number): number {
		let lo = 0;
		let hi = this.items.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if ((this.items[mid] ?? 0) < value) {
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
		return lo;
	}
}
