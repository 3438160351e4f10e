/**
 * Runtime checks of the messages between host and webview (protocol.ts): each side validates what it
 * receives before acting on it, since a webview is untrusted content and a stale one may send old shapes.
 */
import {
	isPolicyName,
	MAX_SVG_BYTES,
	WEBVIEW_COMMANDS,
	type AnalysisOptionsView,
	type HostToWebview,
	type WebviewToHost,
} from './protocol';
import { isErrorAction } from './userError';

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numberIn(value: unknown, min: number, max: number, integer = false): boolean {
	return (
		typeof value === 'number' &&
		Number.isFinite(value) &&
		value >= min &&
		value <= max &&
		(!integer || Number.isInteger(value))
	);
}

/** Validates options sent by the webview (ranges as in package.json's settings). */
export function isAnalysisOptions(value: unknown): value is AnalysisOptionsView {
	return (
		isRecord(value) &&
		isPolicyName(value.policy) &&
		numberIn(value.consecutiveAnswers, 1, 10, true) &&
		numberIn(value.verifierThreshold, 0, 1) &&
		numberIn(value.underthinkingThoughts, 1, 10_000, true) &&
		numberIn(value.underthinkingBudgetShare, 0, 1)
	);
}

/** Validates a message that claims to come from the webview. */
export function isWebviewToHost(value: unknown): value is WebviewToHost {
	if (!isRecord(value)) {
		return false;
	}
	switch (value.type) {
		case 'ready':
			return typeof value.protocolVersion === 'number';
		case 'requestSnapshot':
			return numberIn(value.lastSeq, -1, Number.MAX_SAFE_INTEGER, true);
		case 'selectNode':
			return (
				value.nodeId === null ||
				(typeof value.nodeId === 'string' && /^(problem|t\d{1,7})$/.test(value.nodeId))
			);
		case 'runCommand':
			return (
				typeof value.command === 'string' &&
				(WEBVIEW_COMMANDS as readonly string[]).includes(value.command)
			);
		case 'setOptions':
			return isAnalysisOptions(value.options);
		case 'svgExport':
			return (
				numberIn(value.requestId, 0, Number.MAX_SAFE_INTEGER, true) &&
				typeof value.svg === 'string' &&
				value.svg.length <= MAX_SVG_BYTES &&
				value.svg.startsWith('<svg')
			);
		case 'errorAction':
			return isErrorAction(value.action);
		default:
			return false;
	}
}

/** Validates a message that claims to come from the host (the webview checks before applying). */
export function isHostToWebview(value: unknown): value is HostToWebview {
	if (!isRecord(value)) {
		return false;
	}
	switch (value.type) {
		case 'snapshot':
			return (
				typeof value.seq === 'number' &&
				isRecord(value.state) &&
				typeof value.state.kind === 'string'
			);
		case 'patch':
			return (
				typeof value.seq === 'number' && typeof value.runId === 'string' && Array.isArray(value.ops)
			);
		case 'exportSvg':
			return typeof value.requestId === 'number';
		default:
			return false;
	}
}
