/**
 * The one message contract between the extension host (src/vscode) and the webview (webview/).
 *
 * The host owns the truth; the webview is a projection of it:
 * 1. the webview says `ready`;
 * 2. the host answers with a `snapshot` (sequence number `seq`);
 * 3. the host then sends numbered `patch` messages (seq + 1, + 2, …);
 * 4. on a gap in the numbers the webview sends `requestSnapshot` and ignores patches until it comes.
 * Messages from the webview are intents only; the host validates each with `isWebviewToHost`,
 * because the webview renders model output and is not trusted.
 */

export const PROTOCOL_VERSION = 1;

/** What a thought does in the chain. `problem` is the root. */
export type NodeRole = 'problem' | 'progress' | 'verification' | 'alternative' | 'backtrack' | 'conclusion';

/** Whether a thought moved the solution forward. */
export type Usefulness = 'useful' | 'redundant' | 'undecided';

/** How far a chain has come. */
export type ChainStatus = 'streaming' | 'complete' | 'partial' | 'error';

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
}

/** A whole chain: its figures and its nodes, root first. */
export interface ChainView {
	readonly runId: string;
	readonly title: string;
	readonly model?: string;
	readonly benchmark?: string;
	/** Attribution line for third-party traces. */
	readonly source?: string;
	readonly status: ChainStatus;
	readonly thinkingTokens: number;
	readonly finalAnswer?: string;
	readonly nodes: readonly TreeNodeView[];
}

/** What the view shows as a whole. */
export type ViewState =
	| { readonly kind: 'empty' }
	| { readonly kind: 'loading'; readonly message: string }
	| { readonly kind: 'error'; readonly message: string }
	| { readonly kind: 'chain'; readonly chain: ChainView };

/** A small change to the chain on screen. */
export type TreePatchOp =
	| { readonly op: 'addNode'; readonly node: TreeNodeView }
	| { readonly op: 'updateNode'; readonly id: string; readonly changes: Partial<Omit<TreeNodeView, 'id' | 'parentId'>> }
	| { readonly op: 'setStatus'; readonly status: ChainStatus; readonly thinkingTokens: number };

/** Host → webview. */
export type HostToWebview =
	/** Host → webview: the full state; resets the sequence to `seq`. */
	| { readonly type: 'snapshot'; readonly seq: number; readonly state: ViewState }
	/** Host → webview: changes to the chain `runId`, to apply in `seq` order. */
	| { readonly type: 'patch'; readonly seq: number; readonly runId: string; readonly ops: readonly TreePatchOp[] };

/** Commands the webview may ask the host to run. */
export type WebviewCommand = 'openSampleTrace';

/** Webview → host. */
export type WebviewToHost =
	/** Webview → host: the script is loaded and listening; answer with a snapshot. */
	| { readonly type: 'ready'; readonly protocolVersion: number }
	/** Webview → host: a patch number was missed; send a fresh snapshot. */
	| { readonly type: 'requestSnapshot'; readonly lastSeq: number }
	/** Webview → host: the user selected a node (for commands that act on the selection). */
	| { readonly type: 'selectNode'; readonly nodeId: string | null }
	/** Webview → host: the user pressed a button that maps to a command. */
	| { readonly type: 'runCommand'; readonly command: WebviewCommand };

const WEBVIEW_COMMANDS: ReadonlySet<string> = new Set<WebviewCommand>(['openSampleTrace']);

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null;
}

/** Validates a message that claims to come from the webview. */
export function isWebviewToHost(value: unknown): value is WebviewToHost {
	if (!isRecord(value)) {
		return false;
	}
	switch (value.type) {
		case 'ready':
			return typeof value.protocolVersion === 'number';
		case 'requestSnapshot':
			return typeof value.lastSeq === 'number';
		case 'selectNode':
			return value.nodeId === null || (typeof value.nodeId === 'string' && value.nodeId.length < 200);
		case 'runCommand':
			return typeof value.command === 'string' && WEBVIEW_COMMANDS.has(value.command);
		default:
			return false;
	}
}

/** Validates a message that claims to come from the host (the webview checks before applying). */
export function isHostToWebview(value: unknown): value is HostToWebview {
	if (!isRecord(value) || typeof value.seq !== 'number') {
		return false;
	}
	if (value.type === 'snapshot') {
		return isRecord(value.state) && typeof value.state.kind === 'string';
	}
	if (value.type === 'patch') {
		return typeof value.runId === 'string' && Array.isArray(value.ops);
	}
	return false;
}
