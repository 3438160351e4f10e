import type { ChainFigures, ChainView } from '../../shared/protocol';
import { TreeModel } from './treeModel';

/**
 * A tree model holding a chain exactly as it was drawn (a run's recorded verdicts, cuts, oracle and
 * answer switches): nothing is analysed again. Parents follow from the recorded roles, as when the run
 * streamed. `figures` replaces the recorded figures (e.g. to mark the verdicts as recorded).
 */
export function modelFromChainView(
	chain: ChainView,
	overrides: { readonly runId?: string; readonly figures?: ChainFigures } = {},
): TreeModel {
	const root = chain.nodes.find((n) => n.index < 0);
	const model = new TreeModel(
		{
			runId: overrides.runId ?? chain.runId,
			title: chain.title,
			problem: root?.text ?? '',
			model: chain.model,
			benchmark: chain.benchmark,
			source: chain.source,
			finalAnswer: chain.finalAnswer,
			goldAnswer: chain.goldAnswer,
			figures: overrides.figures ?? chain.figures,
			options: chain.options,
		},
		chain.status,
	);
	const thoughts = chain.nodes.filter((n) => n.index >= 0).sort((a, b) => a.index - b.index);
	for (const n of thoughts) {
		model.upsertThought({
			index: n.index,
			text: n.text,
			tokenStart: n.tokenStart,
			tokenEnd: n.tokenEnd,
			label: {
				role: n.role === 'problem' ? undefined : n.role,
				usefulness: n.usefulness,
				reason: n.reason,
				answer: n.answer,
				refersTo: n.refersTo,
				explanation: n.explanation,
				stopRuleStates: n.stopRuleStates,
			},
		});
	}
	for (const cut of chain.cuts) {
		model.setCut(cut);
	}
	if (chain.oracle !== undefined) {
		model.setOracle(chain.oracle);
	}
	for (const sw of chain.answerSwitches) {
		model.addAnswerSwitch(sw);
	}
	// A run saved mid-stream is not streaming any more when it is reopened.
	model.setStatus(chain.status === 'streaming' ? 'partial' : chain.status, chain.statusMessage);
	return model;
}
