/**
 * The host's pending requests for the drawn tree as SVG: the webview serializes it and answers with the
 * request's id; a request nobody answers fails after a timeout, and closing the view fails them all.
 */

/** How long the host waits for the webview to serialize the tree. */
const SVG_TIMEOUT_MS = 15_000;

export class SvgRequests {
	private next = 1;
	private readonly pending = new Map<number, (svg: string | Error) => void>();

	/** A new request: its id, to send to the webview, and the SVG (or the failure) it will get. */
	open(): { readonly requestId: number; readonly answer: Promise<string> } {
		const requestId = this.next++;
		const answer = new Promise<string>((resolve, reject) => {
			const timer = setTimeout(() => {
				this.pending.delete(requestId);
				reject(new Error('the Reasoning view did not answer in time'));
			}, SVG_TIMEOUT_MS);
			this.pending.set(requestId, (svg) => {
				clearTimeout(timer);
				this.pending.delete(requestId);
				if (svg instanceof Error) {
					reject(svg);
				} else {
					resolve(svg);
				}
			});
		});
		return { requestId, answer };
	}

	/** The webview's answer (or its failure) to request `requestId`; unknown ids are ignored. */
	answer(requestId: number, svg: string | Error): void {
		this.pending.get(requestId)?.(svg);
	}

	failAll(error: Error): void {
		for (const settle of [...this.pending.values()]) {
			settle(error);
		}
	}
}
