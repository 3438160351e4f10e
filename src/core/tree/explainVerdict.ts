import type {
	VerdictExplanationView,
	VerifierQuestionView,
	VerifierSource,
} from '../../shared/protocol';
import type { ChatMessage, Verdict, VerdictSource } from '../verifier/verdict';
import type { VerifiedThought } from '../verifier/verifiedThought';

const SOURCE: Readonly<Record<VerdictSource, VerifierSource>> = {
	llm: 'llm',
	heuristic: 'heuristic',
	'heuristic-after-llm-failure': 'fallback',
};

/** The chat messages as sent, one block per message, for the detail pane. */
export function formatMessages(messages: readonly ChatMessage[]): string {
	return messages.map((m) => `[${m.role}]\n${m.content}`).join('\n\n');
}

/** What the heuristic looked at when no prompt was sent. */
function heuristicInput(verdict: Verdict): string {
	if (verdict.question === 'answer-presence') {
		return `Judged excerpt (last sentences of the thought):\n${verdict.excerpt}`;
	}
	return `Answer of thought ${verdict.comparedTo + 1}: ${verdict.answerA}\nAnswer of this thought: ${verdict.answerB}`;
}

/** One verifier question as the UI explains it. */
export function questionView(verdict: Verdict): VerifierQuestionView {
	const llm = verdict.llm;
	const source = SOURCE[verdict.source];
	const pYes = source === 'llm' ? llm?.pYes : undefined;
	const threshold =
		source === 'llm' && llm !== undefined
			? ` (threshold ${llm.threshold}${llm.cached ? ', cached reply' : ''})`
			: '';
	const note =
		verdict.error !== undefined
			? `${verdict.reason} — LLM verifier failed: ${verdict.error}`
			: `${verdict.reason}${threshold}`;
	return {
		question: verdict.question === 'answer-presence' ? 'answerExists' : 'equivalent',
		prompt:
			llm !== undefined && llm.messages.length > 0
				? formatMessages(llm.messages)
				: heuristicInput(verdict),
		verdict: verdict.yes,
		...(pYes !== undefined ? { pYes, pNo: 1 - pYes } : {}),
		source,
		latencyMs: verdict.latencyMs,
		note,
	};
}

/**
 * Why a thought got its verdict: both TrimR questions (as sent, with P(yes)/P(no), source and
 * latency), the verifier model, the heuristic's reason or the reason the LLM verifier was not used.
 */
export function explainStep(step: VerifiedThought): VerdictExplanationView {
	const verdicts: Verdict[] =
		step.equivalence === undefined ? [step.presence] : [step.presence, step.equivalence];
	const questions = verdicts.map(questionView);
	const fallback = verdicts.find((v) => v.source === 'heuristic-after-llm-failure');
	const usedLlm = verdicts.some((v) => v.source === 'llm');
	const source: VerifierSource =
		fallback !== undefined ? 'fallback' : usedLlm ? 'llm' : 'heuristic';
	const model = verdicts.find((v) => v.llm !== undefined)?.llm?.model;
	const heuristic = verdicts.filter((v) => v.source !== 'llm').map((v) => v.reason);
	return {
		source,
		...(model !== undefined ? { verifierModel: model } : {}),
		questions,
		latencyMs: verdicts.reduce((sum, v) => sum + v.latencyMs, 0),
		...(heuristic.length > 0 ? { heuristicReason: heuristic.join('; ') } : {}),
		...(fallback?.error !== undefined ? { fallbackReason: fallback.error } : {}),
	};
}
