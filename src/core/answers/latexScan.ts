/**
 * Small scanners for the LaTeX found in reasoning traces: balanced braces and `\boxed`-style commands.
 * They walk characters rather than use regexes because answers nest braces (`\boxed{\frac{1}{2}}`).
 */

/** A span of text with its offsets in the scanned string (`end` exclusive). */
export interface TextSpan {
	readonly text: string;
	readonly start: number;
	readonly end: number;
}

/**
 * Given the index of an opening `{`, returns the index just past its matching `}`, or -1 when the
 * group is not closed (a chain cut mid-answer). Escaped braces (`\{`, `\}`) do not count.
 */
export function matchBrace(text: string, open: number): number {
	let depth = 0;
	for (let i = open; i < text.length; i++) {
		const ch = text[i];
		if (ch === '\\') {
			i++;
			continue;
		}
		if (ch === '{') {
			depth++;
		} else if (ch === '}') {
			depth--;
			if (depth === 0) {
				return i + 1;
			}
		}
	}
	return -1;
}

/** A boxed answer: the whole command span and its content span. */
export interface BoxedSpan {
	/** Offsets of the whole `\boxed{…}` command. */
	readonly start: number;
	readonly end: number;
	/** The content, without the command and braces. */
	readonly content: TextSpan;
}

const boxCommand = /\\(?:boxed|fbox|framebox)(?![A-Za-z])/g;

/**
 * Every closed `\boxed{…}`, `\fbox{…}` and `\boxed 5` in the text, in order. A box nested inside
 * another (rare) is reported as part of the outer one only.
 */
export function findBoxed(text: string): BoxedSpan[] {
	const found: BoxedSpan[] = [];
	boxCommand.lastIndex = 0;
	for (let m = boxCommand.exec(text); m !== null; m = boxCommand.exec(text)) {
		let i = m.index + m[0].length;
		while (i < text.length && (text[i] === ' ' || text[i] === '\t')) {
			i++;
		}
		if (text[i] === '{') {
			const close = matchBrace(text, i);
			if (close < 0) {
				continue;
			}
			found.push({
				start: m.index,
				end: close,
				content: { text: text.slice(i + 1, close - 1), start: i + 1, end: close - 1 },
			});
			boxCommand.lastIndex = close;
		} else if (i > m.index + m[0].length) {
			// `\boxed 5`: the argument is the next token (up to a space, `$` or sentence punctuation).
			const tail = /^[^\s$,;]+?(?=[.,;!?]?(?:\s|\$|\\\)|\\\]|$))/.exec(text.slice(i));
			if (tail !== null && tail[0] !== '') {
				const end = i + tail[0].length;
				found.push({ start: m.index, end, content: { text: tail[0], start: i, end } });
				boxCommand.lastIndex = end;
			}
		}
	}
	return found;
}

/**
 * Replaces every `\command{argument}` with `replace(argument)`, e.g. `replaceCommand('5\\text{cm}', 'text',
 * (a) => a)` gives `5cm`. Handles nested braces in the argument; a command without one is kept.
 */
export function replaceCommand(
	text: string,
	command: string,
	replace: (argument: string) => string,
): string {
	const marker = `\\${command}`;
	let out = '';
	let from = 0;
	for (let at = text.indexOf(marker, from); at >= 0; at = text.indexOf(marker, from)) {
		const after = at + marker.length;
		if (/[A-Za-z]/.test(text[after] ?? '')) {
			out += text.slice(from, after);
			from = after;
			continue;
		}
		let open = after;
		while (text[open] === ' ') {
			open++;
		}
		if (text[open] !== '{') {
			out += text.slice(from, after);
			from = after;
			continue;
		}
		const close = matchBrace(text, open);
		if (close < 0) {
			out += text.slice(from, after);
			from = after;
			continue;
		}
		out += text.slice(from, at) + replace(text.slice(open + 1, close - 1));
		from = close;
	}
	return out + text.slice(from);
}

/**
 * Reads the `n` braced arguments that start at `index` (spaces allowed between them). A single
 * character or digit without braces also counts as an argument, as in `\frac12`.
 * Returns the arguments and the index past the last one, or undefined when they are not all there.
 */
export function readArguments(
	text: string,
	index: number,
	n: number,
): { args: string[]; end: number } | undefined {
	const args: string[] = [];
	let i = index;
	for (let k = 0; k < n; k++) {
		while (text[i] === ' ') {
			i++;
		}
		const ch = text[i];
		if (ch === undefined) {
			return undefined;
		}
		if (ch === '{') {
			const close = matchBrace(text, i);
			if (close < 0) {
				return undefined;
			}
			args.push(text.slice(i + 1, close - 1));
			i = close;
		} else if (/[0-9A-Za-z]/.test(ch)) {
			args.push(ch);
			i++;
		} else if (ch === '\\') {
			const cmd = /^\\[A-Za-z]+/.exec(text.slice(i));
			if (cmd === null) {
				return undefined;
			}
			args.push(cmd[0]);
			i += cmd[0].length;
		} else {
			return undefined;
		}
	}
	return { args, end: i };
}
