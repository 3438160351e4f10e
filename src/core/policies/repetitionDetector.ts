import { pieceHash } from './tokenPieces';

/** Defaults for the repetition rule: a 48-piece passage seen 3 times. */
export const DEFAULT_REPETITION_WINDOW = 48;
export const DEFAULT_REPETITION_OCCURRENCES = 3;

/** A detected loop: the passage and how often it has now occurred. */
export interface RepetitionHit {
	readonly occurrences: number;
	/** The repeated passage, pieces joined by spaces (for the explanation). */
	readonly passage: string;
}

const BASE_1 = 0x01000193;
const BASE_2 = 0x5bd1e995;

function power(base: number, exponent: number): number {
	let result = 1;
	for (let i = 0; i < exponent; i++) {
		result = Math.imul(result, base);
	}
	return result;
}

/**
 * Repetition by rolling hash (TrimR's repetition rule): every window of `window` consecutive pieces
 * (token ids, or token-like text pieces) is hashed in O(1) per piece with two polynomial hashes
 * mod 2^32; when the same window has occurred `occurrences` times the chain is looping. Memory is one
 * counter per distinct window, so linear in the chain; work per piece is constant.
 */
export class RepetitionDetector {
	private readonly hashes: Uint32Array;
	private readonly texts: string[];
	private readonly pow1: number;
	private readonly pow2: number;
	// Open-addressing table of window hashes (two 32-bit halves) and their counts, in typed arrays so
	// that a long chain creates no garbage per piece.
	private keys1 = new Uint32Array(1024);
	private keys2 = new Uint32Array(1024);
	private counts = new Uint16Array(1024);
	private used = 0;
	private h1 = 0;
	private h2 = 0;
	private n = 0;

	constructor(
		readonly window = DEFAULT_REPETITION_WINDOW,
		readonly occurrences = DEFAULT_REPETITION_OCCURRENCES,
	) {
		if (!Number.isInteger(window) || window < 2) {
			throw new Error(`repetition window must be an integer ≥ 2, got ${window}`);
		}
		if (!Number.isInteger(occurrences) || occurrences < 2) {
			throw new Error(`repetition occurrences must be an integer ≥ 2, got ${occurrences}`);
		}
		this.hashes = new Uint32Array(window);
		this.texts = new Array<string>(window).fill('');
		this.pow1 = power(BASE_1, window);
		this.pow2 = power(BASE_2, window);
	}

	/** Pieces seen so far. */
	get pieces(): number {
		return this.n;
	}

	/** Adds the next piece; returns the hit when its window has now occurred `occurrences` times. */
	push(piece: string | number): RepetitionHit | undefined {
		const x = typeof piece === 'number' ? pieceHash(String(piece)) : pieceHash(piece);
		const slot = this.n % this.window;
		const out = this.n >= this.window ? (this.hashes[slot] ?? 0) : 0;
		this.h1 = (Math.imul(this.h1, BASE_1) + x - Math.imul(out, this.pow1)) >>> 0;
		this.h2 = (Math.imul(this.h2, BASE_2) + x - Math.imul(out, this.pow2)) >>> 0;
		this.hashes[slot] = x;
		this.texts[slot] = typeof piece === 'number' ? String(piece) : piece;
		this.n++;
		if (this.n < this.window) {
			return undefined;
		}
		const count = this.bump(this.h1, this.h2);
		if (count < this.occurrences) {
			return undefined;
		}
		return { occurrences: count, passage: this.passage() };
	}

	/** Adds one to the count of window (a, b) and returns it. */
	private bump(a: number, b: number): number {
		if ((this.used + 1) * 2 > this.counts.length) {
			this.grow();
		}
		const mask = this.counts.length - 1;
		// A zero count marks an empty slot; the second half decides collisions of the first.
		for (let i = (a ^ Math.imul(b, 0x9e3779b1)) & mask; ; i = (i + 1) & mask) {
			const c = this.counts[i] ?? 0;
			if (c === 0) {
				this.keys1[i] = a;
				this.keys2[i] = b;
				this.counts[i] = 1;
				this.used++;
				return 1;
			}
			if (this.keys1[i] === a && this.keys2[i] === b) {
				const next = Math.min(c + 1, 0xffff);
				this.counts[i] = next;
				return next;
			}
		}
	}

	private grow(): void {
		const { keys1, keys2, counts } = this;
		this.keys1 = new Uint32Array(counts.length * 2);
		this.keys2 = new Uint32Array(counts.length * 2);
		this.counts = new Uint16Array(counts.length * 2);
		this.used = 0;
		const mask = this.counts.length - 1;
		for (let j = 0; j < counts.length; j++) {
			const c = counts[j] ?? 0;
			if (c === 0) {
				continue;
			}
			const a = keys1[j] ?? 0;
			const b = keys2[j] ?? 0;
			let i = (a ^ Math.imul(b, 0x9e3779b1)) & mask;
			while ((this.counts[i] ?? 0) !== 0) {
				i = (i + 1) & mask;
			}
			this.keys1[i] = a;
			this.keys2[i] = b;
			this.counts[i] = c;
			this.used++;
		}
	}

	private passage(): string {
		const start = this.n % this.window;
		const ordered = [...this.texts.slice(start), ...this.texts.slice(0, start)];
		return ordered.join(' ');
	}
}
