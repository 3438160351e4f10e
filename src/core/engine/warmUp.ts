/**
 * Runs the whole analysis once over a small made-up chain, for a long-running process (the gateway) to
 * call before it serves: the segmenter, the answer extractor, the verifier's heuristics, the policy and
 * the math library (which builds its functions on first use) then run compiled code from the first
 * request on. In the gateway benchmark a first comparison of two answers held the event loop for 12 ms,
 * in the middle of the load, while the math library built what it needed.
 */
import { answersEquivalent } from '../answers/equivalence';
import { analyzeTrace, type TraceAnalysis } from './analyzeTrace';

/** Answer pairs in the forms chains use, so each kind of comparison has run once. */
const PAIRS: ReadonlyArray<readonly [string, string]> = [
	['\\frac{1}{2}', '0.5'],
	['2\\sqrt{5}', 'sqrt(20)'],
	['\\dfrac{3\\pi}{4}', '3*pi/4'],
	['45\\%', '0.45'],
	['$1,250.00', '1250'],
	['(C)', 'C'],
	['x = -3', '-3'],
	['\\{1, 2\\}', '\\{2, 1\\}'],
	['[0, 1)', '[0,1)'],
	['2^{10}', '1024'],
	['\\log_2 8', '3'],
	['e^{0}', '1'],
];

const CHAIN = [
	'Okay, so the store sells pencils at 3 for $0.75 and I need the cost of 12 pencils.',
	'Each pencil costs 0.75 / 3 = 0.25 dollars, so 12 pencils cost 12 * 0.25 = 3 dollars.',
	'Wait, let me double-check that. 3 pencils for $0.75 means 12 pencils is 4 groups, 4 * 0.75 = 3.00.',
	'Alternatively, 0.25 * 12 = 3. So the answer is $3.',
	'Hmm, is there any discount? No. So the total is \\boxed{3}.',
].join('\n\n');

/**
 * One pass over the answer comparisons and one analysis of a made-up chain, with the default policy. The
 * analysis is returned so a test can see that it went all the way to a cut.
 */
export async function warmUpAnalysis(): Promise<TraceAnalysis> {
	for (const [a, b] of PAIRS) {
		answersEquivalent(a, b);
	}
	return analyzeTrace({
		id: 'warm-up',
		problem: 'Pencils cost 3 for $0.75. How much do 12 pencils cost, in dollars?',
		thinking: CHAIN,
		final: 'The 12 pencils cost $3.',
	});
}
