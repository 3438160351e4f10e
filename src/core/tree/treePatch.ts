import type { TreeNodeChanges, TreeNodeView, TreePatchOp } from '../../shared/protocol';
import { PROBLEM_NODE_ID } from './parentRule';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A node as the tree model keeps it: the view's fields plus what the view has already been sent. */
export type NodeRecord = Mutable<TreeNodeView> & { sentText: number; textReplaced: boolean };

/** Node fields tracked for patches (text is tracked by length, for `appendText`). */
export type ChangeKey = Exclude<keyof TreeNodeChanges, 'text'>;

/** The ops that bring an already sent node up to date. */
export function nodeChangeOps(node: NodeRecord, keys: ReadonlySet<ChangeKey>): TreePatchOp[] {
	const ops: TreePatchOp[] = [];
	const changes: Record<string, unknown> = {};
	let textCarriesTokens = false;
	if (node.textReplaced) {
		changes.text = node.text;
	} else if (node.text.length > node.sentText) {
		ops.push({
			op: 'appendText',
			id: node.id,
			text: node.text.slice(node.sentText),
			tokenEnd: node.tokenEnd,
		});
		textCarriesTokens = true;
	}
	node.sentText = node.text.length;
	node.textReplaced = false;
	for (const key of keys) {
		if (!(key === 'tokenEnd' && textCarriesTokens)) {
			changes[key] = node[key];
		}
	}
	const cleaned = compact(changes) as TreeNodeChanges;
	if (Object.keys(cleaned).length > 0) {
		ops.push({ op: 'updateNode', id: node.id, changes: cleaned });
	}
	return ops;
}

export function nodeView(node: NodeRecord): TreeNodeView {
	const { sentText: _sent, textReplaced: _replaced, ...view } = node;
	return compact(view);
}

/** Drops keys whose value is undefined, so views compare equal however they were built. */
export function compact<T extends object>(value: T): T {
	const out: Record<string, unknown> = {};
	for (const [key, v] of Object.entries(value)) {
		if (v !== undefined) {
			out[key] = v;
		}
	}
	return out as T;
}

/** The fields of a node that its label sets. */
export const LABEL_KEYS = [
	'role',
	'usefulness',
	'reason',
	'answer',
	'refersTo',
	'explanation',
	'stopRuleStates',
] as const;

/** A thought's role (a thought record is never the problem node). */
export function thoughtRole(
	node: NodeRecord,
): Exclude<TreeNodeView['role'], 'problem'> | undefined {
	return node.role === 'problem' ? undefined : node.role;
}

/** The tree's root: the problem, as the view shows it. */
export function problemNode(problem: string): TreeNodeView {
	return {
		id: PROBLEM_NODE_ID,
		parentId: null,
		index: -1,
		role: 'problem',
		usefulness: 'useful',
		text: problem,
		tokenStart: 0,
		tokenEnd: 0,
	};
}
