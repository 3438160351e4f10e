import type { ThoughtLabel } from '../labels/thoughtLabeler';
import type { StopCut } from '../policies/stopPolicy';
import type { Thought } from '../thoughts/thought';
import type { VerifiedThought } from '../verifier/verifiedThought';

/** The result of analysing a whole chain. */
export interface ChainAnalysis {
	readonly thoughts: readonly Thought[];
	readonly steps: readonly VerifiedThought[];
	readonly labels: readonly ThoughtLabel[];
	readonly cut: StopCut | undefined;
	/** The policy's state line after each thought. */
	readonly policyStates: readonly string[];
	readonly policy: string;
	readonly verifier: string;
	readonly thinkingTokens: number;
	/** Where the token counts came from. */
	readonly tokenSource: 'server' | 'counter';
	/** Verifier HTTP calls made (cache hits and pre-checks excluded) and how many fell back to the heuristic. */
	readonly verifierCalls: number;
	readonly verifierFallbacks: number;
}
