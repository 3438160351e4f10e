/**
 * "ThinkTrim: Watch Gateway": lists a running gateway's recent requests in a quick pick that updates
 * live from the gateway's event stream, and opens the one picked as a tree (analysed with the policy the
 * gateway used for it), like a replay.
 */
import * as vscode from 'vscode';
import {
	fetchGatewayRequest,
	gatewayOrigin,
	listGatewayRequests,
	traceOfGatewayRequest,
	watchGatewayEvents,
	type RequestSummary,
} from '../core/gateway/gatewayWatch';
import { firstLine } from '../core/tree/chainFromTrace';
import { isPolicyName, type AnalysisOptionsView } from '../shared/protocol';
import { Commands } from './commands';
import { showError } from './notify';
import type { ScopedLog } from './log';
import type { ReasoningViewProvider } from './reasoningViewProvider';
import { readAnalysisOptions, type SampleSession } from './sampleTraces';
import { messageOf } from '../shared/userError';

const LAST_URL_KEY = 'thinktrim.gateway.lastUrl';

interface RequestPick extends vscode.QuickPickItem {
	readonly id: string;
	readonly policy: string | undefined;
}

function pickOf(r: RequestSummary): RequestPick {
	const report = r.report;
	const verdict =
		report === undefined
			? r.outcome
			: report.cut
				? `cut (${report.trigger ?? ''})`
				: report.would_cut === true
					? `would cut (${report.trigger ?? ''})`
					: 'not cut';
	return {
		label: firstLine(r.problem ?? r.id, 90),
		description: `${verdict} · ${r.model}`,
		detail: [
			`${report?.thinking_tokens_generated ?? 0} thinking tokens`,
			report?.kept_thinking_tokens !== undefined
				? `${report.kept_thinking_tokens} kept`
				: undefined,
			`${(r.durationMs / 1000).toFixed(1)} s`,
			`HTTP ${r.status}`,
			r.startedAt,
			r.id,
		]
			.filter((p) => p !== undefined)
			.join(' · '),
		id: r.id,
		policy: report?.policy,
	};
}

/**
 * The view's analysis options with the gateway's own setting (`trimr:M=2:S=1` → TrimR with M = 2 and
 * S = 1), so a recorded request is drawn with the policy that acted on it, not the editor's.
 */
function optionsFor(policy: string | undefined): AnalysisOptionsView {
	const base = readAnalysisOptions();
	const [name, ...params] = (policy ?? '').split(':');
	if (!isPolicyName(name)) {
		return base;
	}
	const m = params.map((p) => /^M=(\d+)$/i.exec(p.trim())?.[1]).find((v) => v !== undefined);
	return {
		...base,
		policy: name,
		...(m !== undefined ? { consecutiveAnswers: Number(m) } : {}),
		parameters: params.length > 0 ? (policy ?? '') : '',
	};
}

/** Registers the command. */
export function registerWatchGateway(
	context: vscode.ExtensionContext,
	provider: ReasoningViewProvider,
	samples: SampleSession,
	log: ScopedLog,
): vscode.Disposable {
	return vscode.commands.registerCommand(
		Commands.watchGateway,
		async (url?: unknown): Promise<boolean> => {
			const typed =
				typeof url === 'string'
					? url
					: await vscode.window.showInputBox({
							title: 'ThinkTrim: Watch Gateway',
							prompt: 'Address of a running ThinkTrim gateway (thinktrim gateway)',
							value: context.globalState.get<string>(LAST_URL_KEY, 'http://127.0.0.1:8000'),
							validateInput: (value) => {
								try {
									gatewayOrigin(value);
									return undefined;
								} catch (err) {
									return messageOf(err);
								}
							},
						});
			if (typed === undefined) {
				return false;
			}
			const origin = gatewayOrigin(typed);
			await context.globalState.update(LAST_URL_KEY, origin);
			const watching = new AbortController();
			const quickPick = vscode.window.createQuickPick<RequestPick>();
			quickPick.title = `ThinkTrim Gateway: ${origin}`;
			quickPick.placeholder =
				'Recent requests, newest first (updates live); pick one to open it as a tree';
			quickPick.matchOnDescription = true;
			quickPick.matchOnDetail = true;
			quickPick.busy = true;
			const byId = new Map<string, RequestPick>();
			const refresh = (): void => {
				quickPick.items = [...byId.values()].reverse();
			};
			const fail = (err: unknown): void => {
				if (watching.signal.aborted) {
					return;
				}
				void showError(err, { log, logAs: `watching the gateway at ${origin} failed` });
				quickPick.hide();
			};
			const picked = new Promise<RequestPick | undefined>((resolve) => {
				quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]));
				quickPick.onDidHide(() => resolve(undefined));
			});
			quickPick.show();
			try {
				for (const r of (await listGatewayRequests(origin, watching.signal)).reverse()) {
					byId.set(r.id, pickOf(r));
				}
				refresh();
				quickPick.busy = false;
				watchGatewayEvents(
					origin,
					(event) => {
						if (event.type === 'request-end' && !byId.has(event.record.id)) {
							byId.set(event.record.id, pickOf(event.record));
							refresh();
						}
					},
					watching.signal,
				).catch(fail);
			} catch (err) {
				fail(err);
			}
			const choice = await picked;
			watching.abort();
			quickPick.dispose();
			if (choice === undefined) {
				return false;
			}
			try {
				const record = await fetchGatewayRequest(origin, choice.id);
				await provider.reveal();
				const model = await samples.show(traceOfGatewayRequest(record), optionsFor(choice.policy));
				log.info(
					`opened gateway request ${record.id} from ${origin}: ${model.thoughtCount} thoughts`,
				);
				return true;
			} catch (err) {
				void showError(err, {
					context: 'could not open the gateway request',
					log,
					logAs: `could not open gateway request ${choice.id}`,
				});
				return false;
			}
		},
	);
}
