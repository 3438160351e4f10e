import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ThoughtSegmenter } from '../../../src/core/thoughts/segmenter';
import { DEFAULT_FALLBACK_AFTER_TOKENS } from '../../../src/core/thoughts/segmenterOptions';
import type { Thought } from '../../../src/core/thoughts/thought';
import { loadSharedTraces } from './sharedTraces';
import { bundledSamples } from '../../harness/sampleTraces';

const samples = bundledSamples();

/** Feeds `text` in chunks whose sizes come from `size()`, then ends. */
function segment(text: string, size: () => number, options = {}): Thought[] {
	const segmenter = new ThoughtSegmenter(options);
	const out: Thought[] = [];
	for (let i = 0; i < text.length;) {
		const n = Math.max(1, size());
		out.push(...segmenter.feed(text.slice(i, i + n)));
		i += n;
	}
	out.push(...segmenter.end());
	return out;
}

/** A small deterministic generator (mulberry32), so a failing chunking can be reproduced. */
function random(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const whole = (text: string, options = {}): Thought[] =>
	segment(text, () => text.length + 1, options);

describe('ThoughtSegmenter', () => {
	it('opens a thought at a paragraph break followed by a reflection marker', () => {
		const text =
			'Compute 2 + 2 = 4.\n\nSo it is 4.\n\nWait, check: 2 + 2 = 4.\n\nBut let me verify.\n\nButter is not a marker.\n\nHmm.';
		const thoughts = whole(text);
		assert.deepEqual(
			thoughts.map((t) => t.text),
			[
				'Compute 2 + 2 = 4.\n\nSo it is 4.\n\n',
				'Wait, check: 2 + 2 = 4.\n\n',
				'But let me verify.\n\nButter is not a marker.\n\n',
				'Hmm.',
			],
		);
		assert.deepEqual(
			thoughts.map((t) => t.opener),
			[
				{ kind: 'start' },
				{ kind: 'marker', marker: 'Wait' },
				{ kind: 'marker', marker: 'But' },
				{ kind: 'marker', marker: 'Hmm' },
			],
		);
		assert.equal(thoughts.map((t) => t.text).join(''), text);
		assert.deepEqual(
			thoughts.map((t) => [t.charStart, t.charEnd]),
			thoughts.map((t) => [text.indexOf(t.text), text.indexOf(t.text) + t.text.length]),
		);
	});

	it('needs a paragraph break: a marker after a single newline or mid-line does not split', () => {
		const thoughts = whole('First line.\nWait, same paragraph. But also here.\n\nNext.');
		assert.equal(thoughts.length, 1);
	});

	it('recognises multi-word markers, emphasis, Chinese markers and case variants', () => {
		const thoughts = whole(
			'Start.\n\nLet me double-check this.\n\n**Wait**, hmm.\n\nwait, lower case.\n\n等等，再算一次。',
		);
		assert.deepEqual(
			thoughts.map((t) => (t.opener?.kind === 'marker' ? t.opener.marker : t.opener?.kind)),
			['start', 'Let me double-check', 'Wait', 'wait', '等等'],
		);
	});

	it('uses a configurable marker list', () => {
		const thoughts = whole('A.\n\nWait, no.\n\nVerify: ok.', { markers: ['Verify'] });
		assert.deepEqual(
			thoughts.map((t) => t.text),
			['A.\n\nWait, no.\n\n', 'Verify: ok.'],
		);
	});

	it('falls back to plain paragraph breaks after a long stretch without markers', () => {
		const paragraph = `${'word '.repeat(200)}\n\n`;
		const text = paragraph.repeat(10);
		const thoughts = whole(text);
		assert.ok(thoughts.length > 1, 'splits the long stretch');
		for (const t of thoughts.slice(1)) {
			assert.deepEqual(t.opener, { kind: 'paragraph' });
		}
		// ~250 estimated tokens per paragraph: each fallback thought holds at least the threshold.
		for (const t of thoughts.slice(0, -1)) {
			assert.ok(
				t.text.length / 4 >= DEFAULT_FALLBACK_AFTER_TOKENS,
				`thought of ${t.text.length} chars`,
			);
		}
		assert.equal(whole(text.slice(0, 4 * DEFAULT_FALLBACK_AFTER_TOKENS)).length, 1);
		assert.equal(segment(text, () => 7, { fallbackAfterTokens: 0 }).length, 1);
	});

	it('does not split off leading whitespace or a chain that starts with a marker', () => {
		const thoughts = whole('\n\nWait, I start with a marker.\n\nBut then continue.');
		assert.equal(thoughts.length, 2);
		assert.deepEqual(thoughts[0]?.opener, { kind: 'start' });
		assert.equal(thoughts[0]?.charStart, 0);
		assert.deepEqual(whole(''), []);
		assert.deepEqual(whole('\n\n  \n'), []);
	});

	it('decides a marker at the very end of the stream', () => {
		const thoughts = whole('Answer is 4.\n\nWait');
		assert.deepEqual(
			thoughts.map((t) => t.text),
			['Answer is 4.\n\n', 'Wait'],
		);
	});

	it('counts tokens per thought offline and takes the server counts when given', () => {
		const counted = new ThoughtSegmenter({ tokenCounter: { count: (text) => text.length } });
		const offline = [...counted.feed('abc\n\nWait, de'), ...counted.end()];
		assert.deepEqual(
			offline.map((t) => [t.tokenStart, t.tokenEnd]),
			[
				[0, 5],
				[5, 13],
			],
		);
		const streamed = new ThoughtSegmenter();
		const pieces = ['abc', '\n\n', 'Wait', ',', ' de'];
		const out: Thought[] = [];
		for (const p of pieces) {
			out.push(...streamed.feed(p, 1));
		}
		out.push(...streamed.end());
		assert.equal(streamed.usesServerTokens, true);
		assert.deepEqual(
			out.map((t) => [t.tokenStart, t.tokenEnd]),
			[
				[0, 2],
				[2, 5],
			],
		);
	});

	it('gives the same thoughts whatever the chunking, on every bundled real trace', () => {
		assert.ok(samples.length >= 20);
		const rand = random(42);
		for (const trace of samples) {
			const reference = whole(trace.thinking);
			assert.ok(reference.length >= 1, trace.id);
			assert.equal(
				reference.map((t) => t.text).join(''),
				trace.thinking,
				`${trace.id} round-trips`,
			);
			assert.deepEqual(
				segment(trace.thinking, () => 1),
				reference,
				`${trace.id} one character at a time`,
			);
			assert.deepEqual(
				segment(trace.thinking, () => 1 + Math.floor(rand() * 40)),
				reference,
				`${trace.id} random chunks`,
			);
			assert.deepEqual(
				segment(trace.thinking, () => 2),
				reference,
				`${trace.id} pairs`,
			);
		}
		assert.ok(
			samples.some((t) => whole(t.thinking).length > 20),
			'real traces have many thoughts',
		);
	});

	it('gives the same thoughts whatever the chunking on the shared real traces (skips when absent)', (t) => {
		const traces = loadSharedTraces();
		if (traces === undefined) {
			t.skip('shared traces folder not found');
			return;
		}
		const rand = random(7);
		// Every 9th trace keeps the test quick while covering every source file.
		for (const trace of traces.filter((_, i) => i % 9 === 0)) {
			const reference = whole(trace.thinking);
			assert.equal(reference.map((x) => x.text).join(''), trace.thinking, trace.id);
			assert.deepEqual(
				segment(trace.thinking, () => 1 + Math.floor(rand() * 12)),
				reference,
				trace.id,
			);
		}
	});

	it('refuses text after end()', () => {
		const segmenter = new ThoughtSegmenter();
		segmenter.end();
		assert.throws(() => segmenter.feed('x'), /already ended/);
	});
});
