// Integration tests in a real VS Code extension host (code-server's, see test/integration-runner): the
// extension is loaded from the repository (extensionDevelopmentPath) and driven through the real API.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { analyzeTrace } from '../../src/core/engine/analyzeTrace';
import { parseTraceJsonl, type TraceRecord } from '../../src/core/traces/traceRecord';
import type { ViewState } from '../../src/shared/protocol';
import type { ThinkTrimApi } from '../../src/vscode/extension';
import { observe, waitFor } from './support/observe';

const EXTENSION_ID = 'thinktrim.thinktrim';
const VIEW_ID = 'thinktrim.reasoningView';
const OPEN_SAMPLE = 'thinktrim.openSampleTrace';

interface ContributedCommand {
	readonly command: string;
	readonly title: string;
	readonly category?: string;
}

/** A resolved Reasoning view and what passed between it and the host. */
interface ObservedView {
	readonly view: vscode.WebviewView;
	readonly fromWebview: unknown[];
	readonly toWebview: unknown[];
}

function messageType(message: unknown): unknown {
	return typeof message === 'object' && message !== null
		? (message as { type?: unknown }).type
		: undefined;
}

/** The CSP of a webview's HTML, from its `<meta http-equiv="Content-Security-Policy">`, unescaped. */
function contentSecurityPolicy(html: string): string {
	const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html);
	assert.ok(meta !== null, 'the webview HTML has a CSP meta tag');
	const entities: Record<string, string> = {
		'&#39;': "'",
		'&quot;': '"',
		'&lt;': '<',
		'&gt;': '>',
		'&amp;': '&',
	};
	return (meta[1] ?? '').replace(
		/&#39;|&quot;|&lt;|&gt;|&amp;/g,
		(entity) => entities[entity] ?? entity,
	);
}

function chainOf(state: ViewState): Extract<ViewState, { kind: 'chain' }>['chain'] {
	assert.equal(state.kind, 'chain', `the view shows a chain (it shows "${state.kind}")`);
	return state.chain;
}

