import { BudgetPolicy, NoCutPolicy } from './budgetPolicy';
import { DeerPolicy, type DeerOptions } from './deerPolicy';
import { DynasorPolicy, type DynasorOptions } from './dynasorPolicy';
import type { StopPolicy, StopPolicyName } from './stopPolicy';
import { TRIMR_PAPER, TrimrPolicy, type TrimrOptions } from './trimrPolicy';

/** Settings for every policy; each policy reads its own part. */
export interface PolicyOptions {
	readonly trimr?: TrimrOptions;
	readonly dynasor?: DynasorOptions;
	readonly deer?: DeerOptions;
	/** The fixed budget, in thinking tokens (default 4096). */
	readonly budget?: number;
}

/** A fresh policy (policies are stateful: one per chain). */
export function createPolicy(name: StopPolicyName, options: PolicyOptions = {}): StopPolicy {
	switch (name) {
		case 'trimr':
			return new TrimrPolicy(options.trimr);
		case 'trimr-paper':
			return new TrimrPolicy({ ...TRIMR_PAPER, ...options.trimr }, 'trimr-paper');
		case 'dynasor':
			return new DynasorPolicy(options.dynasor);
		case 'deer':
			return new DeerPolicy(options.deer);
		case 'budget':
			return new BudgetPolicy(options.budget);
		case 'none':
			return new NoCutPolicy();
	}
}
