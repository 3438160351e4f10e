/**
 * The trimmed variants of a dataset evaluation: each is one stop policy with one setting. `--policy`
 * gives a policy's defaults; a sweep spec gives a grid of settings:
 *
 *     trimr:M=1,2,3                 TrimR with M = 1, 2 and 3
 *     dynasor:N=2,3:T=32,64         Dynasor-CoT, every N × T pair
 *     trimr:M=1,2;deer:λ=0.9,0.95   several policies, separated by ";"
 *
 * Parameters: TrimR `M` (consecutive equivalent answers), `L` (long-chain threshold), `G` (1: one more
 * agreeing answer for an answer given in the problem, 0: off), `R` (1: one more agreeing answer for an
 * answer only re-derived, without an answer phrase; 0: off, the default), `S` (1: one more agreeing
 * answer when the confirming statement is weak, a concluding sentence, a closing "= x" or a re-derivation,
 * rather than "the answer is", a box or a choice; 0: off, the default), `V` (1: a thought that opens by
 * re-checking the whole solution confirms the answer stated just before it; 0: off, the default); Dynasor `N` (agreeing probes), `T` (probe
 * interval in tokens); DEER `λ` / `lambda` (confidence threshold), `W` (answers looked at); budget `B`
 * (thinking tokens).
 */
import { createPolicy, type PolicyOptions } from '../policies/createPolicy';
import { POLICY_NAMES, type PolicyName } from '../../shared/protocol';

/** The policies that can trim (`none` is the untrimmed run itself). */
export type TrimmingPolicyName = Exclude<PolicyName, 'none'>;

export const TRIMMING_POLICIES: readonly TrimmingPolicyName[] = POLICY_NAMES.filter(
	(p): p is TrimmingPolicyName => p !== 'none',
);

/** One trimmed setup of an evaluation. */
export interface PolicyVariant {
	/** Stable key, also the CSV/JSON id: `trimr` (defaults) or `trimr:M=1`, `dynasor:N=2:T=64`. */
	readonly key: string;
	readonly policy: TrimmingPolicyName;
	readonly options: PolicyOptions;
	/** The swept parameters by canonical name; empty for the policy's defaults. */
	readonly parameters: Readonly<Record<string, number>>;
	/** For tables and plots: "TrimR M=1", "Dynasor", "DEER λ=0.9". */
	readonly label: string;
	/** The policy's own description with every setting, e.g. "TrimR (M = 1, …)". */
	readonly description: string;
}

interface ParameterDef {
	readonly name: string;
	readonly aliases: readonly string[];
	readonly integer: boolean;
	readonly min: number;
	readonly max?: number;
	apply(options: PolicyOptions, value: number): PolicyOptions;
}

const POLICY_TITLES: Record<TrimmingPolicyName, string> = {
	trimr: 'TrimR',
	'trimr-paper': 'TrimR (paper)',
	dynasor: 'Dynasor',
	deer: 'DEER',
	budget: 'Budget',
};

