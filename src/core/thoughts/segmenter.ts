import { tokenCounterFor } from '../tokens/tokenCounter';
import { ReflectionMarkerMatcher, type MarkerMatch } from './reflectionMarkers';
import {
	matchStructure,
	STRUCTURE_LOOKAHEAD,
	structureWeight,
	type StructureMatch,
} from './structureOpeners';
import type { Thought, ThoughtOpener } from './thought';
import { estimateTokens } from './thought';
import { TokenLedger } from './tokenLedger';
import { isCjk, isSpace } from './charClasses';
import {
	DEFAULT_FALLBACK_AFTER_TOKENS,
	DEFAULT_STRUCTURE_MIN_TOKENS,
	type SegmenterOptions,
	type ThoughtTokenCounter,
} from './segmenterOptions';

// src/core/run imports the options from here.
export type { SegmenterOptions } from './segmenterOptions';

/**
 * Display math (`$$…$$`, `\[…\]`) longer than this many characters is taken as unclosed: a stray
 * `$$` must not stop all splitting for the rest of the chain.
 */
const MAX_MATH_CHARS = 4000;

/**
 * A thought with no paragraph break for this multiple of `fallbackAfterTokens` may also end at a single
 * line break, so that chains written with single newlines stay near 2K tokens per thought too.
 */
const LINE_FALLBACK_SHARE = 1.1;

type Phase = 'text' | 'newline' | 'break' | 'candidate';

/**
 * Incremental thought segmenter, the one segmentation behind every command and view. A new thought
 * starts at a paragraph break (`\n`, optional spaces, `\n`) followed by a reflection marker ("Wait",
 * "But", "Alternatively", …: TrimR's rule), by a Markdown step opener (heading, bold label, `Step 3`,
 * numbered item, bullet) once the open thought has `structureMinTokens`, or at a plain paragraph break
 * once no opener has come for `fallbackAfterTokens`. Never inside display math (`$$…$$`, `\[…\]`)
 * and never at an indented paragraph (the continuation of a list item).
 *
 * Feed it text in chunks of any size; the work per chunk is proportional to the chunk (plus joining
 * the closed thought's pieces once), and only the first few characters of a paragraph are ever held
 * back to recognise a marker split across chunks. The thoughts are the same whatever the chunking.
 * A thought is emitted when the next one opens (the next marker arrived) and the last one by `end()`.
 * Separators go with the preceding thought: the thoughts' texts joined give the input back.
 *
 * Token offsets: when the caller passes the server's token count with each chunk, offsets come from
 * those counts (the mode is fixed by the first chunk); otherwise each closed thought is counted with
 * `tokenCounter`.
 */
export class ThoughtSegmenter {
	private readonly matcher: ReflectionMarkerMatcher;
	private readonly fallbackAfterTokens: number;
	private readonly structureMinTokens: number;
	private readonly lookahead: number;
	private readonly counter: ThoughtTokenCounter;
	private ledger: TokenLedger | undefined;
	private started = false;
	private finished = false;

	private offset = 0;
	private phase: Phase = 'text';
	private head = '';
	private candidateStart = 0;
	private candidateHasContent = false;
	private candidateCjk = 0;
	private candidateOther = 0;
	private candidateBlocked = false;
	private lastNonSpace = -1;
	// Display math and indentation: a paragraph break inside either never opens a thought.
	private mathOpen: '' | '$$' | '\\[' = '';
	private mathStart = 0;
	private prevDollar = false;
	private oddBackslashes = false;
	private lineIndented = false;
	// Running counters for the fallback's token estimate (same formula as estimateTokens).
	private cjkSeen = 0;
	private otherSeen = 0;
	private thoughtCjk = 0;
	private thoughtOther = 0;

	private pieces: string[] = [];
	private thoughtStart = 0;
	private thoughtTokenStart = 0;
	private opener: ThoughtOpener = { kind: 'start' };
	private closed = 0;

	constructor(options: SegmenterOptions = {}) {
		this.matcher = new ReflectionMarkerMatcher(options.markers);
		this.fallbackAfterTokens = Math.max(
			0,
			options.fallbackAfterTokens ?? DEFAULT_FALLBACK_AFTER_TOKENS,
		);
		this.structureMinTokens = Math.max(
			0,
			options.structureMinTokens ?? DEFAULT_STRUCTURE_MIN_TOKENS,
		);
		this.lookahead = Math.max(this.matcher.longestLookahead, STRUCTURE_LOOKAHEAD);
		this.counter = options.tokenCounter ?? tokenCounterFor(options.model);
	}

