import OpenAI from 'openai';
import { describeVerifierError } from '../verifier/verifierErrors';
import { RenderedPrompts } from './renderedPrompts';

/** Where side requests go, and how the problem's prompt is rendered. */
export interface SideCompletionsOptions {
	/** OpenAI-compatible base URL including `/v1`. */
	readonly baseURL: string;
	readonly model: string;
	readonly apiKey?: string;
	/** The chat-templated prompt up to the start of the thinking; called once per problem. */
	readonly renderPrompt: (problem: string | undefined) => Promise<string>;
	readonly timeoutMs?: number;
}

/** Decoding settings of one side request (everything of the body but the model and the prompt). */
export type SideDecoding = Omit<OpenAI.CompletionCreateParamsNonStreaming, 'model' | 'prompt'>;

/** A side request's first choice, or its failure described; with the time it took either way. */
export type SideOutcome =
	| { readonly choice: OpenAI.CompletionChoice | undefined; readonly latencyMs: number }
	| { readonly error: string; readonly latencyMs: number };

/**
 * Raw-prompt `/v1/completions` requests beside the main stream, for Dynasor's probes and DEER's trial
 * answers: the problem's rendered prompt (rendered once per problem) extended by the caller, sent with
 * `add_special_tokens: false` so that the template's BOS is not doubled, no retries. Failures come back
 * as `error`, never thrown, except when `signal` aborts.
 */
export class SideCompletions {
	readonly timeoutMs: number;
	private readonly client: OpenAI;
	private readonly rendered: RenderedPrompts;

	constructor(private readonly options: SideCompletionsOptions) {
		this.timeoutMs = options.timeoutMs ?? 10_000;
		this.client = new OpenAI({
			baseURL: options.baseURL,
			apiKey: options.apiKey ?? 'EMPTY',
			maxRetries: 0,
			timeout: this.timeoutMs,
		});
		this.rendered = new RenderedPrompts(options.renderPrompt);
	}

	/** Completes `extend(rendered prompt of the problem)` with the given decoding. */
	async complete(
		problem: string | undefined,
		extend: (rendered: string) => string,
		decoding: SideDecoding,
		signal?: AbortSignal,
	): Promise<SideOutcome> {
		const started = performance.now();
		try {
			const prompt = extend(await this.rendered.get(problem));
			const body = {
				model: this.options.model,
				prompt,
				...decoding,
				add_special_tokens: false,
			};
			const completion = await this.client.completions.create(body, {
				signal,
				timeout: this.timeoutMs,
				maxRetries: 0,
			});
			return { choice: completion.choices[0], latencyMs: performance.now() - started };
		} catch (err) {
			if (signal?.aborted === true) {
				throw err;
			}
			return {
				error: describeVerifierError(err, this.options.baseURL, this.timeoutMs),
				latencyMs: performance.now() - started,
			};
		}
	}
}