const PARAMETERS: Record<TrimmingPolicyName, readonly ParameterDef[]> = {
	trimr: [
		{
			name: 'M',
			aliases: ['m'],
			integer: true,
			min: 1,
			apply: (o, v) => ({ ...o, trimr: { ...o.trimr, consecutiveAnswers: v } }),
		},
		{
			name: 'L',
			aliases: ['l', 'long', 'longafter'],
			integer: true,
			min: 0,
			apply: (o, v) => ({ ...o, trimr: { ...o.trimr, longChain: { afterTokens: v } } }),
		},
		{
			name: 'G',
			aliases: ['g', 'given'],
			integer: true,
			min: 0,
			max: 1,
			apply: (o, v) => ({ ...o, trimr: { ...o.trimr, givenNumbers: v === 1 } }),
		},
		{
			name: 'R',
			aliases: ['r', 'rederived'],
			integer: true,
			min: 0,
			max: 1,
			apply: (o, v) => ({ ...o, trimr: { ...o.trimr, rederivedNeedsMore: v === 1 } }),
		},
		{
			name: 'S',
			aliases: ['s', 'weak'],
			integer: true,
			min: 0,
			max: 1,
			apply: (o, v) => ({ ...o, trimr: { ...o.trimr, weakNeedsMore: v === 1 } }),
		},
		{
			name: 'V',
			aliases: ['v', 'verification'],
			integer: true,
			min: 0,
			max: 1,
			apply: (o, v) => ({ ...o, trimr: { ...o.trimr, verificationOpener: v === 1 } }),
		},
	],
	'trimr-paper': [
		{
			name: 'M',
			aliases: ['m'],
			integer: true,
			min: 1,
			apply: (o, v) => ({ ...o, trimr: { ...o.trimr, consecutiveAnswers: v } }),
		},
	],
	dynasor: [
		{
			name: 'N',
			aliases: ['n'],
			integer: true,
			min: 1,
			apply: (o, v) => ({ ...o, dynasor: { ...o.dynasor, agreeing: v } }),
		},
		{
			name: 'T',
			aliases: ['t', 'interval'],
			integer: true,
			min: 1,
			apply: (o, v) => ({ ...o, dynasor: { ...o.dynasor, interval: v } }),
		},
	],
	deer: [
		{
			name: 'λ',
			aliases: ['lambda', 'l', 'threshold'],
			integer: false,
			min: 0,
			max: 1,
			apply: (o, v) => ({ ...o, deer: { ...o.deer, threshold: v } }),
		},
		{
			name: 'W',
			aliases: ['w', 'window'],
			integer: true,
			min: 1,
			apply: (o, v) => ({ ...o, deer: { ...o.deer, window: v } }),
		},
	],
	budget: [
		{
			name: 'B',
			aliases: ['b', 'tokens', 'budget'],
			integer: true,
			min: 1,
			apply: (_o, v) => ({ budget: v }),
		},
	],
};

/** A policy's display name ("TrimR", "TrimR (paper)", "Dynasor", "DEER", "Budget"). */
export function policyTitle(policy: TrimmingPolicyName): string {
	return POLICY_TITLES[policy];
}

/** Reads a policy name (case-insensitive); throws naming the valid ones. */
export function trimmingPolicyName(text: string): TrimmingPolicyName {
	const name = text.trim().toLowerCase();
	const found = TRIMMING_POLICIES.find((p) => p === name);
	if (found === undefined) {
		throw new Error(`unknown policy "${text.trim()}"; expected ${TRIMMING_POLICIES.join(', ')}`);
	}
	return found;
}

function parameterDef(policy: TrimmingPolicyName, name: string): ParameterDef {
	const defs = PARAMETERS[policy];
	const def = defs.find((d) => d.name === name || d.aliases.includes(name.toLowerCase()));
	if (def === undefined) {
		throw new Error(
			`unknown parameter "${name}" for ${policy}; expected ${defs.map((d) => d.name).join(' or ')}`,
		);
	}
	return def;
}

function parameterValue(def: ParameterDef, policy: TrimmingPolicyName, text: string): number {
	const value = Number(text.trim());
	const range = def.max !== undefined ? `between ${def.min} and ${def.max}` : `at least ${def.min}`;
	if (
		text.trim() === '' ||
		!Number.isFinite(value) ||
		(def.integer && !Number.isInteger(value)) ||
		value < def.min ||
		(def.max !== undefined && value > def.max)
	) {
		throw new Error(
			`${policy} ${def.name} must be ${def.integer ? 'an integer' : 'a number'} ${range}, got "${text.trim()}"`,
		);
	}
	if (!def.integer && value === def.min) {
		throw new Error(`${policy} ${def.name} must be above ${def.min}, got "${text.trim()}"`);
	}
	return value;
}

/** Builds a variant; the policy is created once so that a bad setting fails here, not mid-evaluation. */
export function makeVariant(
	policy: TrimmingPolicyName,
	parameters: Readonly<Record<string, number>> = {},
): PolicyVariant {
	let options: PolicyOptions = {};
	const parts: string[] = [];
	for (const def of PARAMETERS[policy]) {
		const value = parameters[def.name];
		if (value !== undefined) {
			options = def.apply(options, value);
			parts.push(`${def.name}=${value}`);
		}
	}
	const description = createPolicy(policy, options).description;
	return {
		key: [policy, ...parts].join(':'),
		policy,
		options,
		parameters: { ...parameters },
		label: [POLICY_TITLES[policy], ...parts].join(' '),
		description,
	};
}

/** Every combination of the listed values, in the order given (the first parameter varies slowest). */
function grid(
	entries: ReadonlyArray<readonly [string, readonly number[]]>,
): Array<Record<string, number>> {
	let combos: Array<Record<string, number>> = [{}];
	for (const [name, values] of entries) {
		combos = combos.flatMap((combo) => values.map((value) => ({ ...combo, [name]: value })));
	}
	return combos;
}

