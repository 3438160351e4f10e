import type { ChainView, CutView } from '../src/shared/protocol';

/** What a cut does to the answer, in words for the header. */
export interface CutAnswer {
	/** `changes`: the chain switches its answer after the cut; `keeps`: it does not; `none`: nothing stated before the cut. */
	readonly kind: 'changes' | 'keeps' | 'none';
	readonly text: string;
}

/**
 * Pure: compares the answer stated last before the cut with the whole chain's answer, using the answer
 * switches the engine found (its own equivalence, so "\boxed{42}" and "42" are one answer). The flip is
 * stated in words so it does not hang on colour alone.
 */
export function cutAnswer(chain: ChainView, cut: CutView): CutAnswer | undefined {
	const switches = chain.answerSwitches;
	if (switches.length === 0) {
		return undefined;
	}
	const before = switches.filter((s) => s.thought <= cut.thought).at(-1);
	const last = switches.at(-1);
	const whole = last?.to ?? chain.finalAnswer;
	if (before === undefined) {
		return {
			kind: 'none',
			text: `no answer is stated before this cut (the whole chain answers ${short(whole ?? '?')})`,
		};
	}
	// Switches after the cut that come back to the same answer leave it unchanged.
	if (last !== undefined && last.thought > cut.thought && same(last.to, before.to) === false) {
		return {
			kind: 'changes',
			text: `cutting here changes the answer: ${short(last.to)} → ${short(before.to)}`,
		};
	}
	return { kind: 'keeps', text: `cutting here keeps the answer ${short(before.to)}` };
}

function same(a: string, b: string): boolean {
	const norm = (s: string): string => s.replace(/\\boxed\{(.*)\}/, '$1').replace(/[\s$]+/g, '');
	return norm(a) === norm(b);
}

/** Answers can be long expressions: keep the header line short (the detail pane has them whole). */
function short(answer: string): string {
	const flat = answer.replace(/\s+/g, ' ').trim();
	return flat.length > 40 ? `${flat.slice(0, 39)}…` : flat;
}
