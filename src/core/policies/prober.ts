import { SideCompletions, type SideCompletionsOptions } from './sideCompletions';

/**
 * The probe text of Dynasor's repository (docs/engine.md#dynasor-cot-style-dynasor-offline-approximation),
 * appended after the thinking so far.
 */
export const DYNASOR_PROBE_TEXT =
	'... Oh, I suddenly got the answer to the whole problem, **Final Answer**\n\n\\[ \\boxed{';

/** One probe: the thinking so far, to be completed with a forced answer. */
export interface ProbeRequest {
	readonly problem?: string;
	readonly thinking: string;
	/** Thinking tokens so far (where the probe is taken). */
	readonly tokenOffset: number;
}

/** What a probe gave: the answer up to the first unmatched `}`, the raw completion, or the failure. */
export interface ProbeResult {
	readonly answer?: string;
	readonly raw: string;
	readonly latencyMs: number;
	readonly error?: string;
}

/** Asks the reasoning model for a forced answer from the thinking so far (Dynasor's probe-in-the-middle). */
export interface Prober {
	probe(request: ProbeRequest, signal?: AbortSignal): Promise<ProbeResult>;
}

/** The probe's answer: its text up to the first `}` that closes the `\boxed{` the probe opened. */
export function answerFromProbe(text: string): string | undefined {
	let depth = 0;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (ch === '{') {
			depth++;
		} else if (ch === '}') {
			if (depth === 0) {
				const answer = text.slice(0, i).trim();
				return answer === '' ? undefined : answer;
			}
			depth--;
		}
	}
	return undefined;
}

/** Settings of the probe over `/v1/completions`. */
export interface CompletionsProberOptions extends SideCompletionsOptions {
	/**
	 * The chat-templated prompt up to the start of the thinking (`…<｜Assistant｜><think>\n`), e.g. from
	 * vLLM's `/tokenize` + `/detokenize` (docs/endpoints.md#continuation-after-a-cut); called once per problem.
	 */
	readonly renderPrompt: (problem: string | undefined) => Promise<string>;
	/** Dynasor's probe decoding: 20 tokens, temperature 0.6, top-p 0.95. */
	readonly maxTokens?: number;
	readonly temperature?: number;
	readonly topP?: number;
	readonly probeText?: string;
}

/**
 * Dynasor's probe on an OpenAI-compatible server: a raw-prompt `/v1/completions` request with the
 * rendered prompt + thinking so far + the probe text (`add_special_tokens: false`, so the template's
 * BOS is not doubled); the main stream is not touched. Failures come back as `error`, never thrown,
 * except when `signal` aborts.
 */
export class CompletionsProber implements Prober {
	private readonly side: SideCompletions;

	constructor(private readonly options: CompletionsProberOptions) {
		this.side = new SideCompletions(options);
	}

	async probe(request: ProbeRequest, signal?: AbortSignal): Promise<ProbeResult> {
		const probeText = this.options.probeText ?? DYNASOR_PROBE_TEXT;
		const outcome = await this.side.complete(
			request.problem,
			(rendered) => rendered + request.thinking + probeText,
			{
				max_tokens: this.options.maxTokens ?? 20,
				temperature: this.options.temperature ?? 0.6,
				top_p: this.options.topP ?? 0.95,
			},
			signal,
		);
		if ('error' in outcome) {
			return { raw: '', latencyMs: outcome.latencyMs, error: outcome.error };
		}
		const raw = outcome.choice?.text ?? '';
		return { answer: answerFromProbe(raw), raw, latencyMs: outcome.latencyMs };
	}
}
