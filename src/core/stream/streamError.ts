/** The one error type of the stream client: what failed, in one line for people and as a kind for code. */

/** What kind of failure; the message is for people, the kind is for code. */
export type StreamErrorKind =
	| 'unauthorized'
	| 'model-not-found'
	| 'not-found'
	| 'context-length'
	| 'bad-request'
	| 'rate-limited'
	| 'server-error'
	| 'stream-error'
	| 'server-aborted'
	| 'malformed-stream'
	| 'truncated'
	| 'connection-refused'
	| 'connection-reset'
	| 'dns'
	| 'tls'
	| 'idle-timeout'
	| 'too-large'
	| 'not-event-stream'
	| 'aborted'
	| 'unknown';

/** Where the request was when it failed: before the response headers, or while streaming. */
export type StreamPhase = 'request' | 'stream';

/** A failure with a clear one-line message; `serverMessage` is the server's own words when it sent any. */
export class StreamError extends Error {
	override readonly name = 'StreamError';
	constructor(
		readonly kind: StreamErrorKind,
		message: string,
		readonly phase: StreamPhase,
		readonly status: number | undefined = undefined,
		readonly serverMessage: string | undefined = undefined,
		options: { cause?: unknown } = {},
	) {
		super(message, options);
	}

	/** Worth retrying, and only ever before the first byte of a response (see reasoningClient). */
	get retryable(): boolean {
		return (
			this.phase === 'request' &&
			(this.kind === 'connection-refused' ||
				this.kind === 'connection-reset' ||
				this.kind === 'rate-limited' ||
				(this.kind === 'server-error' && this.status !== 501))
		);
	}
}

/** What the mapper may mention in its messages. */
export interface ErrorContext {
	readonly baseUrl: string;
	readonly model?: string;
	readonly phase: StreamPhase;
	/** Models the server lists, for a 404 on an unknown model. */
	readonly availableModels?: readonly string[];
}