	/** Thoughts closed so far (the index the open thought will get). */
	get closedCount(): number {
		return this.closed;
	}

	/** Characters fed so far. */
	get charOffset(): number {
		return this.offset;
	}

	/** Whether token offsets come from the server's counts. */
	get usesServerTokens(): boolean {
		return this.ledger !== undefined;
	}

	/**
	 * Feeds the next piece of thinking text; `tokens` is how many tokens the server says this chunk
	 * carried (optional). Returns the thoughts this chunk closed, in order.
	 */
	feed(chunk: string, tokens?: number): Thought[] {
		if (this.finished) {
			throw new Error('the segmenter has already ended; create a new one for another chain');
		}
		if (!this.started && (chunk.length > 0 || tokens !== undefined)) {
			this.started = true;
			if (tokens !== undefined) {
				this.ledger = new TokenLedger();
			}
		}
		this.ledger?.append(chunk.length, tokens ?? estimateTokens(chunk));
		if (chunk.length === 0) {
			return [];
		}
		this.pieces.push(chunk);
		const out: Thought[] = [];
		const base = this.offset;
		let i = 0;
		while (i < chunk.length) {
			if (this.phase !== 'text') {
				this.scan(chunk, i, base + i, out);
				i++;
				continue;
			}
			// Fast path through ordinary text: nothing happens until the next line break.
			const newline = chunk.indexOf('\n', i);
			const end = newline === -1 ? chunk.length : newline;
			this.skipText(chunk, i, end, base);
			if (newline === -1) {
				break;
			}
			this.scan(chunk, newline, base + newline, out);
			i = newline + 1;
		}
		this.offset += chunk.length;
		return out;
	}

	/** Accounts for ordinary text `chunk[from, to)` (no line break in it): the estimate counters and the last non-space. */
	private skipText(chunk: string, from: number, to: number, base: number): void {
		let cjk = 0;
		for (let j = from; j < to; j++) {
			const c = chunk.charCodeAt(j);
			if (c >= 0x3000 && isCjk(c)) {
				cjk++;
			}
			if (c === 36 || c === 92 || this.prevDollar || this.oddBackslashes) {
				this.trackMath(c, base + j);
			}
		}
		if (to > from) {
			this.lineIndented = true;
		}
		this.cjkSeen += cjk;
		this.otherSeen += to - from - cjk;
		for (let j = to - 1; j >= from; j--) {
			if (!isSpace(chunk.charCodeAt(j))) {
				this.lastNonSpace = base + j;
				break;
			}
		}
	}

	/** Ends the stream: decides any held-back paragraph start and returns the remaining thoughts. */
	end(): Thought[] {
		if (this.finished) {
			return [];
		}
		this.finished = true;
		const out: Thought[] = [];
		if (this.phase === 'candidate') {
			this.decide(this.matcher.match(this.head, true), matchStructure(this.head, true), out);
		}
		if (this.lastNonSpace >= this.thoughtStart) {
			out.push(this.close(this.offset));
		}
		this.pieces = [];
		return out;
	}

	private scan(chunk: string, i: number, pos: number, out: Thought[]): void {
		const c = chunk.charCodeAt(i);
		if (this.phase === 'break' && !isSpace(c)) {
			// First character after a paragraph break: hold it (and a few more) to look for an opener.
			this.candidateStart = pos;
			this.candidateHasContent = this.lastNonSpace >= this.thoughtStart;
			this.candidateBlocked = this.lineIndented || this.inMath(pos);
			this.candidateCjk = this.cjkSeen;
			this.candidateOther = this.otherSeen;
			this.head = '';
			this.phase = 'candidate';
		}
		if (this.phase === 'candidate') {
			this.head += chunk[i] ?? '';
			const match = this.matcher.match(this.head, false);
			const structure: StructureMatch =
				match.kind === 'match' ? { kind: 'none' } : matchStructure(this.head, false);
			if (
				(match.kind !== 'undecided' && structure.kind !== 'undecided') ||
				this.head.length >= this.lookahead
			) {
				this.decide(match, structure, out);
				// The deciding character is ordinary text now (it may itself start a paragraph break).
				this.phase = 'text';
			}
		}
		if (c === 36 || c === 92 || this.prevDollar || this.oddBackslashes) {
			this.trackMath(c, pos);
		}
		if (c === 10) {
			this.lineIndented = false;
		} else if (c !== 13) {
			this.lineIndented = true;
		}
		if (!isSpace(c)) {
			this.lastNonSpace = pos;
		}
		if (this.phase === 'text') {
			this.phase = c === 10 ? (this.lineBreakOpens(pos) ? 'break' : 'newline') : 'text';
		} else if (this.phase === 'newline') {
			if (c === 10) {
				this.phase = 'break';
			} else if (!(c === 32 || c === 9 || c === 13)) {
				this.phase = 'text';
			}
		}
		if (isCjk(c)) {
			this.cjkSeen++;
		} else {
			this.otherSeen++;
		}
	}