describe('ThinkTrim in a real extension host', () => {
	const errorMessages: string[] = [];
	const views: ObservedView[] = [];
	const restore: (() => void)[] = [];
	let extension: vscode.Extension<ThinkTrimApi>;
	let api: ThinkTrimApi;
	let samples: TraceRecord[];

	before(async () => {
		const found = vscode.extensions.getExtension<ThinkTrimApi>(EXTENSION_ID);
		assert.ok(found !== undefined, `${EXTENSION_ID} is loaded from the development folder`);
		extension = found;
		assert.equal(
			extension.isActive,
			false,
			'nothing activates ThinkTrim before its commands or view are used',
		);
		// Pass-through observers, installed before activation so they see the extension's own calls.
		restore.push(
			observe(vscode.window, 'showErrorMessage', (original) => {
				const spy = (...args: unknown[]): unknown => {
					errorMessages.push(String(args[0]));
					return Reflect.apply(original, vscode.window, args) as unknown;
				};
				return spy as typeof original;
			}),
			observe(
				vscode.window,
				'registerWebviewViewProvider',
				(original) => (viewId, provider, options) => {
					if (viewId !== VIEW_ID) {
						return original(viewId, provider, options);
					}
					const observed: vscode.WebviewViewProvider = {
						resolveWebviewView: (view, context, token) => {
							const record: ObservedView = { view, fromWebview: [], toWebview: [] };
							views.push(record);
							view.webview.onDidReceiveMessage((message: unknown) =>
								record.fromWebview.push(message),
							);
							const post = view.webview.postMessage.bind(view.webview);
							Reflect.set(view.webview, 'postMessage', (message: unknown) => {
								record.toWebview.push(message);
								return post(message);
							});
							return provider.resolveWebviewView(view, context, token);
						},
					};
					return original(viewId, observed, options);
				},
			),
		);
		api = await extension.activate();
		const file = join(extension.extensionPath, 'media', 'traces', 'samples.jsonl');
		samples = parseTraceJsonl(readFileSync(file, 'utf8'), file).records;
	});

	after(() => {
		for (const undo of restore.reverse()) {
			undo();
		}
	});

	it('activates on demand and returns its API, with nothing on screen yet', async () => {
		assert.equal(extension.isActive, true);
		assert.equal(api.viewState().kind, 'empty');
		assert.ok(samples.length > 0, 'the bundled samples parse');
		assert.deepEqual(
			await api.sampleTraceIds(),
			samples.map((s) => s.id),
		);
	});

	it('registers every contributed command, each in the ThinkTrim category', async () => {
		const contributed = (
			extension.packageJSON as { contributes: { commands: ContributedCommand[] } }
		).contributes.commands;
		assert.ok(
			contributed.some((c) => c.command === OPEN_SAMPLE),
			`${OPEN_SAMPLE} is contributed`,
		);
		const registered = new Set(await vscode.commands.getCommands(true));
		for (const command of contributed) {
			assert.equal(command.category, 'ThinkTrim', `${command.command} has the ThinkTrim category`);
			assert.ok(registered.has(command.command), `${command.command} is registered by activate()`);
		}
	});

	it('opens every bundled sample by id as the problem plus one node per thought of the engine', async () => {
		for (const trace of samples) {
			// The thoughts the core engine makes of this trace (reflection-marker segmenter), computed here
			// independently of the extension.
			const thoughts = (await analyzeTrace(trace)).thoughts;
			assert.equal(
				await vscode.commands.executeCommand<boolean>(OPEN_SAMPLE, trace.id),
				true,
				`${trace.id} opens`,
			);
			const chain = chainOf(api.viewState());
			assert.equal(chain.runId, `sample:${trace.id}`);
			assert.equal(
				chain.nodes.length,
				thoughts.length + 1,
				`${trace.id}: ${thoughts.length} thoughts + the problem`,
			);
			const root = chain.nodes.find((n) => n.parentId === null);
			assert.equal(root?.id, 'problem');
			assert.equal(root?.text, trace.problem);
			const thoughtNodes = chain.nodes.filter((n) => n !== root).sort((a, b) => a.index - b.index);
			assert.deepEqual(
				thoughtNodes.map((n) => [n.id, n.text]),
				thoughts.map((t) => [`t${t.index}`, t.text]),
				`${trace.id}: one node per thought, with its text`,
			);
			const seen = new Set(['problem']);
			for (const node of thoughtNodes) {
				assert.ok(
					node.parentId !== null && seen.has(node.parentId),
					`${trace.id}: ${node.id} hangs under an earlier node`,
				);
				seen.add(node.id);
			}
			assert.equal(
				thoughtNodes.map((n) => n.text).join(''),
				trace.thinking,
				`${trace.id}: no thinking text is lost`,
			);
		}
	});

	it('reports an unknown trace id as an error, returns false and keeps the chain on screen', async () => {
		const before = api.viewState();
		const errorsBefore = errorMessages.length;
		const opened = await vscode.commands.executeCommand<boolean>(OPEN_SAMPLE, 'no-such-trace');
		assert.equal(opened, false);
		const shown = errorMessages.slice(errorsBefore);
		assert.equal(shown.length, 1, `one error message (got ${JSON.stringify(shown)})`);
		assert.match(shown[0] ?? '', /no-such-trace/);
		assert.deepEqual(api.viewState(), before, 'the chain on screen is kept');
	});

	it('resolves the Reasoning view with a strict CSP; its script loads, says ready and gets the chain', async () => {
		await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
		const observed = await waitFor(() => views.at(-1), 30_000, 'the Reasoning view to resolve');
		const csp = contentSecurityPolicy(observed.view.webview.html);
		assert.match(csp, /(^|;)\s*default-src 'none'\s*(;|$)/);
		assert.match(
			csp,
			/(^|;)\s*script-src 'nonce-[A-Za-z0-9+/=]+'\s*(;|$)/,
			'scripts only by nonce',
		);
		assert.doesNotMatch(
			csp,
			/unsafe-inline|unsafe-eval|\*(?!\.)/,
			'no unsafe sources, no wildcard hosts',
		);
		await waitFor(
			() => observed.fromWebview.find((m) => messageType(m) === 'ready'),
			30_000,
			'the webview script to say ready',
		);
		assert.equal(observed.view.visible, true);

		const trace = samples[0];
		assert.ok(trace !== undefined);
		const sentBefore = observed.toWebview.length;
		assert.equal(await vscode.commands.executeCommand<boolean>(OPEN_SAMPLE, trace.id), true);
		// The host may first send a `loading` snapshot while the engine analyzes the trace.
		const snapshot = await waitFor(
			() =>
				observed.toWebview
					.slice(sentBefore)
					.find(
						(m) =>
							messageType(m) === 'snapshot' && (m as { state?: ViewState }).state?.kind === 'chain',
					),
			30_000,
			'a snapshot of the chain for the webview',
		);
		const state = (snapshot as { state: ViewState }).state;
		assert.equal(chainOf(state).runId, `sample:${trace.id}`);
		assert.equal(chainOf(state).nodes.length, (await analyzeTrace(trace)).thoughts.length + 1);
	});
});
