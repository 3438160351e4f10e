import type {
	AnalysisOptionsView,
	AnswerSwitchView,
	ChainFigures,
	CutView,
	PolicyName,
} from '../../shared/protocol';
import { replayPolicy, type TraceAnalysis } from '../engine/analyzeTrace';
import type { ThoughtLabel } from '../labels/thoughtLabeler';
import { createPolicy, type PolicyOptions } from '../policies/createPolicy';
import type { StopCut } from '../policies/stopPolicy';
import { TRIMMING_POLICIES } from '../dataset/policyVariants';
import { shortAnswer } from '../verifier/heuristicVerifier';
import { withParameters } from '../dataset/policyVariants';
import type { VerifiedThought } from '../verifier/verifiedThought';
import { chainMetaFromTrace } from './chainFromTrace';
import { explainStep } from './explainVerdict';
import type { ThoughtLabelInput } from './treeInput';
import { TreeModel } from './treeModel';

/** The policies whose cuts the tree compares (every policy that can cut). */
export const COMPARED_POLICIES: readonly PolicyName[] = TRIMMING_POLICIES;

/** How to turn an analysis into a tree. */
export interface TreeFromAnalysisOptions {
	readonly runId: string;
	/** Policy settings, to replay the other policies with the same settings. */
	readonly policyOptions?: PolicyOptions;
	/** Policies replayed on the same verdicts for comparison (default: all that can cut). */
	readonly compare?: readonly PolicyName[];
	/** The options the view shows and may change (absent: the view offers none). */
	readonly options?: AnalysisOptionsView;
	readonly elapsedMs?: number;
	/** How long the analysis took (shown in the status line). */
	readonly analysisMs?: number;
}

/** The engine's cut as the view shows it. */
export function cutView(cut: StopCut): CutView {
	return {
		policy: cut.policy,
		thought: cut.thought,
		tokenOffset: cut.tokenOffset,
		trigger: cut.trigger,
		explanation: cut.explanation,
	};
}

/** A thought's label for the tree, from the engine's label, verdicts and stop-rule states. */
export function labelInput(
	label: ThoughtLabel | undefined,
	step: VerifiedThought | undefined,
	states: Partial<Record<PolicyName, string>>,
): ThoughtLabelInput {
	const stopRuleStates = Object.keys(states).length > 0 ? states : undefined;
	return {
		role: label?.role,
		usefulness: label?.usefulness,
		reason: label?.reason,
		answer:
			label?.answer ?? (step?.answer !== undefined ? shortAnswer(step.answer.text) : undefined),
		refersTo: label?.refersTo,
		explanation: step === undefined ? undefined : explainStep(step),
		stopRuleStates,
	};
}

/** Where the stated answer first appears and each time it changes, from the verdicts. */
export function answerSwitches(steps: readonly VerifiedThought[]): AnswerSwitchView[] {
	const switches: AnswerSwitchView[] = [];
	let previous: string | undefined;
	for (const step of steps) {
		const answer = step.answer;
		if (answer === undefined) {
			continue;
		}
		const text = shortAnswer(answer.text);
		if (previous === undefined || step.equivalence?.yes !== true) {
			if (previous !== text) {
				switches.push({
					thought: step.thought.index,
					tokenOffset: answer.tokenOffset,
					...(previous !== undefined ? { from: previous } : {}),
					to: text,
				});
			}
		}
		previous = text;
	}
	return switches;
}

/** The header's figures for an offline analysis. */
export function analysisFigures(analysis: TraceAnalysis, elapsedMs?: number): ChainFigures {
	const llm = analysis.verifier.startsWith('LLM');
	return {
		policy: analysis.policyName,
		mode: 'watch',
		verifier: llm
			? {
					kind: 'llm',
					model: analysis.verifier.replace(/^LLM verifier\s*/, ''),
					fallbacks: analysis.verifierFallbacks,
				}
			: { kind: 'heuristic' },
		...(elapsedMs !== undefined ? { elapsedMs } : {}),
		tokenSource:
			analysis.tokenSource === 'server' ? 'server token counts' : 'tokenizer or estimate (offline)',
	};
}

/**
 * The tree of a recorded trace analysed offline (`analyzeTrace`): every thought with its role,
 * verdict, reason, answer and explanation; the analysed policy's cut and, on the same verdicts, the
 * cuts of the other policies; each policy's stop-rule state per thought; the oracle cut; the answer
 * switches. The chain is complete; the analysed policy is in watch mode (marked, not cut).
 */
export function modelFromAnalysis(
	analysis: TraceAnalysis,
	options: TreeFromAnalysisOptions,
): TreeModel {
	const meta = chainMetaFromTrace(
		analysis.trace,
		options.runId,
		analysisFigures(analysis, options.elapsedMs),
	);
	const model = new TreeModel(
		{
			...meta,
			finalAnswer: analysis.evaluation.finalAnswer ?? meta.finalAnswer,
			options: options.options,
		},
		'complete',
	);
	if (options.analysisMs !== undefined) {
		model.setStatus(
			'complete',
			`Recorded trace, analysed offline in ${Math.round(options.analysisMs)} ms (${analysis.verifier}).`,
		);
	}
	const states: Array<Partial<Record<PolicyName, string>>> = analysis.thoughts.map((_, i) => {
		const own = analysis.policyStates[i];
		return own === undefined ? {} : { [analysis.policyName]: own };
	});
	const cuts: CutView[] = analysis.cut === undefined ? [] : [cutView(analysis.cut)];
	for (const name of options.compare ?? COMPARED_POLICIES) {
		if (name === analysis.policyName) {
			continue;
		}
		const policy = createPolicy(name, options.policyOptions);
		const cut = replayPolicy(policy, analysis.thoughts, analysis.steps);
		if (cut !== undefined) {
			cuts.push(cutView(cut));
		}
		states.forEach((s, i) => {
			const state = policy.stateAt(i);
			if (state !== undefined) {
				s[name] = state;
			}
		});
	}
	for (const thought of analysis.thoughts) {
		const i = thought.index;
		model.upsertThought({
			index: i,
			text: thought.text,
			tokenStart: thought.tokenStart,
			tokenEnd: thought.tokenEnd,
			label: labelInput(analysis.labels[i], analysis.steps[i], states[i] ?? {}),
		});
	}
	for (const cut of cuts) {
		model.setCut(cut);
	}
	const oracle = analysis.evaluation.oracle;
	if (oracle.reached) {
		model.setOracle({
			thought: oracle.thought,
			tokenOffset: oracle.tokenOffset,
			savedTokens: oracle.savedTokens,
		});
	}
	for (const sw of answerSwitches(analysis.steps)) {
		model.addAnswerSwitch(sw);
	}
	return model;
}

/** The engine's policy settings for the options the view edits. */
export function policyOptionsFrom(
	options: AnalysisOptionsView,
	tokenBudget?: number,
): PolicyOptions {
	const base: PolicyOptions = {
		trimr: {
			consecutiveAnswers: options.consecutiveAnswers,
			underthinking: {
				budgetShare: options.underthinkingBudgetShare,
				thoughts: options.underthinkingThoughts,
				...(tokenBudget !== undefined ? { tokenBudget } : {}),
			},
		},
	};
	return withParameters(options.policy, base, options.parameters ?? '');
}
