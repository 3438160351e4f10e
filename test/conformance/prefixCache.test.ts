import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_PACING } from '../../src/emulator/pacing';
import { cachedPacing } from '../../src/emulator/prefixCache';

const PACING = { ...DEFAULT_PACING, ttftMs: 200, tokensPerSecond: 50 };

describe('emulator prefix cache', () => {
	it('a continuation pays only the uncached share of the TTFT, at least one token interval', () => {
		assert.equal(
			cachedPacing(PACING, true, 1000, 900).ttftMs,
			20,
			'100 of 1000 tokens new → 10 % of 200 ms',
		);
		assert.equal(
			cachedPacing(PACING, true, 1000, 999).ttftMs,
			20,
			'one token interval at 50 tok/s is the floor',
		);
		assert.equal(
			cachedPacing(PACING, undefined, 1000, 0).ttftMs,
			200,
			'nothing cached: the whole TTFT',
		);
		assert.equal(
			cachedPacing(PACING, true, 1000, 5000).ttftMs,
			20,
			'a cached count above the prompt is clamped',
		);
	});

	it('without the cache every request waits the whole TTFT', () => {
		assert.equal(cachedPacing(PACING, false, 1000, 990).ttftMs, 200);
	});
});
