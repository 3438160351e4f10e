import {
	EMBEDDED_CHAIN_ELEMENT_ID,
	PROTOCOL_VERSION,
	isPolicyName,
	type HostToWebview,
	type PolicyName,
	type ViewState,
	type WebviewToHost,
} from '../src/shared/protocol';
import { isHostToWebview } from '../src/shared/protocolGuards';
import { messageOf } from '../src/shared/userError';

/** UI state that survives the view being hidden and shown again (not the chain: the host owns that). */
export interface UiState {
	/** The run the UI state belongs to; a different run starts fresh. */
	readonly runId: string | null;
	readonly selectedNodeId: string | null;
	readonly zoom: { readonly x: number; readonly y: number; readonly k: number } | null;
	/** Ids of the redundant runs the user collapsed. */
	readonly collapsedRuns: readonly string[];
	/** The policy whose cut the tree shows (null: the chain's own). */
	readonly shownPolicy: PolicyName | null;
}

export const EMPTY_UI_STATE: UiState = {
	runId: null,
	selectedNodeId: null,
	zoom: null,
	collapsedRuns: [],
	shownPolicy: null,
};

/** What the page talks to: VS Code's webview API, or the data embedded in an exported HTML file. */
export interface HostPort {
	/** True in an exported file: no host to run commands or re-analyze. */
	readonly standalone: boolean;
	post(message: WebviewToHost): void;
	getState(): unknown;
	setState(state: unknown): void;
	/** Starts delivering host messages. */
	listen(deliver: (message: unknown) => void): void;
}

/** Picks the host: VS Code when `acquireVsCodeApi` exists, else the chain embedded in the page. */
export function detectHost(): HostPort {
	if (typeof acquireVsCodeApi === 'function') {
		const api = acquireVsCodeApi();
		return {
			standalone: false,
			post: (message) => api.postMessage(message),
			getState: () => api.getState(),
			setState: (state) => api.setState(state),
			listen: (deliver) =>
				window.addEventListener('message', (event: MessageEvent<unknown>) => deliver(event.data)),
		};
	}
	return embeddedHost();
}

function embeddedHost(): HostPort {
	let state: unknown;
	return {
		standalone: true,
		post: () => undefined,
		getState: () => state,
		setState: (next) => {
			state = next;
		},
		listen: (deliver) => {
			const data = document.getElementById(EMBEDDED_CHAIN_ELEMENT_ID)?.textContent ?? null;
			let view: ViewState;
			try {
				view =
					data === null
						? {
								kind: 'error',
								message: 'This page has no ThinkTrim chain in it and is not inside VS Code.',
							}
						: (JSON.parse(data) as ViewState);
			} catch (err) {
				view = {
					kind: 'error',
					message: `The chain embedded in this page could not be read (${messageOf(err)}).`,
				};
			}
			queueMicrotask(() => deliver({ type: 'snapshot', seq: 0, state: view }));
		},
	};
}

/** The only place that talks to the host: messages in and out, and the persisted UI state. */
export class HostClient {
	constructor(private readonly port: HostPort) {}

	get standalone(): boolean {
		return this.port.standalone;
	}

	/** Starts listening and tells the host the page is ready. */
	connect(onMessage: (message: HostToWebview) => void): void {
		this.port.listen((data) => {
			if (isHostToWebview(data)) {
				onMessage(data);
			}
		});
		this.post({ type: 'ready', protocolVersion: PROTOCOL_VERSION });
	}

	post(message: WebviewToHost): void {
		this.port.post(message);
	}

	/** The saved UI state, each field checked (it comes back from storage as plain JSON). */
	uiState(): UiState {
		const raw = this.port.getState();
		if (typeof raw !== 'object' || raw === null) {
			return EMPTY_UI_STATE;
		}
		const r = raw as Record<string, unknown>;
		const zoom = r.zoom as Record<string, unknown> | null | undefined;
		return {
			runId: typeof r.runId === 'string' ? r.runId : null,
			selectedNodeId: typeof r.selectedNodeId === 'string' ? r.selectedNodeId : null,
			zoom:
				zoom !== null &&
				typeof zoom === 'object' &&
				[zoom.x, zoom.y, zoom.k].every((v) => typeof v === 'number' && Number.isFinite(v))
					? { x: zoom.x as number, y: zoom.y as number, k: zoom.k as number }
					: null,
			collapsedRuns: Array.isArray(r.collapsedRuns)
				? r.collapsedRuns.filter((v): v is string => typeof v === 'string')
				: [],
			shownPolicy: isPolicyName(r.shownPolicy) ? r.shownPolicy : null,
		};
	}

	saveUiState(changes: Partial<UiState>): void {
		this.port.setState({ ...this.uiState(), ...changes });
	}
}
