/**
 * The one message contract between the extension host (src/vscode) and the webview (webview/).
 *
 * The host owns the truth; the webview is a projection of it:
 * 1. the webview says `ready`;
 * 2. the host answers with a `snapshot` (sequence number `seq`);
 * 3. the host then sends numbered `patch` messages (seq + 1, + 2, …), batched about once per frame;
 * 4. on a gap in the numbers the webview sends `requestSnapshot` and ignores patches until it comes.
 * While the view is hidden the host posts nothing; when it is shown again the page is rebuilt (no
 * `retainContextWhenHidden`), says `ready` again and restores its own UI state (zoom, selection,
 * collapsed runs) from `setState`.
 * Messages from the webview are intents only; the host validates each with `isWebviewToHost`,
 * because the webview renders model output and is not trusted.
 */

import type { ErrorAction } from './userError';

export const PROTOCOL_VERSION = 3;

/** What a thought does in the chain. */
export type ThoughtRole = 'progress' | 'verification' | 'alternative' | 'backtrack' | 'conclusion';

/** A thought's role, or `problem` for the root. */
export type NodeRole = 'problem' | ThoughtRole;

/** Whether a thought moved the solution forward. */
export type Usefulness = 'useful' | 'redundant' | 'undecided';

/** How far a chain has come: still arriving, whole, cut short by a failure (what arrived is kept), or failed. */
export type ChainStatus = 'streaming' | 'complete' | 'partial' | 'error';

/** Who answered a verifier question: the LLM verifier, the heuristic, or the heuristic after the LLM failed. */
export type VerifierSource = 'llm' | 'heuristic' | 'fallback';

/**
 * The stop policies: the one list behind `--policy`, the `thinktrim.policy.name` setting (held to it by a
 * unit test), the core's policy factory and the view. It lives here because the webview needs it too.
 */
export const POLICY_NAMES = ['trimr', 'trimr-paper', 'dynasor', 'deer', 'budget', 'none'] as const;

/** One of the stop policies. */
export type PolicyName = (typeof POLICY_NAMES)[number];

/** Display names of the policies. */
export const POLICY_LABELS: Readonly<Record<PolicyName, string>> = {
	trimr: 'TrimR',
	'trimr-paper': 'TrimR (paper)',
	dynasor: 'Dynasor-CoT',
	deer: 'DEER',
	budget: 'Token budget',
	none: 'No cut',
};

/** One verifier question about a thought, as it was asked and answered. */
export interface VerifierQuestionView {
	/** `answerExists`: "does this thought state an answer?"; `equivalent`: "are these two answers the same?". */
	readonly question: 'answerExists' | 'equivalent';
	/** The prompt as sent to the verifier (or the inputs the heuristic compared). */
	readonly prompt: string;
	readonly verdict: boolean;
	/** P(yes) and P(no) read from the log-probabilities (LLM verifier only). */
	readonly pYes?: number;
	readonly pNo?: number;
	readonly source: VerifierSource;
	readonly latencyMs?: number;
	/** The heuristic's reason, or why the LLM call failed. */
	readonly note?: string;
}

/** Why a thought got its verdict: the verifier's questions and answers. */
export interface VerdictExplanationView {
	readonly source: VerifierSource;
	readonly verifierModel?: string;
	readonly questions: readonly VerifierQuestionView[];
	/** Total verifier time spent on this thought. */
	readonly latencyMs?: number;
	readonly heuristicReason?: string;
	/** Why the LLM verifier was not used for this thought (error, timeout). */
	readonly fallbackReason?: string;
}

/** One node of the reasoning tree as the webview draws it. */
export interface TreeNodeView {
	readonly id: string;
	readonly parentId: string | null;
	/** Position of the thought in the chain; -1 for the problem node. */
	readonly index: number;
	readonly role: NodeRole;
	readonly usefulness: Usefulness;
	/** One line saying why the verdict is what it is. */
	readonly reason?: string;
	readonly text: string;
	readonly tokenStart: number;
	readonly tokenEnd: number;
	/** The answer this thought states, if any. */
	readonly answer?: string;
	/** The earlier thought a verification checks or a backtrack abandons. */
	readonly refersTo?: number;
	/** True while the thought is still growing (the last thought of a streaming chain). */
	readonly streaming?: boolean;
	readonly explanation?: VerdictExplanationView;
	/** Each policy's stop-rule state right after this thought, e.g. "2 of 2 equivalent answers → cut". */
	readonly stopRuleStates?: Readonly<Partial<Record<PolicyName, string>>>;
}

