/** Character classes the segmenter tests by char code, without a regex per character. */

/** White space, including no-break and ideographic space. */
export function isSpace(c: number): boolean {
	return (
		c === 32 ||
		c === 10 ||
		c === 9 ||
		c === 13 ||
		c === 12 ||
		c === 11 ||
		c === 0xa0 ||
		c === 0x3000
	);
}

/** CJK ideographs, kana and Hangul: text written without spaces between words. */
export function isCjk(c: number): boolean {
	return (c >= 0x3000 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af);
}
