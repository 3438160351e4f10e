import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readDelta } from '../../../src/core/stream/reasoningDelta';

describe('readDelta', () => {
	it('reads reasoning_content (vLLM ≤ 0.11.0, SGLang, MindIE, llama.cpp)', () => {
		assert.deepEqual(readDelta({ reasoning_content: 'Hmm' }), {
			reasoning: 'Hmm',
			content: undefined,
			fieldSeen: 'reasoning_content',
		});
	});

	it('reads reasoning (vLLM ≥ 0.16, OpenRouter)', () => {
		assert.deepEqual(readDelta({ reasoning: 'Hmm' }), {
			reasoning: 'Hmm',
			content: undefined,
			fieldSeen: 'reasoning',
		});
	});

	it('takes the text once when both fields carry it (vLLM 0.11–0.15)', () => {
		const d = readDelta({ reasoning: '好的', reasoning_content: '好的' });
		assert.equal(d.reasoning, '好的');
		assert.equal(d.fieldSeen, 'both');
	});

	it('skips nulls and empty strings, falling back to the other field', () => {
		assert.equal(readDelta({ reasoning: null, reasoning_content: 'x' }).reasoning, 'x');
		assert.equal(readDelta({ reasoning: '', reasoning_content: 'y' }).reasoning, 'y');
		const first = readDelta({ role: 'assistant', content: '', reasoning_content: null });
		assert.equal(first.reasoning, undefined);
		assert.equal(first.content, undefined);
		assert.equal(readDelta({ content: '，', reasoning_content: null }).content, '，');
	});

	it('splits a chunk that carries the end of the thought and the start of the answer', () => {
		const d = readDelta({ reasoning: '…so 42.', content: '\n\n' });
		assert.equal(d.reasoning, '…so 42.');
		assert.equal(d.content, '\n\n');
	});

	it('tolerates a missing or non-object delta', () => {
		assert.deepEqual(readDelta(undefined), {
			reasoning: undefined,
			content: undefined,
			fieldSeen: 'none',
		});
		assert.deepEqual(readDelta('x'), {
			reasoning: undefined,
			content: undefined,
			fieldSeen: 'none',
		});
	});
});
