/**
 * Tokenizer families of the reasoning models ThinkTrim targets. Models of one family share a BPE
 * vocabulary, so one tokenizer (or one calibrated estimate) counts for all of them.
 * - `qwen`: Qwen2.5/Qwen3, QwQ, DeepSeek-R1-Distill-Qwen, DeepScaleR (a Distill-Qwen fine-tune):
 *   the Qwen2 BPE, one token per digit.
 * - `deepseek-v3`: DeepSeek-R1 and V3 themselves: digits grouped up to three per token.
 * - `llama3`: DeepSeek-R1-Distill-Llama: the Llama 3 BPE, digits grouped up to three per token.
 * - `other`: anything else (Pangu, unknown names): the estimate with Qwen's digit rule.
 */
export type TokenizerFamily = 'qwen' | 'deepseek-v3' | 'llama3' | 'other';

/** The tokenizer family of a served model id (vLLM `--served-model-name` or a path), by name. */
export function tokenizerFamily(model: string | undefined): TokenizerFamily {
	const name = (model ?? '').toLowerCase();
	if (/distill-?llama|llama/.test(name)) {
		return 'llama3';
	}
	if (/qwq|qwen|deepscaler/.test(name)) {
		return 'qwen';
	}
	if (/deepseek[-_ ]?(?:r1|v3|reasoner)/.test(name)) {
		return 'deepseek-v3';
	}
	return 'other';
}
