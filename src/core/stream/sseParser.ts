/**
 * Server-sent events as the openai SDK reads them: `event:` and `data:` fields, `:` comments, a blank line
 * ending the event, lines ended by CRLF, LF or CR.
 */
/** One server-sent event. */
export interface SseMessage {
	readonly event: string | null;
	readonly data: string;
}

/** Receives each completed event: its `event` field (null when absent) and its data. */
export type SseListener = (event: string | null, data: string) => void;

/**
 * Incremental SSE parser (the subset the SDK reads: `event:` and `data:` fields, `:` comments, a blank
 * line ending the event; lines end with CRLF, LF or CR). Text goes in as it arrives, whole events come out.
 * Lines are read in place: per event one string (its data) is cut from the text, nothing else.
 */
export class SseParser {
	private rest = '';
	/** The last piece ended with CR: a LF starting the next piece belongs to it. */
	private afterCR = false;
	private event: string | null = null;
	/** The event's first data line, and the joined lines when it has several (rare). */
	private data = '';
	private dataLines = 0;

	/** Feeds text; returns the events it completed. */
	push(text: string): SseMessage[] {
		const out: SseMessage[] = [];
		this.feed(text, (event, data) => out.push({ event, data }));
		return out;
	}

	/** Feeds text; hands each event it completes to `onEvent`, in order. */
	feed(text: string, onEvent: SseListener): void {
		let s = text;
		if (this.afterCR && s.startsWith('\n')) {
			s = s.slice(1);
		}
		this.afterCR = false;
		if (this.rest !== '') {
			s = this.rest + s;
			this.rest = '';
		}
		let at = 0;
		// Where the next CR is (-1: none left): servers end lines with LF, so this is searched once.
		let cr = s.indexOf('\r');
		for (;;) {
			if (cr !== -1 && cr < at) {
				cr = s.indexOf('\r', at);
			}
			const lf = s.indexOf('\n', at);
			const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
			if (end === -1) {
				break;
			}
			if (end === s.length - 1 && s.charCodeAt(end) === 13) {
				// A CR at the very end: the line ends here, and a LF may follow in the next piece.
				this.afterCR = true;
			}
			this.line(s, at, end, onEvent);
			at = end + (s.charCodeAt(end) === 13 && s.charCodeAt(end + 1) === 10 ? 2 : 1);
		}
		this.rest = at < s.length ? s.slice(at) : '';
	}

	/** The line `s[start, end)`. */
	private line(s: string, start: number, end: number, onEvent: SseListener): void {
		if (end === start) {
			if (this.event !== null || this.dataLines > 0) {
				const event = this.event;
				const data = this.data;
				this.event = null;
				this.data = '';
				this.dataLines = 0;
				onEvent(event, data);
			}
			return;
		}
		if (s.charCodeAt(start) === 58) {
			// A comment (`:` first).
			return;
		}
		const found = s.indexOf(':', start);
		const colon = found === -1 || found > end ? end : found;
		// The value starts after the colon and one space, if there is one.
		const from =
			colon === end ? end : colon + (colon + 1 < end && s.charCodeAt(colon + 1) === 32 ? 2 : 1);
		if (colon - start === 4 && s.startsWith('data', start)) {
			const value = s.slice(from, end);
			this.data = this.dataLines === 0 ? value : `${this.data}\n${value}`;
			this.dataLines++;
		} else if (colon - start === 5 && s.startsWith('event', start)) {
			this.event = s.slice(from, end);
		}
	}
}
