import type { TokenLogprob } from './verdict';

/** Yes or No read from one generated token and its top log-probabilities. */
export interface YesNoReading {
	/** P(Yes variants) / (P(Yes variants) + P(No variants)). */
	readonly pYes: number;
	/** How it was read: from the log-probabilities, or from the generated token alone (no logprobs returned). */
	readonly from: 'logprobs' | 'token';
	readonly token?: string;
	readonly topLogprobs: readonly TokenLogprob[];
}

/** The minimal shape of a chat completion this reads (the openai SDK's `ChatCompletion` fits it). */
export interface VerifierCompletion {
	readonly choices: ReadonlyArray<{
		readonly message?: { readonly content?: string | null } | null;
		readonly logprobs?: {
			readonly content?: ReadonlyArray<{
				readonly token: string;
				readonly logprob: number;
				readonly top_logprobs?: ReadonlyArray<{
					readonly token: string;
					readonly logprob: number;
				}> | null;
			}> | null;
		} | null;
	}>;
}

/** vLLM's `token_id:N` label for a token (`--return-tokens-as-token-ids`). */
export function isTokenIdLabel(token: string): boolean {
	return /^token_id:\d+$/.test(token);
}

/** "Yes", " Yes", "yes", "YES", "▁Yes", "ĠYes" → 'yes'; likewise 'no'; anything else undefined. */
export function yesNoToken(token: string): 'yes' | 'no' | undefined {
	const word = token.replace(/^[\sĠ▁]+|[\s.!]+$/g, '').toLowerCase();
	return word === 'yes' ? 'yes' : word === 'no' ? 'no' : undefined;
}

/**
 * The reply's generated token and its top log-probabilities (the generated token included), or an error
 * message when there is no choice. Shared by the yes/no and the joint readings.
 */
export function firstToken(
	completion: VerifierCompletion,
): { token: string | undefined; top: TokenLogprob[] } | string {
	const choice = completion.choices[0];
	if (choice === undefined) {
		return 'the verifier returned no choices';
	}
	const first = choice.logprobs?.content?.[0];
	// vLLM with --return-tokens-as-token-ids labels tokens "token_id:N": the decoded content says more.
	const token =
		first !== undefined && !isTokenIdLabel(first.token)
			? first.token
			: (choice.message?.content ?? first?.token ?? undefined);
	const top: TokenLogprob[] = (first?.top_logprobs ?? []).map((t) => ({
		token: t.token,
		logprob: t.logprob,
	}));
	if (first !== undefined && !top.some((t) => t.token === first.token)) {
		top.push({ token: first.token, logprob: first.logprob });
	}
	return { token, top };
}

/**
 * Reads the verifier's reply. Sums the probabilities of the Yes and No variants among the first
 * token's top log-probabilities (the generated token included); when neither appears there, or the
 * server sent no log-probabilities, falls back to the generated token itself (P = 1 or 0).
 * Returns an error message when the reply is neither.
 */
export function readYesNo(completion: VerifierCompletion): YesNoReading | string {
	const first = firstToken(completion);
	if (typeof first === 'string') {
		return first;
	}
	const { token, top } = first;
	let yes = 0;
	let no = 0;
	for (const entry of top) {
		const kind = yesNoToken(entry.token);
		if (kind === 'yes') {
			yes += Math.exp(entry.logprob);
		} else if (kind === 'no') {
			no += Math.exp(entry.logprob);
		}
	}
	if (yes + no > 0) {
		return { pYes: yes / (yes + no), from: 'logprobs', token, topLogprobs: top };
	}
	const kind = token === undefined ? undefined : yesNoToken(token);
	if (kind !== undefined) {
		return { pYes: kind === 'yes' ? 1 : 0, from: 'token', token, topLogprobs: top };
	}
	return `the verifier answered ${JSON.stringify(token ?? '')}, neither Yes nor No`;
}
