import { PROTOCOL_VERSION, isHostToWebview, type HostToWebview, type WebviewToHost } from '../src/shared/protocol';

/** UI state that survives the view being hidden and shown again (not the chain: the host owns that). */
export interface UiState {
	readonly selectedNodeId: string | null;
	readonly zoom: { readonly x: number; readonly y: number; readonly k: number } | null;
	/** The run the UI state belongs to; a different run starts fresh. */
	readonly runId: string | null;
}

const EMPTY_UI_STATE: UiState = { selectedNodeId: null, zoom: null, runId: null };

/** The only place that talks to the host: `postMessage`, the `message` listener and `setState`. */
export class HostClient {
	private readonly api = acquireVsCodeApi();

	/** Starts listening and tells the host the page is ready. */
	connect(onMessage: (message: HostToWebview) => void): void {
		window.addEventListener('message', (event: MessageEvent<unknown>) => {
			if (isHostToWebview(event.data)) {
				onMessage(event.data);
			}
		});
		this.post({ type: 'ready', protocolVersion: PROTOCOL_VERSION });
	}

	post(message: WebviewToHost): void {
		this.api.postMessage(message);
	}

	uiState(): UiState {
		const raw = this.api.getState();
		if (typeof raw !== 'object' || raw === null) {
			return EMPTY_UI_STATE;
		}
		return { ...EMPTY_UI_STATE, ...(raw as Partial<UiState>) };
	}

	saveUiState(changes: Partial<UiState>): void {
		this.api.setState({ ...this.uiState(), ...changes });
	}
}
