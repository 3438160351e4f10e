/**
 * Splits streamed text into token-like pieces when the server's token ids are not at hand: a run of
 * letters or digits is one piece, every other non-space character is a piece of its own, and white
 * space only separates. Incremental and chunk-invariant: a word split across chunks is held back
 * until it ends, so the same text gives the same pieces whatever the chunking.
 */
export class TokenPieceScanner {
	private word = '';

	/** Scans `chunk`, calling `emit(piece, index)` where `index` is the piece's last character in the chunk. */
	scan(chunk: string, emit: (piece: string, index: number) => void): void {
		const n = chunk.length;
		let i = 0;
		while (i < n) {
			const c = chunk.charCodeAt(i);
			if (isWordCode(c)) {
				let j = i + 1;
				while (j < n && isWordCode(chunk.charCodeAt(j))) {
					j++;
				}
				if (j === n) {
					// The word may go on in the next chunk.
					this.word += chunk.slice(i, j);
					return;
				}
				emit(this.word + chunk.slice(i, j), j - 1);
				this.word = '';
				i = j;
				continue;
			}
			if (this.word !== '') {
				emit(this.word, Math.max(0, i - 1));
				this.word = '';
			}
			if (!isSpaceCode(c)) {
				emit(chunk[i] ?? '', i);
			}
			i++;
		}
	}

	/** Emits a word still held back at the end of the stream. */
	flush(emit: (piece: string) => void): void {
		if (this.word !== '') {
			emit(this.word);
			this.word = '';
		}
	}
}

/** ASCII and Latin letters, digits and `_` make words; CJK and symbols are pieces of their own. */
function isWordCode(c: number): boolean {
	return (
		(c >= 48 && c <= 57) ||
		(c >= 65 && c <= 90) ||
		(c >= 97 && c <= 122) ||
		c === 95 ||
		(c >= 0xc0 && c <= 0x24f)
	);
}

function isSpaceCode(c: number): boolean {
	return c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11 || c === 0xa0;
}

/** FNV-1a, 32 bits: a piece's hash for the rolling window. */
export function pieceHash(piece: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < piece.length; i++) {
		h ^= piece.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}
