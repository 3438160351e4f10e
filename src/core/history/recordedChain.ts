import { isPolicyName, type ChainView } from '../../shared/protocol';

const ROLES = ['problem', 'progress', 'verification', 'alternative', 'backtrack', 'conclusion'];
const VERDICTS = ['useful', 'redundant', 'undecided'];
const STATUSES = ['streaming', 'complete', 'partial', 'error'];

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

function optional(value: unknown, check: (v: unknown) => boolean): boolean {
	return value === undefined || check(value);
}

function isNode(value: unknown, index: number): boolean {
	return (
		isRecord(value) &&
		typeof value.id === 'string' &&
		value.index === index &&
		(value.parentId === null || typeof value.parentId === 'string') &&
		typeof value.role === 'string' &&
		ROLES.includes(value.role) &&
		typeof value.usefulness === 'string' &&
		VERDICTS.includes(value.usefulness) &&
		typeof value.text === 'string' &&
		isNumber(value.tokenStart) &&
		isNumber(value.tokenEnd) &&
		optional(value.reason, (v) => typeof v === 'string') &&
		optional(value.answer, (v) => typeof v === 'string') &&
		optional(value.refersTo, isNumber) &&
		optional(value.explanation, isRecord) &&
		optional(value.stopRuleStates, isRecord)
	);
}

function isCut(value: unknown): boolean {
	return (
		isRecord(value) &&
		isPolicyName(value.policy) &&
		isNumber(value.thought) &&
		isNumber(value.tokenOffset) &&
		typeof value.trigger === 'string' &&
		typeof value.explanation === 'string'
	);
}

/**
 * True when `value` is a chain as the Reasoning view drew it (root first, then thoughts 0, 1, … in
 * order): the verdicts a run was recorded with. Checked field by field, because History also imports
 * files from elsewhere and a reopened chain is drawn as it is.
 */
export function isRecordedChain(value: unknown): value is ChainView {
	if (
		!isRecord(value) ||
		typeof value.runId !== 'string' ||
		typeof value.title !== 'string' ||
		typeof value.status !== 'string' ||
		!STATUSES.includes(value.status)
	) {
		return false;
	}
	const figures = value.figures;
	if (
		!isRecord(figures) ||
		!isPolicyName(figures.policy) ||
		(figures.mode !== 'watch' && figures.mode !== 'act') ||
		!isRecord(figures.verifier)
	) {
		return false;
	}
	const nodes = value.nodes;
	if (
		!Array.isArray(nodes) ||
		nodes.length === 0 ||
		!isNode(nodes[0], -1) ||
		!nodes.slice(1).every((n, i) => isNode(n, i))
	) {
		return false;
	}
	return (
		isNumber(value.thinkingTokens) &&
		Array.isArray(value.cuts) &&
		value.cuts.every(isCut) &&
		Array.isArray(value.answerSwitches) &&
		optional(value.oracle, isRecord)
	);
}