	/** Follows display math through character `c` at global offset `pos` (`$$` toggles; `\\[` opens, `\\]` closes). */
	private trackMath(c: number, pos: number): void {
		const dollarPair = c === 36 && this.prevDollar;
		const escaped = this.oddBackslashes;
		this.prevDollar = c === 36 && !dollarPair && !escaped;
		this.oddBackslashes = c === 92 && !escaped;
		if (dollarPair) {
			if (this.mathOpen === '') {
				this.mathOpen = '$$';
				this.mathStart = pos;
			} else if (this.mathOpen === '$$') {
				this.mathOpen = '';
			}
		} else if (escaped && c === 91 && this.mathOpen === '') {
			this.mathOpen = '\\[';
			this.mathStart = pos;
		} else if (escaped && c === 93 && this.mathOpen === '\\[') {
			this.mathOpen = '';
		}
	}

	/**
	 * Whether a single line break at `pos` may open a thought: the open thought has run
	 * `LINE_FALLBACK_SHARE` past the fallback without a paragraph break (outside display math).
	 */
	private lineBreakOpens(pos: number): boolean {
		if (this.fallbackAfterTokens === 0 || this.inMath(pos)) {
			return false;
		}
		const estimate =
			this.cjkSeen - this.thoughtCjk + Math.ceil((this.otherSeen - this.thoughtOther) / 4);
		return estimate >= this.fallbackAfterTokens * LINE_FALLBACK_SHARE;
	}

	/** Whether offset `pos` lies inside display math that has not run on implausibly long. */
	private inMath(pos: number): boolean {
		return this.mathOpen !== '' && pos - this.mathStart <= MAX_MATH_CHARS;
	}

	private decide(match: MarkerMatch, structure: StructureMatch, out: Thought[]): void {
		if (!this.candidateHasContent || this.candidateBlocked) {
			return;
		}
		const estimate =
			this.candidateCjk -
			this.thoughtCjk +
			Math.ceil((this.candidateOther - this.thoughtOther) / 4);
		let opener: ThoughtOpener | undefined;
		if (match.kind === 'match') {
			opener = { kind: 'marker', marker: match.marker };
		} else if (
			structure.kind === 'match' &&
			this.structureMinTokens > 0 &&
			estimate >= this.structureMinTokens * structureWeight(structure.structure)
		) {
			opener = { kind: 'structure', structure: structure.structure };
		} else if (this.fallbackAfterTokens > 0 && estimate >= this.fallbackAfterTokens) {
			opener = { kind: 'paragraph' };
		}
		if (opener === undefined) {
			return;
		}
		out.push(this.close(this.candidateStart));
		this.opener = opener;
		this.thoughtCjk = this.candidateCjk;
		this.thoughtOther = this.candidateOther;
	}

	/** Closes the open thought at global offset `end` and opens the next one there. */
	private close(end: number): Thought {
		const joined = this.pieces.length === 1 ? (this.pieces[0] ?? '') : this.pieces.join('');
		const cut = end - this.thoughtStart;
		const text = joined.slice(0, cut);
		this.pieces = cut < joined.length ? [joined.slice(cut)] : [];
		const tokenEnd =
			this.ledger !== undefined
				? this.ledger.tokenAt(end)
				: this.thoughtTokenStart + this.counter.count(text);
		const thought: Thought = {
			index: this.closed++,
			text,
			charStart: this.thoughtStart,
			charEnd: end,
			tokenStart: this.thoughtTokenStart,
			tokenEnd: Math.max(this.thoughtTokenStart, tokenEnd),
			opener: this.opener,
		};
		this.thoughtStart = end;
		this.thoughtTokenStart = thought.tokenEnd;
		this.ledger?.forgetBefore(end);
		return thought;
	}
}
