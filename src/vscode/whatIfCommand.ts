/**
 * `ThinkTrim: What if I stopped here?`: the answer the server gives from the kept thinking up to a chosen
 * thought, saved as a run and shown side by side with the original.
 */
import * as vscode from 'vscode';
import type { RunRecord } from '../core/history/runRecord';
import { compareRuns, type RunComparison } from '../core/run/comparison';
import { figuresOfRecord } from '../core/run/runRecords';
import { answerFromThought, keptThinkingOf } from '../core/run/whatIf';
import type { ActiveRun } from './activeRun';
import { showComparison } from './comparisonPanel';
import { readConfig } from './config';
import { chatTemplate, reasoningClient, resolveModel } from './endpoints';
import type { RunServices } from './runExecution';

/** The result of a replay or what-if, for callers (tests, the walkthrough). */
export interface ComparisonResult {
	readonly runId: string;
	readonly originalRunId: string;
	readonly comparison: RunComparison;
}

/** What the command needs of the run commands. */
export interface WhatIfContext {
	readonly services: RunServices;
	readonly run: ActiveRun;
	readonly extensionUri: vscode.Uri;
	resolveRun(ref: unknown): Promise<RunRecord | undefined>;
}

/** `ThinkTrim: What if I stopped here?` on a node of the chain on screen (default: the selected one). */
export async function whatIfStoppedHere(
	ctx: WhatIfContext,
	nodeRef: unknown,
): Promise<ComparisonResult | undefined> {
	const chain = ctx.services.view.currentChain();
	const nodeId = typeof nodeRef === 'string' ? nodeRef : ctx.services.view.selectedNode();
	const node = chain?.nodes.find((n) => n.id === nodeId);
	if (chain === undefined || node === undefined || node.index < 0) {
		void vscode.window.showWarningMessage(
			'ThinkTrim: select a thought in the Reasoning view first, then run "What if I stopped here?".',
		);
		return undefined;
	}
	const original = await ctx.resolveRun(chain.runId);
	if (original === undefined) {
		return undefined;
	}
	const config = readConfig();
	const result = await ctx.run.start(
		`ThinkTrim: answering from thought ${node.index + 1}`,
		async (signal) => {
			const client = await reasoningClient(config, ctx.services.keys);
			try {
				const model = await resolveModel(client, config, signal);
				const endpoint = {
					client,
					model,
					baseUrl: config.endpoint.baseUrl,
					answerMaxTokens: config.endpoint.answerMaxTokens,
					temperature: config.endpoint.temperature,
					chatTemplate: await chatTemplate(config, model),
				};
				const request = {
					original,
					thought: node,
					thoughtCount: chain.nodes.length - 1,
					keptThinking: keptThinkingOf(chain.nodes, node.index),
				};
				const record = await answerFromThought(
					endpoint,
					request,
					{ store: ctx.services.store },
					signal,
				);
				ctx.services.history.refresh();
				return record;
			} finally {
				await client.close();
			}
		},
	);
	if (result === undefined) {
		return undefined;
	}
	const comparison = compareRuns(
		figuresOfRecord(original),
		{ ...figuresOfRecord(result), wallMs: undefined, verifierMs: undefined },
		undefined,
		original.goldAnswer,
	);
	showComparison(
		ctx.extensionUri,
		{
			...comparison,
			trigger: 'what-if',
			explanation: `${result.cut?.explanation ?? ''} The continuation took ${((result.wallMs ?? 0) / 1000).toFixed(2)} s.`,
		},
		{
			kind: 'whatif',
			title: original.name,
			problem: original.problem,
			originalLabel: original.kind === 'imported' ? 'Recorded chain' : 'Original run',
			trimmedLabel: `Stopped after thought ${node.index + 1}`,
			policy: 'by hand',
			model: result.model,
			goldAnswer: original.goldAnswer,
		},
	);
	return { runId: result.id, originalRunId: original.id, comparison };
}
