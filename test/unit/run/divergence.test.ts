import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { divergenceMessage, findDivergence } from '../../../src/core/run/divergence';
import { segmentThinking } from '../../../src/core/thoughts/segmentThinking';

const original = 'First, 3 + 4 = 7.\n\nWait, check: 7 is right.\n\nSo the answer is 7.';

describe('replay divergence', () => {
	it('a replay that reproduced the original up to its cut did not diverge', () => {
		const kept = original.slice(0, original.indexOf('So the'));
		assert.equal(findDivergence(original, kept, segmentThinking(kept)), undefined);
		assert.equal(findDivergence(original, original, segmentThinking(original)), undefined);
	});

	it('names the thought where a different sample left the original', () => {
		const replay = 'First, 3 + 4 = 7.\n\nHmm, maybe 8?\n\nSo the answer is 8.';
		const d = findDivergence(original, replay, segmentThinking(replay));
		assert.deepEqual(d, { charOffset: original.indexOf('Wait'), thought: 1 });
		assert.match(divergenceMessage(d), /diverged from the original at thought 2 .*two samples/);
	});

	it('a replay that runs past the end of the original diverges there', () => {
		const replay = `${original}\n\nAnd more.`;
		assert.equal(
			findDivergence(original, replay, segmentThinking(replay))?.charOffset,
			original.length,
		);
	});
});
