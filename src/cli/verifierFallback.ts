import { LlmVerifier } from '../core/verifier/llmVerifier';
import type { Verifier } from '../core/verifier/verdict';

/**
 * The line that says the LLM verifier's calls failed and the heuristic judged instead (which endpoint,
 * why, what to do), or undefined when every call succeeded or no LLM verifier was asked. `--strict`
 * turns it into a non-zero exit.
 */
export function verifierFallbackLine(command: string, verifier: Verifier): string | undefined {
	const fallback = verifier instanceof LlmVerifier ? verifier.fallback : undefined;
	if (fallback === undefined) {
		return undefined;
	}
	const share = fallback.answered === 0 ? 'every verdict' : `${fallback.thoughts} verdict(s)`;
	return `thinktrim ${command}: the LLM verifier failed and the heuristic verifier judged ${share} instead: ${fallback.message}\n`;
}