/** Where a policy cuts (watch mode: would cut) the chain: the kept part ends with thought `thought`. */
export interface CutView {
	readonly policy: PolicyName;
	readonly thought: number;
	/** Thinking tokens kept: the cut's offset on the token axis. */
	readonly tokenOffset: number;
	/** Which rule fired, e.g. "overthinking", "underthinking", "repetition", "budget". */
	readonly trigger: string;
	readonly explanation: string;
}

/** The oracle cut: the earliest thought after which the stated answer is final and never changes again. */
export interface OracleView {
	readonly thought: number;
	readonly tokenOffset: number;
	readonly savedTokens: number;
}

/** A point where the stated answer changed. */
export interface AnswerSwitchView {
	readonly thought: number;
	readonly tokenOffset: number;
	readonly from?: string;
	readonly to: string;
}

/** The chain's figures for the header. Kept/saved tokens follow from the shown policy's cut. */
export interface ChainFigures {
	/** The policy whose cut the tree shows first. */
	readonly policy: PolicyName;
	/** `watch`: the cut is marked, the chain is not cut; `act`: the chain was cut there. */
	readonly mode: 'watch' | 'act';
	readonly verifier: {
		readonly kind: 'llm' | 'heuristic';
		readonly model?: string;
		readonly fallbacks?: number;
	};
	/** Wall-clock time of the chain (streamed or recorded), when known. */
	readonly elapsedMs?: number;
	/** How the token counts were obtained, e.g. "server usage" or "estimated (~4 chars/token)". */
	readonly tokenSource?: string;
	/** The ThinkTrim emulator's recording behind the chain and how it was chosen (`none`: unrelated to the prompt). */
	readonly served?: {
		readonly trace: string;
		readonly match: 'pinned' | 'exact' | 'contained' | 'none';
	};
	/** For a replay or what-if: the original chain it is measured against (savings in src/shared/savings.ts). */
	readonly original?: OriginalChainFigures;
	/**
	 * Where the verdicts come from: `recorded` when they are the ones the run was recorded with, `analysed`
	 * when they were computed when the chain was opened (with the current settings).
	 */
	readonly verdicts?: 'recorded' | 'analysed';
}

/** The original chain's size and time, for "saved N of M thinking tokens". */
export interface OriginalChainFigures {
	readonly thinkingTokens: number;
	readonly elapsedMs?: number;
}

/** Analysis settings the view lets the user change (host re-analyzes on `setOptions`). */
export interface AnalysisOptionsView {
	readonly policy: PolicyName;
	/** TrimR overthinking: M consecutive equivalent answers. */
	readonly consecutiveAnswers: number;
	/** P(yes) threshold of the LLM verifier. */
	readonly verifierThreshold: number;
	/** TrimR underthinking: thoughts without convergence. */
	readonly underthinkingThoughts: number;
	/** TrimR underthinking: share of the token budget without convergence. */
	readonly underthinkingBudgetShare: number;
	/** `thinktrim.policy.parameters`: one setting per policy in the sweep grammar (`trimr:S=1`). */
	readonly parameters?: string;
}

/** A whole chain: its figures, cuts and nodes (root first, then thoughts in chain order). */
export interface ChainView {
	readonly runId: string;
	readonly title: string;
	readonly model?: string;
	readonly benchmark?: string;
	/** Attribution line for third-party traces. */
	readonly source?: string;
	readonly status: ChainStatus;
	/** What went wrong (partial, error) or what is happening (streaming). */
	readonly statusMessage?: string;
	/** What the user can do about a failure (partial, error), offered as buttons next to `statusMessage`. */
	readonly statusActions?: readonly ErrorAction[];
	readonly thinkingTokens: number;
	readonly finalAnswer?: string;
	readonly goldAnswer?: string;
	readonly figures: ChainFigures;
	/** One cut per analyzed policy. */
	readonly cuts: readonly CutView[];
	readonly oracle?: OracleView;
	readonly answerSwitches: readonly AnswerSwitchView[];
	/** Present when the host can re-analyze the chain with other options. */
	readonly options?: AnalysisOptionsView;
	readonly nodes: readonly TreeNodeView[];
}

