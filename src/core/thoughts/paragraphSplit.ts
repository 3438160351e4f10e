import { estimateTokens, type Thought } from './thought';

/**
 * Splits thinking text into thoughts at blank lines (`\n\n`), the simplest segmentation.
 * Every character of the input belongs to exactly one thought (separators go with the preceding
 * thought), so the thoughts' texts joined give the thinking back byte for byte.
 */
export function splitParagraphs(thinking: string): Thought[] {
	const thoughts: Thought[] = [];
	const separator = /\n[ \t]*\n\s*/g;
	let start = 0;
	let tokens = 0;
	const push = (end: number): void => {
		const text = thinking.slice(start, end);
		if (text.trim() === '') {
			if (thoughts.length === 0) {
				// Leading whitespace: keep it for the first real thought.
				return;
			}
			{
				// Trailing whitespace only: fold it into the previous thought so nothing is lost.
				const last = thoughts.pop() as Thought;
				const merged = last.text + text;
				const count = estimateTokens(merged);
				tokens = last.tokenStart + count;
				thoughts.push({ ...last, text: merged, charEnd: end, tokenEnd: tokens });
			}
			start = end;
			return;
		}
		const count = estimateTokens(text);
		thoughts.push({ index: thoughts.length, text, charStart: start, charEnd: end, tokenStart: tokens, tokenEnd: tokens + count });
		tokens += count;
		start = end;
	};
	for (let match = separator.exec(thinking); match !== null; match = separator.exec(thinking)) {
		push(match.index + match[0].length);
	}
	if (start < thinking.length) {
		push(thinking.length);
	}
	return thoughts;
}
