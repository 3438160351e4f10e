import type { StreamEvent, StreamResult } from '../stream/streamEvents';

/**
 * A continuation started before its cut is certain. With a remote verifier the cut waits for the
 * deciding thought's verdict (one call, the cut lag) while the model goes on decoding; a heuristic
 * prediction of the same cut lets the answer start at once. Its events are held until the cut is made
 * where predicted (`adopt`), or the request is aborted (`discard`) and nothing of it is shown.
 */
export class SpeculativeContinuation {
	private readonly held: StreamEvent[] = [];
	private forward: ((event: StreamEvent) => void) | undefined;
	private readonly result: Promise<StreamResult>;
	private settled = false;
	private taken = false;

	/**
	 * @param keptThinking the thinking the predicted cut keeps: adopted only for a cut that keeps the same.
	 * @param thought the thought whose verdict decides the predicted cut.
	 * @param events the continuation, already asked with `abort`'s signal.
	 */
	constructor(
		readonly keptThinking: string,
		readonly thought: number,
		events: AsyncGenerator<StreamEvent, StreamResult>,
		private readonly abort: AbortController,
	) {
		this.result = this.pump(events);
		// A discarded continuation's failure is nobody's: it is never awaited.
		this.result.catch(() => undefined);
	}

	/** The continuation for the cut that was made: the events held so far, then the rest as they come. */
	adopt(forward: (event: StreamEvent) => void): Promise<StreamResult> {
		this.settled = true;
		this.taken = true;
		for (const event of this.held.splice(0)) {
			forward(event);
		}
		this.forward = forward;
		return this.result;
	}

	/** The cut was made where predicted and this became the run's continuation. */
	get adopted(): boolean {
		return this.taken;
	}

	/** What the server sent of a continuation that was not adopted (decoding spent for nothing). */
	heldText(): string {
		let text = '';
		for (const event of this.held) {
			if (event.type === 'answer' || event.type === 'reasoning') {
				text += event.text;
			}
		}
		return text;
	}

	/** The cut was not made where predicted: the request is aborted and its events never shown. */
	discard(): void {
		if (!this.settled) {
			this.settled = true;
			this.abort.abort();
		}
	}

	private async pump(events: AsyncGenerator<StreamEvent, StreamResult>): Promise<StreamResult> {
		for (;;) {
			const next = await events.next();
			if (next.done === true) {
				return next.value;
			}
			if (this.forward !== undefined) {
				this.forward(next.value);
			} else {
				this.held.push(next.value);
			}
		}
	}
}
