import { promptWithThinking } from './renderedPrompts';
import { SideCompletions, type SideCompletionsOptions } from './sideCompletions';
import {
	DEER_ANSWER_INDUCER,
	DEER_TRIAL_MAX_TOKENS,
	DEER_TRIAL_STOPS,
	trialConfidence,
	type TokenLogprob,
	type TrialAnswerer,
	type TrialMean,
	type TrialRequest,
	type TrialResult,
} from './trialAnswer';

/** Settings of DEER's trial over `/v1/completions`. */
export interface CompletionsTrialOptions extends SideCompletionsOptions {
	/** Default: DEER's math inducer. */
	readonly inducer?: string;
	/** DEER-Distill uses the arithmetic mean (`avg1`), Qwen3 the geometric (`avg2`). Default arithmetic. */
	readonly mean?: TrialMean;
	readonly maxTokens?: number;
}

/** The `logprobs` object of a vLLM / OpenAI legacy completion choice. */
interface CompletionLogprobs {
	readonly tokens?: readonly string[];
	readonly token_logprobs?: ReadonlyArray<number | null>;
	readonly top_logprobs?: ReadonlyArray<Readonly<Record<string, number>> | null> | null;
}

/** The generated tokens with their log-probabilities, or an error naming what is missing. */
export function tokensFromLogprobs(
	logprobs: CompletionLogprobs | null | undefined,
): TokenLogprob[] | string {
	const tokens = logprobs?.tokens;
	const values = logprobs?.token_logprobs;
	if (tokens === undefined || values === undefined || tokens.length !== values.length) {
		return 'the server returned no token log-probabilities for the trial answer (does it support "logprobs" on /v1/completions?)';
	}
	return tokens.map((token, i) => ({
		token,
		logprob: values[i] ?? Number.NEGATIVE_INFINITY,
		top: logprobs?.top_logprobs?.[i] ?? undefined,
	}));
}

/**
 * DEER's trial on an OpenAI-compatible server: a raw-prompt `/v1/completions` request with the rendered
 * prompt + thinking so far + the answer inducer, greedy, at most 20 tokens, `logprobs: 1`, stopping at
 * the brace that closes the answer (`add_special_tokens: false`, so the template's BOS is not doubled).
 * The main stream is not touched. Failures come back as `error` with confidence 0, never thrown,
 * except when `signal` aborts.
 */
export class CompletionsTrialAnswerer implements TrialAnswerer {
	private readonly side: SideCompletions;

	constructor(private readonly options: CompletionsTrialOptions) {
		this.side = new SideCompletions(options);
	}

	async trial(request: TrialRequest, signal?: AbortSignal): Promise<TrialResult> {
		const inducer = this.options.inducer ?? DEER_ANSWER_INDUCER;
		const outcome = await this.side.complete(
			request.problem,
			(rendered) => promptWithThinking(rendered, request.thinking) + inducer,
			{
				max_tokens: this.options.maxTokens ?? DEER_TRIAL_MAX_TOKENS,
				temperature: 0,
				logprobs: 1,
				stop: [...DEER_TRIAL_STOPS],
			},
			signal,
		);
		if ('error' in outcome) {
			return { raw: '', confidence: 0, latencyMs: outcome.latencyMs, error: outcome.error };
		}
		const raw = outcome.choice?.text ?? '';
		const tokens = tokensFromLogprobs(outcome.choice?.logprobs);
		if (typeof tokens === 'string') {
			return { raw, confidence: 0, latencyMs: outcome.latencyMs, error: tokens };
		}
		const { answer, confidence } = trialConfidence(tokens, this.options.mean);
		return { answer, confidence, raw, latencyMs: outcome.latencyMs };
	}
}
