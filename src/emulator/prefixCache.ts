/**
 * Prefix caching, as vLLM (automatic prefix caching, on by default since V1) and SGLang (RadixAttention)
 * do it: a continuation after a cut sends the rendered chat + the kept thinking + `</think>`, and the
 * server has just prefilled that chat and decoded that thinking for the same problem, so their KV blocks
 * are still cached; only the tokens after the cached prefix are prefilled again. The emulator's TTFT
 * models the prefill of a fresh prompt, so a continuation waits only the share of it that is not cached
 * (at least one token interval). `prefixCache: false` keeps the whole TTFT (a server without the cache).
 */
import type { Pacing } from './pacing';

/** Pacing for a completion whose prompt has `cachedTokens` of its `promptTokens` in the prefix cache. */
export function cachedPacing(
	pacing: Pacing,
	prefixCache: boolean | undefined,
	promptTokens: number,
	cachedTokens: number,
): Pacing {
	if (prefixCache === false || promptTokens <= 0) {
		return pacing;
	}
	const uncached = Math.max(0, promptTokens - Math.min(cachedTokens, promptTokens));
	const interval =
		Number.isFinite(pacing.tokensPerSecond) && pacing.tokensPerSecond > 0
			? 1000 / pacing.tokensPerSecond
			: 0;
	return {
		...pacing,
		ttftMs: Math.min(pacing.ttftMs, Math.max(interval, (pacing.ttftMs * uncached) / promptTokens)),
	};
}
