import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
	InlineThinkSplitter,
	type ThinkSegment,
} from '../../../src/core/stream/inlineThinkSplitter';
import {
	ALL_THINKING_MARKERS,
	parseThinkingMarkers,
	splitMarkedThinking,
	THINKING_MARKER_PRESETS,
} from '../../../src/core/stream/thinkingMarkers';
import { parseTraceJsonl } from '../../../src/core/traces/traceRecord';

/** Feeds `text` to a splitter in pieces of `size` characters; returns the joined reasoning and answer. */
function split(
	text: string,
	size: number,
	splitter: InlineThinkSplitter,
): { reasoning: string; answer: string } {
	const out: ThinkSegment[] = [];
	for (let i = 0; i < text.length; i += size) {
		out.push(...splitter.push(text.slice(i, i + size)));
	}
	out.push(...splitter.end());
	return {
		reasoning: out
			.filter((s) => s.kind === 'reasoning')
			.map((s) => s.text)
			.join(''),
		answer: out
			.filter((s) => s.kind === 'answer')
			.map((s) => s.text)
			.join(''),
	};
}

const gemma =
	'<|channel>thought\n**Step 1: Read the options**\n\nOption C fits.<channel|>The answer is **C**.';
const sky =
	'<|begin_of_thought|>\n\nLet me compute 6 * 7 = 42.\n\n<|end_of_thought|>\n\n<|begin_of_solution|>42<|end_of_solution|>';

describe('thinking markers', () => {
	it('parses presets, lists, auto and custom pairs, and names what is accepted on a bad value', () => {
		assert.deepEqual(parseThinkingMarkers('gemma-channel'), [
			THINKING_MARKER_PRESETS['gemma-channel'],
		]);
		assert.deepEqual(parseThinkingMarkers('think, begin-of-thought'), [
			THINKING_MARKER_PRESETS.think,
			THINKING_MARKER_PRESETS['begin-of-thought'],
		]);
		assert.deepEqual(parseThinkingMarkers('auto'), ALL_THINKING_MARKERS);
		assert.deepEqual(parseThinkingMarkers('<reasoning>...</reasoning>'), [
			{ open: '<reasoning>', close: '</reasoning>' },
		]);
		assert.throws(
			() => parseThinkingMarkers('gemma'),
			/"gemma": use auto, think, begin-of-thought, gemma-channel/,
		);
		assert.throws(() => parseThinkingMarkers('<r>...'), /needs both sides/);
	});

	it('takes the markers out of a recorded thinking text and keeps the answer after them', () => {
		assert.deepEqual(splitMarkedThinking(gemma), {
			thinking: '**Step 1: Read the options**\n\nOption C fits.',
			after: 'The answer is **C**.',
			markers: THINKING_MARKER_PRESETS['gemma-channel'],
		});
		assert.equal(splitMarkedThinking(sky)?.thinking, 'Let me compute 6 * 7 = 42.\n\n');
		assert.equal(
			splitMarkedThinking('R1 style, opened in the prompt.\n</think>\n\n**42**')?.after,
			'**42**',
		);
		assert.equal(splitMarkedThinking('plain thinking with no markers'), undefined);
		assert.equal(
			splitMarkedThinking(gemma, [THINKING_MARKER_PRESETS.think]),
			undefined,
			'only the configured pairs',
		);
		const { records } = parseTraceJsonl(
			`${JSON.stringify({ id: 'g', thinking: gemma })}\n${JSON.stringify({ id: 'p', thinking: 'plain', final: 'x' })}\n`,
			't.jsonl',
		);
		assert.deepEqual(
			records.map((r) => [r.thinking, r.final]),
			[
				['**Step 1: Read the options**\n\nOption C fits.', 'The answer is **C**.'],
				['plain', 'x'],
			],
		);
	});

	it('splits a live stream at each preset, whatever the chunking', () => {
		for (const size of [1, 2, 3, 7, 1000]) {
			const g = split(gemma, size, new InlineThinkSplitter({ markers: ALL_THINKING_MARKERS }));
			assert.deepEqual(
				g,
				{
					reasoning: '**Step 1: Read the options**\n\nOption C fits.',
					answer: 'The answer is **C**.',
				},
				`gemma in ${size}s`,
			);
			const s = split(
				sky,
				size,
				new InlineThinkSplitter({ markers: [THINKING_MARKER_PRESETS['begin-of-thought']] }),
			);
			assert.equal(s.reasoning, 'Let me compute 6 * 7 = 42.\n\n', `sky in ${size}s`);
			assert.equal(s.answer, '<|begin_of_solution|>42<|end_of_solution|>');
			// R1 style: the opening marker was in the prompt; any configured closing marker ends the thinking.
			const r1 = split(
				'Some thinking.\n</think>\n\nAnswer: 5',
				size,
				new InlineThinkSplitter({ markers: ALL_THINKING_MARKERS }),
			);
			assert.deepEqual(r1, { reasoning: 'Some thinking.\n', answer: 'Answer: 5' });
		}
		// The default still knows only <think>: a Gemma stream stays reasoning to the end.
		assert.equal(split(gemma, 5, new InlineThinkSplitter()).answer, '');
	});
});
