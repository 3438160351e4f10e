import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_SVG_BYTES } from '../../../src/shared/protocol';
import { isHostToWebview, isWebviewToHost } from '../../../src/shared/protocolGuards';

const options = {
	policy: 'trimr',
	consecutiveAnswers: 2,
	verifierThreshold: 0.5,
	underthinkingThoughts: 20,
	underthinkingBudgetShare: 0.5,
};

describe('protocol guards (the webview is untrusted)', () => {
	it('accepts every well-formed intent', () => {
		for (const message of [
			{ type: 'ready', protocolVersion: 2 },
			{ type: 'requestSnapshot', lastSeq: 4 },
			{ type: 'selectNode', nodeId: 't12' },
			{ type: 'selectNode', nodeId: null },
			{ type: 'runCommand', command: 'exportSvg' },
			{ type: 'setOptions', options },
			{ type: 'svgExport', requestId: 1, svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' },
			{ type: 'errorAction', action: { kind: 'open-log' } },
			{
				type: 'errorAction',
				action: { kind: 'open-settings', setting: 'thinktrim.endpoint.model' },
			},
		]) {
			assert.ok(isWebviewToHost(message), JSON.stringify(message));
		}
	});

	it('rejects unknown types, unknown commands, bad ids, out-of-range options and oversized or foreign SVG', () => {
		for (const message of [
			null,
			'ready',
			[],
			{ type: 'eval', code: '1' },
			{ type: 'runCommand', command: 'workbench.action.terminal.new' },
			{ type: 'selectNode', nodeId: '<img src=x>' },
			{ type: 'requestSnapshot', lastSeq: 1.5 },
			{ type: 'setOptions', options: { ...options, policy: 'yolo' } },
			{ type: 'setOptions', options: { ...options, consecutiveAnswers: 0 } },
			{ type: 'setOptions', options: { ...options, verifierThreshold: 2 } },
			{ type: 'setOptions', options: { ...options, underthinkingThoughts: Number.NaN } },
			{ type: 'svgExport', requestId: 1, svg: '<html><script>' },
			{ type: 'svgExport', requestId: 1, svg: `<svg>${'x'.repeat(MAX_SVG_BYTES)}` },
			{
				type: 'errorAction',
				action: { kind: 'run-command', command: 'workbench.action.terminal.new' },
			},
			{ type: 'errorAction', action: { kind: 'open-settings', setting: 'editor.fontSize' } },
			{
				type: 'errorAction',
				action: { kind: 'open-settings', setting: 'thinktrim.endpoint @id:x' },
			},
			{ type: 'errorAction', action: { kind: 'open-settings' } },
			{ type: 'errorAction' },
		]) {
			assert.equal(isWebviewToHost(message), false, JSON.stringify(message)?.slice(0, 80));
		}
	});

	it('checks the host messages the webview applies', () => {
		assert.ok(isHostToWebview({ type: 'snapshot', seq: 1, state: { kind: 'empty' } }));
		assert.ok(isHostToWebview({ type: 'patch', seq: 2, runId: 'r', ops: [] }));
		assert.ok(isHostToWebview({ type: 'exportSvg', requestId: 3 }));
		assert.equal(isHostToWebview({ type: 'patch', runId: 'r', ops: [] }), false);
		assert.equal(isHostToWebview({ type: 'snapshot', seq: 1 }), false);
	});
});
