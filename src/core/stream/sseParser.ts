/**
 * Server-sent events as the openai SDK reads them: `event:` and `data:` fields, `:` comments, a blank line
 * ending the event, lines ended by CRLF, LF or CR.
 */
/** One server-sent event. */
export interface SseMessage {
	readonly event: string | null;
	readonly data: string;
}

/**
 * Incremental SSE parser (the subset the SDK reads: `event:` and `data:` fields, `:` comments, a blank
 * line ending the event; lines end with CRLF, LF or CR). Text goes in as it arrives, whole events come out.
 */
export class SseParser {
	private rest = '';
	/** The last piece ended with CR: a LF starting the next piece belongs to it. */
	private afterCR = false;
	private event: string | null = null;
	private data: string[] = [];

	/** Feeds text; returns the events it completed. */
	push(text: string): SseMessage[] {
		const out: SseMessage[] = [];
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
		for (;;) {
			const lf = s.indexOf('\n', at);
			const cr = s.indexOf('\r', at);
			const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
			if (end === -1) {
				break;
			}
			if (end === s.length - 1 && s.charCodeAt(end) === 13) {
				// A CR at the very end: the line ends here, and a LF may follow in the next piece.
				this.afterCR = true;
			}
			this.line(s.slice(at, end), out);
			at = end + (s.charCodeAt(end) === 13 && s.charCodeAt(end + 1) === 10 ? 2 : 1);
		}
		this.rest = at < s.length ? s.slice(at) : '';
		return out;
	}

	private line(line: string, out: SseMessage[]): void {
		if (line === '') {
			if (this.event !== null || this.data.length > 0) {
				const data = this.data.length === 1 ? (this.data[0] as string) : this.data.join('\n');
				out.push({ event: this.event, data });
				this.event = null;
				this.data = [];
			}
			return;
		}
		if (line.startsWith(':')) {
			return;
		}
		const colon = line.indexOf(':');
		const field = colon === -1 ? line : line.slice(0, colon);
		let value = colon === -1 ? '' : line.slice(colon + 1);
		if (value.startsWith(' ')) {
			value = value.slice(1);
		}
		if (field === 'event') {
			this.event = value;
		} else if (field === 'data') {
			this.data.push(value);
		}
	}
}
