import { serverRoot } from '../stream/discovery';
import { isTokenIdLabel, type VerifierCompletion } from './yesNo';

const CACHE_LIMIT = 4096;

/**
 * vLLM with --return-tokens-as-token-ids labels logprob tokens `token_id:N`; the labels are mapped to
 * their text through the server's /detokenize (once per id) so the readers see words.
 */
export class TokenIdDecoder {
	private readonly texts = new Map<number, string>();

	constructor(
		private readonly options: {
			readonly baseURL: string;
			readonly model: string;
			readonly apiKey?: string;
		},
		private readonly timeoutMs: number,
	) {}

	/** The completion with its first token's labels replaced by their text (unchanged without labels). */
	async decode<T extends VerifierCompletion>(
		completion: T,
		signal: AbortSignal | undefined,
	): Promise<T> {
		const first = completion.choices[0]?.logprobs?.content?.[0];
		if (first === undefined) {
			return completion;
		}
		const labels = [first.token, ...(first.top_logprobs ?? []).map((t) => t.token)].filter(
			isTokenIdLabel,
		);
		if (labels.length === 0) {
			return completion;
		}
		for (const id of new Set(labels.map((l) => Number(l.slice('token_id:'.length))))) {
			if (!this.texts.has(id) && this.texts.size < CACHE_LIMIT) {
				const text = await this.detokenize(id, signal);
				if (text !== undefined) {
					this.texts.set(id, text);
				}
			}
		}
		const text = (token: string): string =>
			isTokenIdLabel(token)
				? (this.texts.get(Number(token.slice('token_id:'.length))) ?? token)
				: token;
		const choice = completion.choices[0];
		const content = [
			{
				...first,
				token: text(first.token),
				top_logprobs: first.top_logprobs?.map((t) => ({ ...t, token: text(t.token) })),
			},
		];
		return {
			...completion,
			choices: [
				{ ...choice, logprobs: { ...choice?.logprobs, content } },
				...completion.choices.slice(1),
			],
		};
	}

	private async detokenize(
		id: number,
		signal: AbortSignal | undefined,
	): Promise<string | undefined> {
		try {
			const response = await fetch(`${serverRoot(this.options.baseURL)}/detokenize`, {
				method: 'POST',
				headers: {
					'Content-Type': 'application/json',
					...(this.options.apiKey !== undefined && this.options.apiKey !== ''
						? { Authorization: `Bearer ${this.options.apiKey}` }
						: {}),
				},
				body: JSON.stringify({ model: this.options.model, tokens: [id] }),
				signal:
					signal !== undefined
						? AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)])
						: AbortSignal.timeout(this.timeoutMs),
			});
			const body = (await response.json()) as { prompt?: unknown; text?: unknown };
			const text = body.prompt ?? body.text;
			return response.ok && typeof text === 'string' ? text : undefined;
		} catch {
			return undefined;
		}
	}
}
