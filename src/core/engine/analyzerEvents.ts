import type { ThoughtLabel } from '../labels/thoughtLabeler';
import type { StopCut } from '../policies/stopPolicy';
import type { Thought } from '../thoughts/thought';
import type { Verdict } from '../verifier/verdict';
import type { VerifiedThought } from '../verifier/verifiedThought';

/**
 * What the chain analyzer reports, in the order things happen. A live UI and the replay controller
 * consume the same events:
 * - `thought`: a thought closed (the next marker arrived, or the stream ended);
 * - `verdict`: a verifier question about a thought was answered (p1 or p2, with inputs and source);
 * - `step`: a thought and all its verdicts, handed to the labels and the stop policy (chain order);
 * - `label`: a thought's role and usefulness (again with `revised: true` when hindsight changed it);
 * - `policyState`: the stop policy's state line after a thought;
 * - `cut`: the stop policy fired (once per chain);
 * - `predictedCut`: with a `predictor`, a thought just closed whose heuristic reading would make this
 *   cut; the verifier's verdict on it decides (a remote verifier's takes a call).
 */
export type AnalyzerEvent =
	| { readonly type: 'thought'; readonly thought: Thought }
	| { readonly type: 'verdict'; readonly verdict: Verdict }
	| { readonly type: 'step'; readonly step: VerifiedThought }
	| { readonly type: 'label'; readonly label: ThoughtLabel; readonly revised: boolean }
	| { readonly type: 'policyState'; readonly thought: number; readonly state: string }
	| { readonly type: 'cut'; readonly cut: StopCut }
	| { readonly type: 'predictedCut'; readonly cut: StopCut };

export type AnalyzerListener = (event: AnalyzerEvent) => void;
