import type {
	AnalysisOptionsView,
	ChainFigures,
	PolicyName,
	ThoughtRole,
	Usefulness,
	VerdictExplanationView,
} from '../../shared/protocol';

/**
 * What the tree model needs to know about one thought. Kept small and independent of the engine's
 * own types: an adapter (fromAnalysis.ts) maps the engine's output to it, and the stream path can feed
 * it directly. Everything but the position and the text is optional, because labels arrive later than
 * the text while a chain streams.
 */
export interface ThoughtInput {
	/** 0-based position in the chain; thoughts are added in order. */
	readonly index: number;
	/** The thought's text so far (grows while the thought streams). */
	readonly text: string;
	readonly tokenStart: number;
	readonly tokenEnd: number;
	/** False while the thought is still growing; the default is true. */
	readonly complete?: boolean;
	readonly label?: ThoughtLabelInput;
}

/** The engine's judgement of a thought. */
export interface ThoughtLabelInput {
	readonly role?: ThoughtRole;
	readonly usefulness?: Usefulness;
	/** One line, e.g. "re-checks answer 204, already confirmed twice". */
	readonly reason?: string;
	/** The answer the thought states, normalised for display. */
	readonly answer?: string;
	/** The earlier thought a verification checks or a backtrack abandons. */
	readonly refersTo?: number;
	/** How the verifier reached the verdict. */
	readonly explanation?: VerdictExplanationView;
	/** Each policy's stop-rule state right after this thought. */
	readonly stopRuleStates?: Readonly<Partial<Record<PolicyName, string>>>;
}

/** What the model knows about the chain as a whole when it starts. */
export interface ChainMeta {
	readonly runId: string;
	readonly title: string;
	/** The problem's text: the root node. */
	readonly problem: string;
	readonly model?: string;
	readonly benchmark?: string;
	readonly source?: string;
	readonly finalAnswer?: string;
	readonly goldAnswer?: string;
	readonly figures: ChainFigures;
	/** The analysis options the view may change (absent: the host cannot re-analyze this chain). */
	readonly options?: AnalysisOptionsView;
}
