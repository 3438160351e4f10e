/**
 * DEER's trial answer (docs/evaluation.md#deer-online): at a thought boundary the model is asked for its answer now,
 * by appending an answer inducer to the thinking so far, and its confidence in that answer is read from
 * the log-probabilities of the answer tokens.
 */

/** DEER's answer inducer for math (its repository's `answer_prompt_str`): the model then writes `{answer}`. */
export const DEER_ANSWER_INDUCER = '\n**Final Answer**\n\\boxed';

/** Where DEER stops the trial: right at the brace that closes `\boxed{…}`. */
export const DEER_TRIAL_STOPS: readonly string[] = [
	' }',
	'}\n',
	'}\n\n',
	'}.',
	'}.\n',
	'}\\',
	'}}',
	')}',
	')}.',
	')}\n',
];

/** DEER's trial budget: 20 tokens. */
export const DEER_TRIAL_MAX_TOKENS = 20;

/** One trial: the thinking up to a thought boundary. */
export interface TrialRequest {
	readonly problem?: string;
	readonly thinking: string;
	/** Thinking tokens so far (where the trial is taken). */
	readonly tokenOffset: number;
}

/** A trial's answer and the model's confidence in it (0 when it gave none or failed). */
export interface TrialResult {
	readonly answer?: string;
	readonly confidence: number;
	readonly raw: string;
	readonly latencyMs: number;
	readonly error?: string;
}

/** Asks the reasoning model for a trial answer with its confidence (DEER's answer inducing). */
export interface TrialAnswerer {
	trial(request: TrialRequest, signal?: AbortSignal): Promise<TrialResult>;
}

/** One generated token and the probabilities the server gave for it. */
export interface TokenLogprob {
	readonly token: string;
	/** Log-probability of the sampled token. */
	readonly logprob: number;
	/** The most likely alternatives at that position (vLLM's `top_logprobs`), when sent. */
	readonly top?: Readonly<Record<string, number>>;
}

/** How the per-token probabilities become one confidence: DEER's `avg1` (arithmetic) or `avg2` (geometric). */
export type TrialMean = 'arithmetic' | 'geometric';

/**
 * The trial answer and DEER's confidence: the answer is the text after the opening `{` up to its
 * matching `}` (or the end, when a stop string ended the trial first); the confidence is the mean of
 * each answer token's highest probability (the sampled token's, or the best alternative's when higher),
 * skipping the opening-brace token as DEER does. No answer token → confidence 0.
 */
export function trialConfidence(
	tokens: readonly TokenLogprob[],
	mean: TrialMean = 'arithmetic',
): { answer: string | undefined; confidence: number } {
	let text = '';
	let depth = 0;
	let opened = false;
	const probabilities: number[] = [];
	for (const t of tokens) {
		let piece = t.token;
		if (!opened) {
			const brace = piece.indexOf('{');
			if (brace === -1) {
				continue;
			}
			opened = true;
			piece = piece.slice(brace + 1);
			if (piece.trim() === '') {
				continue;
			}
		}
		let closedAt = -1;
		for (let i = 0; i < piece.length; i++) {
			if (piece[i] === '{') {
				depth++;
			} else if (piece[i] === '}') {
				if (depth === 0) {
					closedAt = i;
					break;
				}
				depth--;
			}
		}
		const kept = closedAt === -1 ? piece : piece.slice(0, closedAt);
		if (kept !== '') {
			text += kept;
			const best = Math.max(t.logprob, ...Object.values(t.top ?? {}));
			probabilities.push(Math.exp(best));
		}
		if (closedAt !== -1) {
			break;
		}
	}
	const answer = text.trim();
	if (answer === '' || probabilities.length === 0) {
		return { answer: undefined, confidence: 0 };
	}
	const confidence =
		mean === 'arithmetic'
			? probabilities.reduce((a, b) => a + b, 0) / probabilities.length
			: Math.exp(probabilities.reduce((a, p) => a + Math.log(p), 0) / probabilities.length);
	return { answer, confidence };
}
