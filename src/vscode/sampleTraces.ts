import * as vscode from 'vscode';
import { splitParagraphs } from '../core/thoughts/paragraphSplit';
import { chainFromTrace, firstLine, modelFromThoughts } from '../core/tree/chainFromTrace';
import type { TreeModel } from '../core/tree/treeModel';
import { formatTraceLineError, parseTraceJsonl, type TraceRecord } from '../core/traces/traceRecord';
import type { ChainView } from '../shared/protocol';
import type { ScopedLog } from './log';

/** The bundled traces (MIT / Apache-2.0 sources only; attribution in NOTICE). */
export async function loadSampleTraces(extensionUri: vscode.Uri, log: ScopedLog): Promise<TraceRecord[]> {
	const uri = vscode.Uri.joinPath(extensionUri, 'media', 'traces', 'samples.jsonl');
	const bytes = await vscode.workspace.fs.readFile(uri);
	const { records, errors } = parseTraceJsonl(new TextDecoder().decode(bytes), 'samples.jsonl');
	for (const error of errors) {
		log.warn(`skipped a bundled trace: ${formatTraceLineError(error)}`);
	}
	return records;
}

interface TracePick extends vscode.QuickPickItem {
	readonly trace: TraceRecord;
}

/** Asks the user for one of `traces`; undefined when they dismiss the pick. */
export async function pickTrace(traces: readonly TraceRecord[]): Promise<TraceRecord | undefined> {
	const items: TracePick[] = traces.map((trace) => ({
		label: firstLine(trace.problem ?? trace.id, 90),
		description: trace.model !== undefined ? firstLine(trace.model, 50) : undefined,
		detail: [trace.benchmark, `${countWords(trace.thinking)} words of thinking`, trace.source?.license, trace.id]
			.filter((part) => part !== undefined)
			.join(' · '),
		trace,
	}));
	const picked = await vscode.window.showQuickPick(items, {
		title: 'ThinkTrim: Open Sample Trace',
		placeHolder: 'Pick a recorded reasoning trace to draw as a tree',
		matchOnDescription: true,
		matchOnDetail: true,
	});
	return picked?.trace;
}

/** The tree model of a bundled trace, split into thoughts. */
export function sampleModel(trace: TraceRecord): TreeModel {
	return modelFromThoughts(trace, splitParagraphs(trace.thinking), `sample:${trace.id}`);
}

/** The chain view of a trace, split into thoughts. */
export function sampleChain(trace: TraceRecord): ChainView {
	return chainFromTrace(trace, splitParagraphs(trace.thinking), `sample:${trace.id}`);
}

function countWords(text: string): number {
	return text.split(/\s+/).filter((w) => w !== '').length;
}
