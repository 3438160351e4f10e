import { BudgetPolicy, NoCutPolicy } from './budgetPolicy';
import { DeerPolicy, type DeerOptions } from './deerPolicy';
import { DynasorPolicy, type DynasorOptions } from './dynasorPolicy';
import { OnlineDeerPolicy } from './onlineDeerPolicy';
import { OnlineDynasorPolicy } from './onlineDynasorPolicy';
import type { Prober } from './prober';
import type { PolicyName } from '../../shared/protocol';
import type { StopPolicy } from './stopPolicy';
import { TrimrPolicy } from './trimrPolicy';
import { TRIMR_PAPER, type TrimrOptions } from './trimrSettings';
import type { TrialAnswerer } from './trialAnswer';

/** Settings for every policy; each policy reads its own part. */
export interface PolicyOptions {
	readonly trimr?: TrimrOptions;
	readonly dynasor?: DynasorOptions;
	readonly deer?: DeerOptions;
	/** The fixed budget, in thinking tokens (default 4096). */
	readonly budget?: number;
}

/**
 * The reasoning model itself, for the policies that ask it while it thinks: with a prober Dynasor probes
 * online, with a trial answerer DEER tries answers online; without them both decide from the chain alone.
 * Kept apart from {@link PolicyOptions}, which are plain settings (exported with evaluations).
 */
export interface OnlinePorts {
	readonly prober?: Prober;
	readonly trialAnswerer?: TrialAnswerer;
	/** The problem text of this chain (the probes render it into the prompt). */
	readonly problem?: string;
	/** The run's signal: cancels probes in flight. */
	readonly signal?: AbortSignal;
}

/** A fresh policy (policies are stateful: one per chain). */
export function createPolicy(
	name: PolicyName,
	options: PolicyOptions = {},
	online?: OnlinePorts,
): StopPolicy {
	switch (name) {
		case 'trimr':
			return new TrimrPolicy(options.trimr);
		case 'trimr-paper':
			return new TrimrPolicy({ ...TRIMR_PAPER, ...options.trimr }, 'trimr-paper');
		case 'dynasor':
			return online?.prober !== undefined
				? new OnlineDynasorPolicy({
						...options.dynasor,
						prober: online.prober,
						problem: online.problem,
						signal: online.signal,
					})
				: new DynasorPolicy(options.dynasor);
		case 'deer':
			return online?.trialAnswerer !== undefined
				? new OnlineDeerPolicy({
						...options.deer,
						answerer: online.trialAnswerer,
						problem: online.problem,
						signal: online.signal,
					})
				: new DeerPolicy(options.deer);
		case 'budget':
			return new BudgetPolicy(options.budget);
		case 'none':
			return new NoCutPolicy();
	}
}
