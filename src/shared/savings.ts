/**
 * What a cut saved, always measured against the ORIGINAL chain: "saved 1,234 of 5,678 thinking tokens
 * (21.7 %)". One pure function computes the numbers and one formats them, so the Reasoning view's
 * header, History, the comparison panel and the exports say the same thing. Pure (no DOM, no Node):
 * the host, the core and the webview bundle all import it.
 */
import type { ChainView, PolicyName } from './protocol';

/** The original chain's figures and the kept (trimmed) run's, as measured. */
export interface SavingsInput {
	/** Thinking tokens of the original, uncut chain. */
	readonly originalTokens: number;
	/** Thinking tokens kept up to the cut (or the replay's own thinking). */
	readonly keptTokens: number;
	/** Wall time of the original chain, request to final answer, when known. */
	readonly originalMs?: number;
	/** Wall time of the trimmed run, when known. */
	readonly trimmedMs?: number;
}

/** Saved tokens and time. Negative savings mean the trimmed run used more than the original. */
export interface Savings {
	readonly originalTokens: number;
	readonly keptTokens: number;
	readonly savedTokens: number;
	/** savedTokens / originalTokens, 0 when the original had none. */
	readonly tokenShare: number;
	readonly originalMs?: number;
	readonly savedMs?: number;
	/** savedMs / originalMs. */
	readonly timeShare?: number;
}

/** The savings of a cut or a replay against the original chain. */
export function computeSavings(input: SavingsInput): Savings {
	const originalTokens = Math.max(0, input.originalTokens);
	const keptTokens = Math.max(0, input.keptTokens);
	const savedTokens = originalTokens - keptTokens;
	const timed =
		input.originalMs !== undefined && input.trimmedMs !== undefined && input.originalMs > 0;
	const savedMs = timed ? (input.originalMs ?? 0) - (input.trimmedMs ?? 0) : undefined;
	return {
		originalTokens,
		keptTokens,
		savedTokens,
		tokenShare: originalTokens > 0 ? savedTokens / originalTokens : 0,
		...(timed
			? {
					originalMs: input.originalMs,
					savedMs,
					timeShare: (savedMs ?? 0) / (input.originalMs ?? 1),
				}
			: {}),
	};
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A share as "21.7 %" (one decimal everywhere, so no two views round differently). */
export function formatPercent(share: number): string {
	return `${(Math.abs(share) * 100).toFixed(1)} %`;
}

/** Milliseconds as "4.20 s". */
export function formatSeconds(ms: number): string {
	return `${(Math.abs(ms) / 1000).toFixed(2)} s`;
}

/** "saved 1,234 of 5,678 thinking tokens (21.7 %)", or "120 more thinking tokens than the original 5,678 (2.1 % more)". */
export function tokenSavingsText(s: Savings): string {
	if (s.savedTokens < 0) {
		return (
			`${integer.format(-s.savedTokens)} more thinking tokens than the original ` +
			`${integer.format(s.originalTokens)} (${formatPercent(s.tokenShare)} more)`
		);
	}
	return `saved ${integer.format(s.savedTokens)} of ${integer.format(s.originalTokens)} thinking tokens (${formatPercent(s.tokenShare)})`;
}

/** "saved 3.00 s of 10.00 s wall time (30.0 %)", "0.50 s slower than the original 5.00 s (10.0 % more)", or undefined without times. */
export function timeSavingsText(s: Savings): string | undefined {
	if (s.savedMs === undefined || s.originalMs === undefined || s.timeShare === undefined) {
		return undefined;
	}
	if (s.savedMs < 0) {
		return `${formatSeconds(s.savedMs)} slower than the original ${formatSeconds(s.originalMs)} (${formatPercent(s.timeShare)} more)`;
	}
	return `saved ${formatSeconds(s.savedMs)} of ${formatSeconds(s.originalMs)} wall time (${formatPercent(s.timeShare)})`;
}

/** Tokens, then time when known: "saved 1,234 of 5,678 thinking tokens (21.7 %); saved 3.00 s of 10.00 s wall time (30.0 %)". */
export function savingsText(s: Savings): string {
	const time = timeSavingsText(s);
	return time === undefined ? tokenSavingsText(s) : `${tokenSavingsText(s)}; ${time}`;
}

/**
 * The header's savings for the cut of `policy` on `chain`, against the original chain:
 * - a replay or what-if (`figures.original` set) keeps what it streamed up to its cut, and is measured
 *   against the original's thinking tokens; its wall time against the original's, for the policy that
 *   acted;
 * - any other chain is its own original: the cut keeps `tokenOffset` of `thinkingTokens` (no time:
 *   the chain was not cut, so no time was saved yet).
 * Undefined when there is nothing to compare (no cut on an original chain).
 */
export function chainSavings(chain: ChainView, policy: PolicyName): Savings | undefined {
	const cut = chain.cuts.find((c) => c.policy === policy);
	const original = chain.figures.original;
	if (original === undefined) {
		return cut === undefined
			? undefined
			: computeSavings({
					originalTokens: chain.thinkingTokens,
					keptTokens: Math.min(cut.tokenOffset, chain.thinkingTokens),
				});
	}
	const acted = policy === chain.figures.policy;
	if (cut === undefined && !acted) {
		return undefined;
	}
	return computeSavings({
		originalTokens: original.thinkingTokens,
		keptTokens: Math.min(cut?.tokenOffset ?? chain.thinkingTokens, chain.thinkingTokens),
		...(acted ? { originalMs: original.elapsedMs, trimmedMs: chain.figures.elapsedMs } : {}),
	});
}
