/**
 * The verifier's two questions for the chain analyzer. A verifier must degrade on its own; if one throws
 * anyway, the thought still gets a verdict: the heuristic's, marked as a fallback. An abort is passed on.
 */
import { messageOf } from '../../shared/userError';
import { heuristicAnswerPresence, heuristicEquivalence } from '../verifier/heuristicVerifier';
import type {
	AnswerPresenceQuestion,
	AnswerPresenceVerdict,
	EquivalenceQuestion,
	EquivalenceVerdict,
	Verifier,
} from '../verifier/verdict';

function isAbort(err: unknown, signal: AbortSignal | undefined): boolean {
	return (
		signal?.aborted === true ||
		(err instanceof Error && (err.name === 'AbortError' || err.name === 'APIUserAbortError'))
	);
}

/** Fields of a verdict the heuristic gave because the verifier threw. */
function fallback(err: unknown): {
	source: 'heuristic-after-llm-failure';
	error: string;
	reason: string;
	latencyMs: number;
} {
	return {
		source: 'heuristic-after-llm-failure',
		error: messageOf(err),
		reason: `verifier error (${messageOf(err)})`,
		latencyMs: 0,
	};
}

/** p1: does the thought state an answer? */
export async function askAnswerPresence(
	verifier: Verifier,
	question: AnswerPresenceQuestion,
	signal: AbortSignal | undefined,
): Promise<AnswerPresenceVerdict> {
	try {
		return await verifier.answerPresence(question, signal);
	} catch (err) {
		if (isAbort(err, signal)) {
			throw err;
		}
		return { ...heuristicAnswerPresence(question), ...fallback(err) };
	}
}

/** p2: are the two answers equivalent? */
export async function askEquivalence(
	verifier: Verifier,
	question: EquivalenceQuestion,
	signal: AbortSignal | undefined,
): Promise<EquivalenceVerdict> {
	try {
		return await verifier.equivalence(question, signal);
	} catch (err) {
		if (isAbort(err, signal)) {
			throw err;
		}
		const { comparison: _c, ...verdict } = heuristicEquivalence(question);
		return { ...verdict, ...fallback(err) };
	}
}
