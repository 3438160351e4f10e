import { DEFAULT_THINKING_MARKERS, type ThinkingMarkers } from './thinkingMarkers';

/**
 * Incremental splitter for servers without a reasoning parser: the whole generation arrives in `content`,
 * with the thinking ended by `</think>` and, for original Qwen3 templates, opened by `<think>` (or another
 * configured pair: `<|begin_of_thought|>…<|end_of_thought|>`, Gemma's `<|channel>thought…<channel|>`; with
 * several pairs, an opening marker picks its pair, else the first closing marker of any pair ends the
 * thinking). R1-distill and QwQ templates put `<think>\n` in the prompt, so their output starts inside the
 * thought with no opening tag. Tags may be split across chunks (`"</thi"`, `"nk>"`), the closing tag may
 * never come (stopped by `max_tokens`), and the answer usually starts with `"\n\n"`, which is dropped.
 *
 * Work per chunk is proportional to the chunk: only a suffix shorter than a tag is ever held back.
 */

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
	/** The marker pairs to recognise (default: `<think>…</think>`). */
	readonly markers?: readonly ThinkingMarkers[];
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
	private readonly markers: readonly ThinkingMarkers[];
	/** The closing markers still possible: the opened pair's, or every pair's. */
	private closers: readonly string[];

	constructor(options: InlineSplitterOptions = {}) {
		this.startsInReasoning = options.startsInReasoning ?? true;
		this.markers =
			options.markers !== undefined && options.markers.length > 0
				? options.markers
				: DEFAULT_THINKING_MARKERS;
		this.closers = this.markers.map((m) => m.close);
	}

	/** True once an opening marker (`<think>`) was found at the start of the output. */
	get sawOpenTag(): boolean {
		return this.openTagSeen;
	}

	/** True once a closing marker (`</think>`) was found: everything after it is answer. */
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
			return this.startsInReasoning
				? [{ kind: 'reasoning', text: rest }]
				: rest.trim() === ''
					? []
					: [{ kind: 'answer', text: rest.trimStart() }];
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
		const opened = this.markers.find((m) => body.startsWith(m.open));
		if (opened !== undefined) {
			this.held = '';
			this.openTagSeen = true;
			this.closers = [opened.close];
			this.state = 'reasoningLead';
			return body.slice(opened.open.length);
		}
		if (body === '' || this.markers.some((m) => m.open.startsWith(body))) {
			this.held = pending;
			return '';
		}
		this.held = '';
		this.state = this.startsInReasoning ? 'reasoning' : 'answerLead';
		return pending;
	}

	/** Inside the thought: emits up to the closing marker, holding back a suffix that may start one. */
	private feedReasoning(text: string, out: ThinkSegment[]): string {
		const pending = this.held + text;
		this.held = '';
		let at = -1;
		let closer = '';
		for (const candidate of this.closers) {
			const found = pending.indexOf(candidate);
			if (found !== -1 && (at === -1 || found < at)) {
				at = found;
				closer = candidate;
			}
		}
		if (at !== -1) {
			emit(out, 'reasoning', pending.slice(0, at));
			this.closeTagSeen = true;
			this.state = 'answerLead';
			return pending.slice(at + closer.length);
		}
		const keep = Math.max(0, ...this.closers.map((c) => partialTagSuffix(pending, c)));
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
