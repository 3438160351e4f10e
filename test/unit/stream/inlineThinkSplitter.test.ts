import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
	InlineThinkSplitter,
	type ThinkSegment,
} from '../../../src/core/stream/inlineThinkSplitter';
import { parseTraceJsonl } from '../../../src/core/traces/traceRecord';

function run(
	chunks: readonly string[],
	startsInReasoning = true,
): { reasoning: string; answer: string; splitter: InlineThinkSplitter } {
	const splitter = new InlineThinkSplitter({ startsInReasoning });
	const segments: ThinkSegment[] = [];
	for (const c of chunks) {
		segments.push(...splitter.push(c));
	}
	segments.push(...splitter.end());
	return {
		reasoning: segments
			.filter((s) => s.kind === 'reasoning')
			.map((s) => s.text)
			.join(''),
		answer: segments
			.filter((s) => s.kind === 'answer')
			.map((s) => s.text)
			.join(''),
		splitter,
	};
}

/** Splits at code-point boundaries (a JS string chunk is always whole code points off the wire). */
function codePoints(text: string): string[] {
	return [...text];
}

const THINKING =
	'Okay, 好的 — let me compute ⌈3·5.5⌉ 😀.\n\nWait, < and </ and </thin are not tags; so 17.';
const FINAL = 'The answer is $\\boxed{17}$ ✓.';

describe('InlineThinkSplitter', () => {
	it('splits R1-style output (no opening tag) at every chunk boundary, multi-byte characters included', () => {
		const points = codePoints(`${THINKING}</think>\n\n${FINAL}`);
		for (let i = 0; i <= points.length; i++) {
			const out = run([points.slice(0, i).join(''), points.slice(i).join('')]);
			assert.equal(out.reasoning, THINKING, `boundary ${i}`);
			assert.equal(out.answer, FINAL, `boundary ${i}`);
		}
	});

	it('handles a Qwen3-style opening tag split across chunks at every boundary', () => {
		const points = codePoints(`<think>\n${THINKING}</think>\n\n${FINAL}`);
		for (let i = 0; i <= points.length; i++) {
			const out = run([points.slice(0, i).join(''), points.slice(i).join('')]);
			assert.equal(out.reasoning, THINKING, `boundary ${i}`);
			assert.equal(out.answer, FINAL, `boundary ${i}`);
			assert.equal(out.splitter.sawOpenTag, true);
		}
	});

	it('handles </think> cut into three chunks at every pair of positions around it', () => {
		const text = `${THINKING}</think>\n\n${FINAL}`;
		const tagAt = text.indexOf('</think>');
		for (let a = tagAt - 2; a <= tagAt + 10; a++) {
			for (let b = a; b <= tagAt + 12; b++) {
				const out = run([text.slice(0, a), text.slice(a, b), text.slice(b)]);
				assert.equal(out.reasoning, THINKING, `cuts ${a},${b}`);
				assert.equal(out.answer, FINAL, `cuts ${a},${b}`);
			}
		}
	});

	it('streamed one code point per chunk gives the same result', () => {
		const out = run(codePoints(`${THINKING}</think>\n\n${FINAL}`));
		assert.equal(out.reasoning, THINKING);
		assert.equal(out.answer, FINAL);
	});

	it('keeps everything as thinking when </think> never comes, including a trailing partial tag', () => {
		const out = run(['Thinking until max_tokens', ' and then </thi']);
		assert.equal(out.reasoning, 'Thinking until max_tokens and then </thi');
		assert.equal(out.answer, '');
		assert.equal(out.splitter.sawCloseTag, false);
	});

	it('without a known thinking prompt, output that does not open <think> is answer', () => {
		const out = run(['\n\nJust an', ' answer.'], false);
		assert.equal(out.reasoning, '');
		assert.equal(out.answer, 'Just an answer.');
		const tagged = run(['<thi', 'nk>\nhmm</think>\n\nok'], false);
		assert.equal(tagged.reasoning, 'hmm');
		assert.equal(tagged.answer, 'ok');
	});

	it('drops only the whitespace that leads the answer, also when "\\n\\n" arrives alone', () => {
		const out = run(['so 5.', '</think>', '\n', '\n', '  5', ' \n\n apples']);
		assert.equal(out.reasoning, 'so 5.');
		assert.equal(out.answer, '5 \n\n apples');
	});

	it('handles an empty thought (Qwen3 with thinking off)', () => {
		const out = run(['<think>\n\n</think>\n\n', 'Paris.']);
		assert.equal(out.reasoning, '');
		assert.equal(out.answer, 'Paris.');
	});

	it('reconstructs every bundled sample trace under seeded random chunking', () => {
		const file = join(__dirname, '..', '..', '..', 'media', 'traces', 'samples.jsonl');
		const { records } = parseTraceJsonl(readFileSync(file, 'utf8'), file);
		let seed = 7;
		const rand = (): number => {
			seed = (seed * 1103515245 + 12345) % 2147483648;
			return seed / 2147483648;
		};
		for (const trace of records) {
			const points = codePoints(`${trace.thinking}</think>\n\n${trace.final ?? ''}`);
			const chunks: string[] = [];
			for (let i = 0; i < points.length;) {
				const n = 1 + Math.floor(rand() * 12);
				chunks.push(points.slice(i, i + n).join(''));
				i += n;
			}
			const out = run(chunks);
			assert.equal(out.reasoning, trace.thinking, trace.id);
			assert.equal(out.answer, trace.final ?? '', trace.id);
		}
	});
});
