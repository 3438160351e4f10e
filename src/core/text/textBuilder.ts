/**
 * Text that grows by small pieces (a streamed chain, a token at a time), kept compact. `text += piece`
 * makes a cons string per piece that keeps every piece reachable until the text is read whole: some
 * 20 bytes per token for the stream's life, each copied by the young generation's collections before
 * it is promoted. Here the pieces wait in a fixed array and are joined into one flat string per block.
 */

/** Pieces joined at a time: the array is reused, so at most this many slots wait. */
const BLOCK = 256;

export class TextBuilder {
	/** The blocks joined so far, one string. */
	private joined = '';
	private readonly pieces: string[] = new Array<string>(BLOCK).fill('');
	private count = 0;
	private chars = 0;

	/** Characters appended so far. */
	get length(): number {
		return this.chars;
	}

	append(piece: string): void {
		if (piece === '') {
			return;
		}
		this.pieces[this.count++] = piece;
		this.chars += piece.length;
		if (this.count === BLOCK) {
			this.joined += this.pieces.join('');
			this.pieces.fill('');
			this.count = 0;
		}
	}

	/** The whole text; the pieces waiting are joined into it. */
	toString(): string {
		if (this.count > 0) {
			this.joined += this.pieces.slice(0, this.count).join('');
			this.pieces.fill('', 0, this.count);
			this.count = 0;
		}
		return this.joined;
	}
}
