/**
 * Behaviours of particular server builds that a dialect alone does not pin down, switched on with
 * `thinktrim emulate --quirk NAME[,NAME…]` (or `quirks` in-process):
 *
 * - `tokenize-prompt-only` — older SGLang: `/tokenize` takes `prompt` only and answers a chat
 *   (`messages`) with a 422 validation error;
 * - `sse-error-lines` — older llama.cpp: a mid-stream failure is sent as an SSE `error: {…}` line
 *   instead of a `data:` event;
 * - `tokens-as-ids` — vLLM started with `--return-tokens-as-token-ids`: logprob tokens read `token_id:N`.
 */

export const EMULATOR_QUIRKS = [
	'tokenize-prompt-only',
	'sse-error-lines',
	'tokens-as-ids',
] as const;
export type EmulatorQuirk = (typeof EMULATOR_QUIRKS)[number];

/** Parses a comma-separated list, naming the valid quirks in the error. */
export function parseQuirks(list: string): EmulatorQuirk[] {
	return list
		.split(',')
		.map((q) => q.trim())
		.filter((q) => q !== '')
		.map((q) => {
			const found = EMULATOR_QUIRKS.find((k) => k === q);
			if (found === undefined) {
				throw new Error(`unknown quirk "${q}"; expected one of: ${EMULATOR_QUIRKS.join(', ')}`);
			}
			return found;
		});
}
