import type { PolicyName } from '../../shared/protocol';
import type { VerifiedThought } from '../verifier/verifiedThought';

/** Which rule made the cut. */
export type CutTrigger =
	| 'overthinking'
	| 'underthinking'
	| 'repetition'
	| 'probe-consensus'
	| 'confident-answer'
	| 'budget';

/**
 * Whether a cut removes thinking from a chain of `thoughts` thoughts ending at `thinkingTokens`. A cut
 * at (or past) the end removes nothing, and neither does one made when the last thought closed by a
 * rule that decides on closed thoughts (all but the token rules): the last thought closes when the
 * stream ends, too late to cut. Such a "cut" is reported as no cut, offline and live alike.
 */
export function cutRemovesThinking(
	cut: StopCut,
	thoughts: number,
	thinkingTokens: number,
): boolean {
	if (cut.tokenOffset >= thinkingTokens) {
		return false;
	}
	return cut.thought < thoughts - 1 || cut.trigger === 'budget' || cut.trigger === 'repetition';
}

/** Where a policy cuts the chain: the kept thinking ends at `tokenOffset`, inside or at the end of thought `thought`. */
export interface StopCut {
	readonly policy: PolicyName;
	/** Index of the last (possibly partly) kept thought. */
	readonly thought: number;
	/** Thinking tokens kept. */
	readonly tokenOffset: number;
	/**
	 * Thinking characters kept, when the cut falls inside thought `thought` (TrimR cuts right after the
	 * statement that confirmed the answer); absent when the whole thought is kept or the offset is a token one.
	 */
	readonly charOffset?: number;
	readonly trigger: CutTrigger;
	/** One or two sentences a user can check against the chain. */
	readonly explanation: string;
}

/** Text as it arrives, with the token range it covers; `thoughtIndex` is the thought it belongs to. */
export interface TextProgress {
	readonly text: string;
	readonly thoughtIndex: number;
	readonly tokenStart: number;
	readonly tokenEnd: number;
	/** The server's token ids for this text, when it sent them (vLLM `return_token_ids`); the repetition rule prefers them. */
	readonly tokenIds?: readonly number[];
}

/**
 * A stop policy, fed incrementally and in chain order: `onText` with the thinking text as it comes
 * (token-based rules: budget, repetition), `onThought` with each closed thought and its verdicts.
 * Either may return the cut; after that the policy has decided and returns nothing more.
 * `stateAt(i)` is a one-line summary of the policy's state right after thought `i`, for the UI
 * ("2 of 2 equivalent answers → cut").
 */
export interface StopPolicy {
	readonly name: PolicyName;
	/** The policy and its parameters, e.g. "TrimR (M = 2, underthinking 50 % of 32768 tokens and 20 thoughts, repetition 64×3)". */
	readonly description: string;
	onText(progress: TextProgress): StopCut | undefined;
	onThought(step: VerifiedThought): StopCut | undefined;
	stateAt(thoughtIndex: number): string | undefined;
	/** The cut, once made. */
	readonly cut: StopCut | undefined;
	/**
	 * For policies that decide asynchronously (online probing): `listener` receives a cut made outside
	 * `onText`/`onThought`. The chain analyzer sets it; synchronous policies ignore it.
	 */
	setCutListener?(listener: (cut: StopCut) => void): void;
}

/** Shared bookkeeping: per-thought state lines and the one cut. */
export abstract class PolicyBase implements StopPolicy {
	abstract readonly name: PolicyName;
	abstract readonly description: string;
	private readonly states: string[] = [];
	private made: StopCut | undefined;
	private listener: ((cut: StopCut) => void) | undefined;

	get cut(): StopCut | undefined {
		return this.made;
	}

	setCutListener(listener: (cut: StopCut) => void): void {
		this.listener = listener;
	}

	/** Makes a cut decided asynchronously (after a probe came back); ignored once a cut exists. */
	protected cutLater(cut: StopCut): void {
		if (this.made === undefined) {
			this.made = cut;
			this.listener?.(cut);
		}
	}

	onText(progress: TextProgress): StopCut | undefined {
		if (this.made !== undefined) {
			return undefined;
		}
		return this.decide(this.text(progress));
	}

	onThought(step: VerifiedThought): StopCut | undefined {
		if (this.made !== undefined) {
			this.states[step.thought.index] =
				`cut after thought ${this.made.thought + 1} (${this.made.trigger})`;
			return undefined;
		}
		const cut = this.decide(this.thought(step));
		this.states[step.thought.index] =
			cut !== undefined ? `${this.summary()} → cut` : this.summary();
		return cut;
	}

	stateAt(thoughtIndex: number): string | undefined {
		return this.states[thoughtIndex];
	}

	/** Handles arriving text; token-based policies override it. */
	protected text(_progress: TextProgress): StopCut | undefined {
		return undefined;
	}

	/** Handles a closed thought. */
	protected abstract thought(step: VerifiedThought): StopCut | undefined;

	/** The state line right now. */
	protected abstract summary(): string;

	private decide(cut: StopCut | undefined): StopCut | undefined {
		if (cut !== undefined) {
			this.made = cut;
		}
		return cut;
	}
}
