import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { splitParagraphs } from '../../src/core/thoughts/paragraphSplit';
import { estimateTokens } from '../../src/core/thoughts/thought';
import { parseTraceJsonl } from '../../src/core/traces/traceRecord';

const samples = parseTraceJsonl(readFileSync(join(__dirname, '../../media/traces/samples.jsonl'), 'utf8'), 'samples.jsonl');

describe('splitParagraphs', () => {
	it('splits at blank lines and keeps every character', () => {
		const text = 'First step.\n\nWait, check.\n\n\nSo 42.';
		const thoughts = splitParagraphs(text);
		assert.deepEqual(
			thoughts.map((t) => t.text),
			['First step.\n\n', 'Wait, check.\n\n\n', 'So 42.'],
		);
		assert.equal(thoughts.map((t) => t.text).join(''), text);
		assert.deepEqual(
			thoughts.map((t) => [t.charStart, t.charEnd]),
			[
				[0, 13],
				[13, 28],
				[28, 34],
			],
		);
	});

	it('keeps leading and trailing whitespace inside the first and last thought', () => {
		const text = '\n\nAlpha.\n\nBeta.\n\n  \n';
		const thoughts = splitParagraphs(text);
		assert.equal(thoughts.length, 2);
		assert.equal(thoughts.map((t) => t.text).join(''), text);
		assert.equal(thoughts[0]?.text.trim(), 'Alpha.');
	});

	it('gives contiguous, increasing token offsets', () => {
		const thoughts = splitParagraphs('a b c\n\nd e f g h i j k\n\nl');
		for (let i = 1; i < thoughts.length; i++) {
			assert.equal(thoughts[i]?.tokenStart, thoughts[i - 1]?.tokenEnd);
			assert.ok((thoughts[i]?.tokenEnd ?? 0) > (thoughts[i]?.tokenStart ?? 0));
		}
	});

	it('returns no thoughts for empty thinking', () => {
		assert.deepEqual(splitParagraphs(''), []);
		assert.deepEqual(splitParagraphs('\n\n  \n'), []);
	});

	it('reconstructs every bundled real trace byte for byte', () => {
		assert.ok(samples.records.length >= 20);
		for (const trace of samples.records) {
			const thoughts = splitParagraphs(trace.thinking);
			assert.equal(thoughts.map((t) => t.text).join(''), trace.thinking, trace.id);
			assert.ok(thoughts.length > 1, `${trace.id} has several thoughts`);
		}
	});
});

describe('estimateTokens', () => {
	it('counts about four characters per token for prose and one per CJK character', () => {
		assert.equal(estimateTokens(''), 0);
		assert.equal(estimateTokens('abcdefgh'), 2);
		assert.equal(estimateTokens('好的'), 2);
	});
});
