import type { VerifiedThought } from '../verifier/verifiedThought';
import { PolicyBase, type StopCut, type TextProgress } from './stopPolicy';

export const DEFAULT_FIXED_BUDGET = 4096;

/** A fixed thinking-token budget (ThinkLess-like): cut wherever the chain reaches `budget` tokens. */
export class BudgetPolicy extends PolicyBase {
	readonly name = 'budget';
	readonly description: string;
	private tokens = 0;

	constructor(readonly budget: number = DEFAULT_FIXED_BUDGET) {
		super();
		if (!(budget > 0)) {
			throw new Error(`the token budget must be positive, got ${budget}`);
		}
		this.description = `fixed budget of ${budget} thinking tokens`;
	}

	protected override text(progress: TextProgress): StopCut | undefined {
		this.tokens = Math.max(this.tokens, progress.tokenEnd);
		if (progress.tokenEnd <= this.budget) {
			return undefined;
		}
		return {
			policy: 'budget',
			thought: progress.thoughtIndex,
			tokenOffset: Math.max(progress.tokenStart, this.budget),
			trigger: 'budget',
			explanation: `The chain reached the fixed budget of ${this.budget} thinking tokens.`,
		};
	}

	protected thought(_step: VerifiedThought): StopCut | undefined {
		return undefined;
	}

	protected summary(): string {
		return `${this.tokens} of ${this.budget} tokens`;
	}
}

/** Never cuts: the baseline the others are compared with. */
export class NoCutPolicy extends PolicyBase {
	readonly name = 'none';
	readonly description = 'no cut';

	protected thought(_step: VerifiedThought): StopCut | undefined {
		return undefined;
	}

	protected summary(): string {
		return 'never cuts';
	}
}
