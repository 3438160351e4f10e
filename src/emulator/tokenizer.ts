/**
 * The emulator's deterministic tokenizer. Real BPE vocabularies are not available offline, so text is cut
 * into pieces that behave like BPE tokens for streaming purposes: special tokens whole, a word with its
 * leading space (long words in pieces of up to 6 letters), digits in groups of up to 3, one punctuation
 * mark (with its leading space), one CJK character, runs of newlines. Pieces are whole code points, so a
 * multi-byte character is never split. Concatenating the pieces gives back the text exactly. Ids come from
 * a per-server vocabulary that grows as text is seen, so /tokenize and /detokenize round-trip; it keeps
 * the most recently used pieces only (LRU), so random text for days cannot exhaust memory.
 */

/** Special tokens of the R1 and ChatML families, kept whole. */
export const SPECIAL_TOKENS = [
	'<｜begin▁of▁sentence｜>',
	'<｜end▁of▁sentence｜>',
	'<｜User｜>',
	'<｜Assistant｜>',
	'<|im_start|>',
	'<|im_end|>',
	'<think>',
	'</think>',
] as const;

function escapeRegExp(s: string): string {
	return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const PIECE = new RegExp(
	[
		...SPECIAL_TOKENS.map(escapeRegExp),
		'[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Hangul}]',
		' ?\\p{L}{1,6}',
		' ?\\p{N}{1,3}',
		'\\n+',
		' ?[^\\s\\p{L}\\p{N}]',
		'[ \\t]+(?=[ \\t])',
		'\\s',
	].join('|'),
	'gu',
);

/** Splits text into token pieces; `pieces.join('') === text`. */
export function tokenPieces(text: string): string[] {
	const pieces: string[] = [];
	let covered = 0;
	for (const m of text.matchAll(PIECE)) {
		if (m.index > covered) {
			// Cannot happen with the fallback alternatives, but never drop text.
			pieces.push(text.slice(covered, m.index));
		}
		pieces.push(m[0]);
		covered = m.index + m[0].length;
	}
	if (covered < text.length) {
		pieces.push(text.slice(covered));
	}
	return pieces;
}

/** Pieces a vocabulary keeps by default (a real one has ~150k). */
export const DEFAULT_VOCABULARY_CAPACITY = 200_000;

/**
 * A piece ↔ id vocabulary (ids start after the special tokens), bounded: past `capacity` pieces the least
 * recently used one is forgotten. Ids are never reused, so a forgotten id fails to decode rather than
 * decoding to another piece.
 */
export class Vocabulary {
	/** Piece → its id and the use count at its latest use. */
	private readonly ids = new Map<string, { readonly id: number; last: number }>();
	private readonly pieces = new Map<number, string>();
	/**
	 * Uses in order, oldest first, from `head` on (a use is stale when its piece was used again later).
	 * Eviction pops from the front and compaction drops stale uses, both amortised O(1): iterating a Map
	 * from its front after many deletions is not (the deleted slots are walked each time), which slowed a
	 * full vocabulary to ~80 requests/s.
	 */
	private usePieces: string[] = [];
	private useStamps: number[] = [];
	private head = 0;
	private clock = 0;
	private nextId = 0;

	constructor(readonly capacity: number = DEFAULT_VOCABULARY_CAPACITY) {
		for (const special of SPECIAL_TOKENS) {
			this.idOf(special);
		}
	}

	/** Pieces held now. */
	get size(): number {
		return this.ids.size;
	}

	/** The id of a piece, assigning the next one on first sight. */
	idOf(piece: string): number {
		const known = this.ids.get(piece);
		if (known !== undefined) {
			if (known.id >= SPECIAL_TOKENS.length) {
				this.use(piece, known);
			}
			return known.id;
		}
		const id = this.nextId++;
		const entry = { id, last: 0 };
		this.ids.set(piece, entry);
		this.pieces.set(id, piece);
		if (id >= SPECIAL_TOKENS.length) {
			this.use(piece, entry);
		}
		if (this.ids.size > this.capacity) {
			this.evictOldest();
		}
		return id;
	}

	/** The piece of an id, or `undefined` for an id never handed out (or forgotten). */
	pieceOf(id: number): string | undefined {
		return Number.isInteger(id) && id >= 0 ? this.pieces.get(id) : undefined;
	}

	private use(piece: string, entry: { last: number }): void {
		entry.last = ++this.clock;
		this.usePieces.push(piece);
		this.useStamps.push(entry.last);
		if (this.usePieces.length - this.head > 2 * this.ids.size + 1024) {
			this.compact();
		}
	}

	/** Keeps only each piece's latest use, in order. */
	private compact(): void {
		const pieces: string[] = [];
		const stamps: number[] = [];
		for (let i = this.head; i < this.usePieces.length; i++) {
			const piece = this.usePieces[i] as string;
			const stamp = this.useStamps[i] as number;
			if (this.ids.get(piece)?.last === stamp) {
				pieces.push(piece);
				stamps.push(stamp);
			}
		}
		this.usePieces = pieces;
		this.useStamps = stamps;
		this.head = 0;
	}

	private evictOldest(): void {
		while (this.head < this.usePieces.length) {
			const piece = this.usePieces[this.head] as string;
			const stamp = this.useStamps[this.head] as number;
			this.head++;
			const entry = this.ids.get(piece);
			if (entry !== undefined && entry.last === stamp && entry.id >= SPECIAL_TOKENS.length) {
				this.ids.delete(piece);
				this.pieces.delete(entry.id);
				break;
			}
		}
		if (this.head > 4096 && this.head * 2 > this.usePieces.length) {
			this.compact();
		}
	}

	encode(text: string): number[] {
		return tokenPieces(text).map((p) => this.idOf(p));
	}

	/** Decodes ids; throws on an unknown id with its position. */
	decode(ids: readonly number[]): string {
		let out = '';
		ids.forEach((id, i) => {
			const piece = this.pieceOf(id);
			if (piece === undefined) {
				throw new Error(
					`token id ${id} at position ${i} is not in the vocabulary (unknown, or not used recently)`,
				);
			}
			out += piece;
		});
		return out;
	}
}
