import type { ChainView, CutView, NodeRole, PolicyName, Usefulness } from '../src/shared/protocol';
import { POLICY_LABELS } from '../src/shared/protocol';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 12345 → "12,345". */
export function formatCount(value: number): string {
	return integer.format(value);
}

/** A duration for people: "340 ms", "4.2 s", "2 min 05 s". */
export function formatDuration(ms: number): string {
	if (ms < 1000) {
		return `${Math.round(ms)} ms`;
	}
	if (ms < 60_000) {
		return `${(ms / 1000).toFixed(1)} s`;
	}
	const minutes = Math.floor(ms / 60_000);
	const seconds = Math.round((ms % 60_000) / 1000);
	return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/** 0.4567 → "46 %". */
export function formatShare(part: number, whole: number): string {
	return whole <= 0 ? '0 %' : `${Math.round((100 * part) / whole)} %`;
}

/** A probability as "0.93". */
export function formatProbability(p: number): string {
	return p.toFixed(p >= 0.995 || p <= 0.005 ? 3 : 2);
}

export const ROLE_LABELS: Readonly<Record<NodeRole, string>> = {
	problem: 'problem',
	progress: 'progress',
	verification: 'verification',
	alternative: 'alternative approach',
	backtrack: 'backtrack',
	conclusion: 'conclusion',
};

export const VERDICT_LABELS: Readonly<Record<Usefulness, string>> = {
	useful: 'useful',
	redundant: 'redundant',
	undecided: 'undecided',
};

export function policyLabel(policy: PolicyName): string {
	return POLICY_LABELS[policy];
}

/** The cut of `policy` in `chain`, if that policy cut (or would cut) it. */
export function cutOf(chain: ChainView, policy: PolicyName): CutView | undefined {
	return chain.cuts.find((c) => c.policy === policy);
}

/** A message to go mid-sentence: its own closing full stop dropped, so the sentence ends with one, not "..". */
export function withoutFullStop(message: string): string {
	return message.replace(/(?<!\.)\.\s*$/, '');
}