/** What the view shows as a whole. */
export type ViewState =
	| { readonly kind: 'empty' }
	| { readonly kind: 'loading'; readonly message: string }
	/** A failure, with what the user can do about it (buttons that send `errorAction`). */
	| {
			readonly kind: 'error';
			readonly message: string;
			readonly actions?: readonly ErrorAction[];
	  }
	| { readonly kind: 'chain'; readonly chain: ChainView };

/** Fields of a node that may change after it was added. */
export type TreeNodeChanges = Partial<Omit<TreeNodeView, 'id' | 'index'>>;

/** A small change to the chain on screen. Nodes are added parents first. */
export type TreePatchOp =
	| { readonly op: 'addNode'; readonly node: TreeNodeView }
	| { readonly op: 'updateNode'; readonly id: string; readonly changes: TreeNodeChanges }
	/** The growing last thought: `text` is appended to the node's text. */
	| {
			readonly op: 'appendText';
			readonly id: string;
			readonly text: string;
			readonly tokenEnd: number;
	  }
	| { readonly op: 'setCut'; readonly cut: CutView }
	| { readonly op: 'clearCut'; readonly policy: PolicyName }
	| { readonly op: 'setOracle'; readonly oracle: OracleView | null }
	| { readonly op: 'addAnswerSwitch'; readonly answerSwitch: AnswerSwitchView }
	| {
			readonly op: 'setStatus';
			readonly status: ChainStatus;
			readonly thinkingTokens: number;
			readonly message?: string;
			readonly actions?: readonly ErrorAction[];
	  }
	| { readonly op: 'setFigures'; readonly figures: ChainFigures; readonly finalAnswer?: string };

/** Host → webview. */
export type HostToWebview =
	/** Host → webview: the full state; resets the sequence to `seq`. */
	| { readonly type: 'snapshot'; readonly seq: number; readonly state: ViewState }
	/** Host → webview: changes to the chain `runId`, to apply in `seq` order. */
	| {
			readonly type: 'patch';
			readonly seq: number;
			readonly runId: string;
			readonly ops: readonly TreePatchOp[];
	  }
	/** Host → webview: serialize the tree as a standalone SVG and answer with `svgExport` (same `requestId`). */
	| { readonly type: 'exportSvg'; readonly requestId: number };

/** Commands the webview may ask the host to run. */
export type WebviewCommand =
	| 'openSampleTrace'
	| 'exportHtml'
	| 'exportSvg'
	| 'replay'
	| 'whatIf'
	| 'reanalyze'
	| 'openInEditor';

export const WEBVIEW_COMMANDS: readonly WebviewCommand[] = [
	'openSampleTrace',
	'exportHtml',
	'exportSvg',
	'replay',
	'whatIf',
	'reanalyze',
	'openInEditor',
];

/** The id of the `<script type="application/json">` element that carries the chain in an exported HTML file. */
export const EMBEDDED_CHAIN_ELEMENT_ID = 'thinktrim-data';

/** Largest SVG the host accepts from the webview (a 2,000-thought tree is about 2 MB). */
export const MAX_SVG_BYTES = 32 * 1024 * 1024;

/** Webview → host. */
export type WebviewToHost =
	/** Webview → host: the script is loaded and listening; answer with a snapshot. */
	| { readonly type: 'ready'; readonly protocolVersion: number }
	/** Webview → host: a patch number was missed; send a fresh snapshot. */
	| { readonly type: 'requestSnapshot'; readonly lastSeq: number }
	/** Webview → host: the user selected a node (for commands that act on the selection). */
	| { readonly type: 'selectNode'; readonly nodeId: string | null }
	/** Webview → host: the user pressed a button that maps to a command. */
	| { readonly type: 'runCommand'; readonly command: WebviewCommand }
	/** Webview → host: re-analyze the chain on screen with these options. */
	| { readonly type: 'setOptions'; readonly options: AnalysisOptionsView }
	/** Webview → host: the answer to `exportSvg`: the tree as one SVG document. */
	| { readonly type: 'svgExport'; readonly requestId: number; readonly svg: string }
	/** Webview → host: the user chose one of a failure's actions (Open Log, Open Settings); carry it out. */
	| { readonly type: 'errorAction'; readonly action: ErrorAction };

/** True when `value` names a policy. */
export function isPolicyName(value: unknown): value is PolicyName {
	return typeof value === 'string' && (POLICY_NAMES as readonly string[]).includes(value);
}
