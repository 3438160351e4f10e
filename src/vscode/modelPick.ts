/**
 * Configure Endpoint's model step: opens at once, busy while the server lists its models, and offers to
 * type the name when it lists none in time.
 */
import * as vscode from 'vscode';
import { ReasoningClient } from '../core/stream/reasoningClient';
import { redactUrl } from '../core/text/redact';
import { messageOf } from '../shared/userError';
import type { ScopedLog } from './log';

/**
 * Asks the server for its models and lets the user pick one (or type one when it lists none). The step
 * opens at once, busy while the server answers, so the flow never seems to have vanished; closing it
 * stops the listing.
 */
export async function pickModel(
	baseUrl: string,
	apiKey: string | undefined,
	caFile: string,
	current: string,
	log: ScopedLog,
): Promise<string | undefined> {
	const pick = vscode.window.createQuickPick();
	pick.title = MODEL_STEP;
	pick.placeholder = `Asking ${redactUrl(baseUrl)} for its models…`;
	pick.busy = true;
	pick.ignoreFocusOut = true;
	const listing = new AbortController();
	const chosen = new Promise<string | undefined>((resolve) => {
		pick.onDidAccept(() => {
			const label = pick.selectedItems[0]?.label;
			if (label !== undefined) {
				resolve(label);
				pick.hide();
			}
		});
		pick.onDidHide(() => {
			listing.abort();
			resolve(undefined);
			pick.dispose();
		});
	});
	pick.show();
	const models = await listModels(baseUrl, apiKey, caFile, listing.signal, log);
	if (listing.signal.aborted) {
		return chosen;
	}
	if (models.length === 0) {
		pick.hide();
		return vscode.window.showInputBox({
			title: MODEL_STEP,
			prompt:
				'The server did not list its models (is it running?). ' +
				'Type the served model name, or leave empty to use the first one it lists later.',
			value: current,
			ignoreFocusOut: true,
		});
	}
	const items = models.map((label) => ({ label }));
	pick.items = items;
	pick.activeItems = items.filter((item) => item.label === current).slice(0, 1);
	pick.placeholder = `The server serves ${models.length} model(s)`;
	pick.busy = false;
	return chosen;
}

const MODEL_STEP = 'ThinkTrim: Configure Endpoint (5/5)';
/** How long the model step waits for the server's list before offering to type the name. */
const LIST_MODELS_TIMEOUT_MS = 5000;

/** The server's models; none when it cannot be reached in time (logged), or when `signal` aborts. */
async function listModels(
	baseUrl: string,
	apiKey: string | undefined,
	caFile: string,
	signal: AbortSignal,
	log: ScopedLog,
): Promise<string[]> {
	const listing = AbortSignal.any([signal, AbortSignal.timeout(LIST_MODELS_TIMEOUT_MS)]);
	let client: ReasoningClient | undefined;
	try {
		client = await ReasoningClient.create({
			baseUrl,
			apiKey,
			tls: caFile !== '' ? { caFile } : undefined,
		});
		return await client.listModels(listing);
	} catch (err) {
		if (!signal.aborted) {
			log.warn(`could not list the models at ${baseUrl}: ${messageOf(err)}`);
		}
		return [];
	} finally {
		await client?.close();
	}
}
