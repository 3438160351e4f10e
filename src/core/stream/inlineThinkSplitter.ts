/**
 * Incremental splitter for servers without a reasoning parser (protocols.md §1.3): the whole generation
 * arrives in `content`, with the thinking ended by `</think>` and, for original Qwen3 templates, opened by
 * `<think>`. R1-distill and QwQ templates put `<think>\n` in the prompt, so their output starts inside the
 * thought with no opening tag. Tags may be split across chunks (`"</thi"`, `"nk>"`), the closing tag may
 * never come (stopped by `max_tokens`), and the answer usually starts with `"\n\n"`, which is dropped.
 *
 * Work per chunk is proportional to the chunk: only a suffix shorter than a tag is ever held back.
 */

const OPEN_TAG = '<think>';
const CLOSE_TAG = '</think>';

/** A piece of classified text. Consecutive pieces of one kind may be concatenated. */
export interface ThinkSegment {
	readonly kind: 'reasoning' | 'answer';
	readonly text: string;
}

/** Options of {@link InlineThinkSplitter}. */
export interface InlineSplitterOptions {
	/**
	 * Whether the output starts inside the thought when it does not open with `<think>` (true for
	 * R1-distill, QwQ and Qwen3.5+ templates, which end the prompt with `<think>`). Default true.
	 * An explicit leading `<think>` is recognised and removed either way.
	 */
	readonly startsInReasoning?: boolean;
}

type State = 'start' | 'reasoningLead' | 'reasoning' | 'answerLead' | 'answer';

/** Length of the longest suffix of `text` that is a proper prefix of `tag`. */
function partialTagSuffix(text: string, tag: string): number {
	const max = Math.min(tag.length - 1, text.length);
	for (let n = max; n > 0; n--) {
		if (tag.startsWith(text.slice(text.length - n))) {
			return n;
		}
	}
	return 0;
}

/** Splits inline `<think>…</think>` content into reasoning and answer text, one chunk at a time. */
export class InlineThinkSplitter {
	private state: State = 'start';
	private held = '';
	private openTagSeen = false;
	private closeTagSeen = false;
	private readonly startsInReasoning: boolean;

	constructor(options: InlineSplitterOptions = {}) {
		this.startsInReasoning = options.startsInReasoning ?? true;
	}

	/** True once `<think>` was found at the start of the output. */
	get sawOpenTag(): boolean {
		return this.openTagSeen;
	}

	/** True once `</think>` was found: everything after it is answer. */
	get sawCloseTag(): boolean {
		return this.closeTagSeen;
	}

	/** Feeds one chunk of content; returns the text that can be classified now. */
	push(chunk: string): ThinkSegment[] {
		const out: ThinkSegment[] = [];
		this.feed(chunk, out);
		return out;
	}

	/** Ends the stream: text held back as a possible partial tag is released as what it was. */
	end(): ThinkSegment[] {
		const rest = this.held;
		this.held = '';
		if (rest === '') {
			return [];
		}
		if (this.state === 'start') {
			return this.startsInReasoning ? [{ kind: 'reasoning', text: rest }] : rest.trim() === '' ? [] : [{ kind: 'answer', text: rest.trimStart() }];
		}
		return this.state === 'reasoning' ? [{ kind: 'reasoning', text: rest }] : [];
	}

	private feed(chunk: string, out: ThinkSegment[]): void {
		let text = chunk;
		while (text !== '') {
			switch (this.state) {
				case 'start':
					text = this.feedStart(text);
					break;
				case 'reasoningLead':
				case 'answerLead': {
					const trimmed = text.trimStart();
					if (trimmed !== '') {
						this.state = this.state === 'reasoningLead' ? 'reasoning' : 'answer';
					}
					text = trimmed;
					break;
				}
				case 'reasoning':
					text = this.feedReasoning(text, out);
					break;
				case 'answer':
					emit(out, 'answer', text);
					text = '';
					break;
			}
		}
	}

	/** Before any visible output: waits to see whether the output opens with `<think>`. */
	private feedStart(text: string): string {
		const pending = this.held + text;
		const lead = pending.length - pending.trimStart().length;
		const body = pending.slice(lead);
		if (body.startsWith(OPEN_TAG)) {
			this.held = '';
			this.openTagSeen = true;
			this.state = 'reasoningLead';
			return body.slice(OPEN_TAG.length);
		}
		if (body === '' || OPEN_TAG.startsWith(body)) {
			this.held = pending;
			return '';
		}
		this.held = '';
		this.state = this.startsInReasoning ? 'reasoning' : 'answerLead';
		return pending;
	}

	/** Inside the thought: emits up to `</think>`, holding back a suffix that may start the tag. */
	private feedReasoning(text: string, out: ThinkSegment[]): string {
		const pending = this.held + text;
		this.held = '';
		const at = pending.indexOf(CLOSE_TAG);
		if (at !== -1) {
			emit(out, 'reasoning', pending.slice(0, at));
			this.closeTagSeen = true;
			this.state = 'answerLead';
			return pending.slice(at + CLOSE_TAG.length);
		}
		const keep = partialTagSuffix(pending, CLOSE_TAG);
		emit(out, 'reasoning', pending.slice(0, pending.length - keep));
		this.held = pending.slice(pending.length - keep);
		return '';
	}
}

function emit(out: ThinkSegment[], kind: ThinkSegment['kind'], text: string): void {
	if (text === '') {
		return;
	}
	const last = out.at(-1);
	if (last !== undefined && last.kind === kind) {
		out[out.length - 1] = { kind, text: last.text + text };
	} else {
		out.push({ kind, text });
	}
}
