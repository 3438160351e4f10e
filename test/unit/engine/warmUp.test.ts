import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { warmUpAnalysis } from '../../../src/core/engine/warmUp';

describe('analysis warm-up', () => {
	it('runs the whole analysis, through the verifier and the policy to a cut, on its made-up chain', async () => {
		const analysis = await warmUpAnalysis();
		assert.ok(analysis.thoughts.length >= 4, `${analysis.thoughts.length} thoughts`);
		assert.ok(
			analysis.steps.filter((s) => s.answer !== undefined).length >= 2,
			'thoughts are read as stating an answer',
		);
		assert.ok(
			analysis.steps.some((s) => s.equivalence !== undefined),
			'two answers were compared',
		);
		assert.ok(analysis.cut !== undefined, 'the default policy cuts it');
	});
});
