/**
 * Maps character offsets of a streamed text to token offsets from the server's counts.
 * Each fed chunk records its character range and how many tokens the server says it carried; a
 * character inside a multi-token chunk gets a proportional share (vLLM streams about one token per
 * chunk, so this is exact in practice). Entries before the oldest offset still needed are dropped,
 * so memory stays proportional to the open thought.
 */
export class TokenLedger {
	private readonly charStarts: number[] = [];
	private readonly tokenStarts: number[] = [];
	private head = 0;
	private chars = 0;
	private tokens = 0;

	/** Tokens recorded so far. */
	get totalTokens(): number {
		return this.tokens;
	}

	/** Records a chunk of `length` characters that carried `tokens` tokens. */
	append(length: number, tokens: number): void {
		if (length <= 0 && tokens <= 0) {
			return;
		}
		this.charStarts.push(this.chars);
		this.tokenStarts.push(this.tokens);
		this.chars += Math.max(0, length);
		this.tokens += Math.max(0, tokens);
	}

	/** The token offset of character offset `char` (clamped to what has been recorded). */
	tokenAt(char: number): number {
		if (char >= this.chars) {
			return this.tokens;
		}
		// Binary search for the last chunk starting at or before `char`.
		let lo = this.head;
		let hi = this.charStarts.length - 1;
		while (lo < hi) {
			const mid = (lo + hi + 1) >> 1;
			if ((this.charStarts[mid] ?? 0) <= char) {
				lo = mid;
			} else {
				hi = mid - 1;
			}
		}
		const charStart = this.charStarts[lo] ?? 0;
		const charEnd = this.charStarts[lo + 1] ?? this.chars;
		const tokenStart = this.tokenStarts[lo] ?? 0;
		const tokenEnd = this.tokenStarts[lo + 1] ?? this.tokens;
		if (char <= charStart || charEnd <= charStart) {
			return tokenStart;
		}
		return (
			tokenStart +
			Math.round(((char - charStart) / (charEnd - charStart)) * (tokenEnd - tokenStart))
		);
	}

	/** Forgets chunks that end at or before `char`; later lookups must not ask about them. */
	forgetBefore(char: number): void {
		while (
			this.head + 1 < this.charStarts.length &&
			(this.charStarts[this.head + 1] ?? 0) <= char
		) {
			this.head++;
		}
		// Compact now and then so the arrays do not grow with the chain.
		if (this.head > 1024 && this.head * 2 > this.charStarts.length) {
			this.charStarts.splice(0, this.head);
			this.tokenStarts.splice(0, this.head);
			this.head = 0;
		}
	}
}
