import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TextBuilder } from '../../../src/core/text/textBuilder';

/** Pieces like a streamed chain's: short, some empty, some multi-byte. */
function pieces(n: number): string[] {
	const words = ['Wait', ', ', '', 'é😀', ' the', '\n\n', 'x = 2^{10}', ' '];
	return Array.from({ length: n }, (_, i) => words[(i * 7) % words.length] ?? '');
}

describe('TextBuilder', () => {
	it('gives back exactly the pieces appended, across many blocks', () => {
		const all = pieces(2000);
		const text = new TextBuilder();
		for (const p of all) {
			text.append(p);
		}
		assert.equal(text.toString(), all.join(''));
		assert.equal(text.length, all.join('').length);
	});

	it('can be read part way and appended to afterwards', () => {
		const all = pieces(700);
		const text = new TextBuilder();
		all.slice(0, 300).forEach((p) => text.append(p));
		assert.equal(text.toString(), all.slice(0, 300).join(''));
		assert.equal(text.toString(), all.slice(0, 300).join(''), 'reading twice changes nothing');
		all.slice(300).forEach((p) => text.append(p));
		assert.equal(text.toString(), all.join(''));
	});

	it('is empty until something is appended', () => {
		const text = new TextBuilder();
		text.append('');
		assert.equal(text.length, 0);
		assert.equal(text.toString(), '');
	});
});
