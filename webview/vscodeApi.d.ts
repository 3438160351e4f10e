/** The API VS Code injects into webviews; `acquireVsCodeApi` may be called once per page. */
interface VsCodeWebviewApi {
	postMessage(message: unknown): void;
	getState(): unknown;
	setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeWebviewApi;