/** Parses a sweep spec (see the file comment) into variants; throws naming the bad part. */
export function parseSweepSpec(spec: string): PolicyVariant[] {
	const variants: PolicyVariant[] = [];
	for (const item of spec
		.split(';')
		.map((s) => s.trim())
		.filter((s) => s !== '')) {
		const [head = '', ...assignments] = item.split(':');
		const policy = trimmingPolicyName(head);
		const entries: Array<[string, number[]]> = [];
		for (const assignment of assignments.map((a) => a.trim()).filter((a) => a !== '')) {
			const eq = assignment.indexOf('=');
			if (eq === -1) {
				throw new Error(`"${assignment}" in sweep "${item}" needs the form NAME=v1,v2,…`);
			}
			const def = parameterDef(policy, assignment.slice(0, eq).trim());
			if (entries.some(([name]) => name === def.name)) {
				throw new Error(`${policy} ${def.name} is given twice in sweep "${item}"`);
			}
			const values = assignment
				.slice(eq + 1)
				.split(',')
				.map((v) => parameterValue(def, policy, v));
			entries.push([def.name, [...new Set(values)]]);
		}
		variants.push(...grid(entries).map((parameters) => makeVariant(policy, parameters)));
	}
	if (variants.length === 0) {
		throw new Error(`the sweep "${spec}" names no policy; expected e.g. trimr:M=1,2,3`);
	}
	return variants;
}

/**
 * The variants of an evaluation: each policy of `policies` at its defaults, unless the sweep covers that
 * policy, then the sweep's variants. Duplicates (same key) are kept once. Default: TrimR.
 */
export function buildVariants(policies: readonly string[] = [], sweep?: string): PolicyVariant[] {
	const swept = sweep !== undefined && sweep.trim() !== '' ? parseSweepSpec(sweep) : [];
	const named = policies.map(trimmingPolicyName);
	const defaults = (named.length === 0 && swept.length === 0 ? (['trimr'] as const) : named)
		.filter((p) => !swept.some((v) => v.policy === p))
		.map((p) => makeVariant(p));
	const byKey = new Map<string, PolicyVariant>();
	for (const variant of [...defaults, ...swept]) {
		if (!byKey.has(variant.key)) {
			byKey.set(variant.key, variant);
		}
	}
	return [...byKey.values()];
}

/** Splits a `trimr,dynasor` list (commas or spaces). */
export function parsePolicyList(text: string): TrimmingPolicyName[] {
	return text
		.split(/[\s,]+/)
		.filter((p) => p !== '')
		.map(trimmingPolicyName);
}

/**
 * `base` with the setting `settings` gives for `policy` layered over it: `settings` holds at most one
 * setting per policy in the sweep grammar (`trimr:S=1:G=0; dynasor:N=4`), so an editor setting can pick
 * any point of the front and still hold when the policy is switched. A parameter given there wins over
 * the same option in `base`. Every entry is checked, used or not; throws naming the bad part.
 */
export function withParameters(
	policy: PolicyName,
	base: PolicyOptions,
	settings: string,
): PolicyOptions {
	const headless = settings.split(';').find((item) => (item.split(':')[0] ?? '').includes('='));
	if (headless !== undefined) {
		throw new Error(`"${headless.trim()}" needs its policy first, e.g. trimr:${headless.trim()}`);
	}
	const variants = settings.trim() === '' ? [] : parseSweepSpec(settings);
	const own = variants.filter((v) => v.policy === policy);
	for (const p of TRIMMING_POLICIES) {
		if (variants.filter((v) => v.policy === p).length > 1) {
			throw new Error(`give one setting per policy (one value per parameter), not a sweep: ${p}`);
		}
	}
	const extra = own[0]?.options;
	if (extra === undefined || policy === 'none') {
		return base;
	}
	const options: PolicyOptions = {
		...base,
		trimr: { ...base.trimr, ...extra.trimr },
		dynasor: { ...base.dynasor, ...extra.dynasor },
		deer: { ...base.deer, ...extra.deer },
		...(extra.budget !== undefined ? { budget: extra.budget } : {}),
	};
	createPolicy(policy, options); // a bad combination fails here, not mid-run
	return options;
}
