import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ThoughtSegmenter } from '../../../src/core/thoughts/segmenter';
import { DEFAULT_FALLBACK_AFTER_TOKENS } from '../../../src/core/thoughts/segmenterOptions';
import { segmentThinking } from '../../../src/core/thoughts/segmentThinking';
import type { Thought } from '../../../src/core/thoughts/thought';
import { estimateCounter } from '../../../src/core/tokens/tokenCounter';
import { markdownChain } from './markdownChain';

const counter = estimateCounter('qwen');

function chunked(text: string, sizes: () => number): Thought[] {
	const segmenter = new ThoughtSegmenter({ tokenCounter: counter });
	const out: Thought[] = [];
	for (let i = 0; i < text.length;) {
		const n = Math.max(1, sizes());
		out.push(...segmenter.feed(text.slice(i, i + n)));
		i += n;
	}
	return [...out, ...segmenter.end()];
}

function seeded(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a * 1103515245 + 12345) % 2147483648;
		return a / 2147483648;
	};
}

/** Whether offset `at` of `text` lies inside a `$$…$$` or `\[…\]` block. */
function insideMath(text: string, at: number): boolean {
	const before = text.slice(0, at);
	const dollars = before.split('$$').length - 1;
	return dollars % 2 === 1 || before.lastIndexOf('\\[') > before.lastIndexOf('\\]');
}

describe('segmentation of Markdown-structured chains', () => {
	const text = markdownChain(40);

	it('splits at headings, bold labels, numbered checks and bullets, and the texts join back byte for byte', () => {
		const thoughts = segmentThinking(text, { tokenCounter: counter });
		assert.equal(thoughts.map((t) => t.text).join(''), text);
		const kinds = new Set<string | undefined>(
			thoughts.map((t) => (t.opener?.kind === 'structure' ? t.opener.structure : t.opener?.kind)),
		);
		for (const kind of ['heading', 'bold', 'bullet']) {
			assert.ok(kinds.has(kind), `some thought opens with a ${kind}: ${[...kinds].join(', ')}`);
		}
		const total = thoughts.at(-1)?.tokenEnd ?? 0;
		assert.ok(total >= 8000, `a long chain (${total} tokens)`);
		assert.ok(thoughts.length >= total / 1000, `${thoughts.length} thoughts for ${total} tokens`);
	});

	it('never cuts inside display math or inside a list item (indented continuation)', () => {
		for (const t of segmentThinking(text, { tokenCounter: counter })) {
			assert.ok(
				!insideMath(text, t.charStart),
				`thought ${t.index} starts inside math: ${JSON.stringify(t.text.slice(0, 40))}`,
			);
			assert.ok(!/^[ \t]/.test(t.text), `thought ${t.index} starts with an indented continuation`);
		}
		// A reflection marker inside math or an indented paragraph does not split either.
		const guarded =
			'Compute the sum first.\n\n$$\na + b\n\nWait = 3\n$$\n\n- item one\n\n  Wait, still item one.\n\nWait, a real new thought.';
		assert.deepEqual(
			segmentThinking(guarded, { tokenCounter: counter }).map((t) => t.text),
			[
				'Compute the sum first.\n\n$$\na + b\n\nWait = 3\n$$\n\n- item one\n\n  Wait, still item one.\n\n',
				'Wait, a real new thought.',
			],
		);
	});

	it('splits a chain of numbered checks at the checks', () => {
		const checks = Array.from(
			{ length: 6 },
			(_, i) =>
				`${i + 1}. Check option ${'ABCDEF'[i]}: ${'the option predicts a shift that we compare with the measured value. '.repeat(10)}\n\n`,
		).join('');
		const thoughts = segmentThinking(`Let me go through the options one by one.\n\n${checks}`, {
			tokenCounter: counter,
		});
		assert.deepEqual(
			thoughts.slice(1).map((t) => t.opener),
			Array.from({ length: 5 }, () => ({ kind: 'structure', structure: 'numbered' })),
		);
	});

	it('keeps a list of short items together until the thought has some size', () => {
		const list = 'The options:\n\n- A is 2\n\n- B is 3\n\n- C is 4\n\n1. check A\n\n2. check B';
		assert.equal(segmentThinking(list, { tokenCounter: counter }).length, 1);
		assert.ok(segmentThinking(list, { tokenCounter: counter, structureMinTokens: 1 }).length > 3);
		assert.equal(segmentThinking(list, { tokenCounter: counter, structureMinTokens: 0 }).length, 1);
	});

	it('an unclosed $$ does not stop splitting for the rest of the chain', () => {
		const stray = `Cost is $$5.\n\n${'word '.repeat(1200)}\n\n${'more '.repeat(1200)}\n\nWait, again.`;
		assert.ok(segmentThinking(stray, { tokenCounter: counter }).length >= 2);
	});

	it('keeps thoughts near 2K tokens where the text has paragraph breaks', () => {
		const plain = Array.from(
			{ length: 80 },
			(_, i) =>
				`Paragraph ${i}: ${'we compute the next partial sum and compare it with the bound '.repeat(12)}\n\n`,
		).join('');
		const thoughts = segmentThinking(plain, { tokenCounter: counter });
		const longest = Math.max(...thoughts.map((t) => t.tokenEnd - t.tokenStart));
		assert.ok(thoughts.length >= 5, `${thoughts.length} thoughts`);
		assert.ok(
			longest <= 2300,
			`longest thought ${longest} tokens (fallback after ${DEFAULT_FALLBACK_AFTER_TOKENS} estimated)`,
		);
	});

	it('ends a thought at a single line break once it runs well past the fallback without a paragraph break', () => {
		const lines = Array.from(
			{ length: 400 },
			(_, i) => `Line ${i}: the angle at A is 124 degrees, so the base angles are 28 each.`,
		).join('\n');
		const thoughts = segmentThinking(lines, { tokenCounter: counter });
		assert.equal(thoughts.map((t) => t.text).join(''), lines);
		assert.ok(thoughts.length >= 4, `${thoughts.length} thoughts`);
		assert.ok(Math.max(...thoughts.map((t) => t.tokenEnd - t.tokenStart)) <= 2600);
		assert.deepEqual(
			chunked(lines, () => 1),
			thoughts,
			'chunk-invariant',
		);
		assert.equal(
			segmentThinking(lines, { tokenCounter: counter, fallbackAfterTokens: 0 }).length,
			1,
		);
	});

	it('gives the same thoughts whatever the chunking', () => {
		const reference = segmentThinking(text, { tokenCounter: counter });
		assert.deepEqual(
			chunked(text, () => 1),
			reference,
			'one character at a time',
		);
		const rand = seeded(11);
		assert.deepEqual(
			chunked(text, () => 1 + Math.floor(rand() * 30)),
			reference,
			'random chunks',
		);
		assert.deepEqual(
			chunked(text, () => 3),
			reference,
			'threes',
		);
	});
});
