import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withParameters } from '../../../src/core/dataset/policyVariants';
import { createPolicy, type PolicyOptions } from '../../../src/core/policies/createPolicy';
import { policyOptionsFrom } from '../../../src/core/tree/fromAnalysis';

/** What the editor's other `thinktrim.policy.*` settings give. */
const BASE: PolicyOptions = {
	trimr: {
		consecutiveAnswers: 2,
		underthinking: { tokenBudget: 8192, budgetShare: 0.5, thoughts: 12 },
	},
	dynasor: { interval: 64, agreeing: 3 },
	budget: 4096,
};

describe('policy parameters layered over the editor settings', () => {
	it("applies the current policy's setting and keeps the other options", () => {
		const options = withParameters('trimr', BASE, 'trimr:S=1:G=0:L=100000');
		const description = createPolicy('trimr', options).description;
		assert.match(description, /one more for a weak confirming statement/);
		assert.doesNotMatch(description, /answer given in the problem/);
		assert.match(description, /M = 2 \(3 from 100000 tokens on\)/);
		assert.match(description, /underthinking at 50 % of 8192 tokens and 12 thoughts/);
	});

	it('lets a parameter win over the same editor setting', () => {
		const options = withParameters('trimr', BASE, 'trimr:M=1');
		assert.equal(options.trimr?.consecutiveAnswers, 1);
		assert.match(createPolicy('trimr', options).description, /M = 1/);
	});

	it("uses only the current policy's entry, so switching policies keeps working", () => {
		const settings = 'trimr:S=1; dynasor:N=5; budget:B=2048';
		assert.deepEqual(withParameters('dynasor', BASE, settings).dynasor, {
			interval: 64,
			agreeing: 5,
		});
		assert.equal(withParameters('budget', BASE, settings).budget, 2048);
		assert.equal(withParameters('deer', BASE, settings), BASE);
		assert.equal(withParameters('none', BASE, settings), BASE);
		assert.equal(withParameters('trimr', BASE, '  '), BASE);
	});

	it('rejects what cannot be one setting, naming the part', () => {
		assert.throws(
			() => withParameters('trimr', BASE, 'S=1'),
			/needs its policy first, e\.g\. trimr:S=1/,
		);
		assert.throws(
			() => withParameters('trimr', BASE, 'trimr:M=1,2'),
			/one setting per policy.*trimr/,
		);
		assert.throws(
			() => withParameters('trimr', BASE, 'trimr:M=1; trimr:M=2'),
			/one setting per policy/,
		);
		assert.throws(
			() => withParameters('trimr', BASE, 'trimr:Q=1'),
			/unknown parameter "Q" for trimr/,
		);
		assert.throws(
			() => withParameters('trimr', BASE, 'trimr:S=2'),
			/S must be an integer between 0 and 1/,
		);
		// An entry for another policy is checked too: a typo must not wait for the day that policy is picked.
		assert.throws(() => withParameters('trimr', BASE, 'trimr:S=1; dynasor:N=0'), /dynasor N/);
	});

	it("reaches the tree view's analysis (a bundled trace, a gateway request)", () => {
		const view = {
			policy: 'trimr',
			consecutiveAnswers: 1,
			verifierThreshold: 0.5,
			underthinkingThoughts: 20,
			underthinkingBudgetShare: 0.5,
		} as const;
		const plain = createPolicy('trimr', policyOptionsFrom(view)).description;
		const tuned = createPolicy(
			'trimr',
			policyOptionsFrom({ ...view, parameters: 'trimr:S=1' }),
		).description;
		assert.doesNotMatch(plain, /weak confirming statement/);
		assert.match(tuned, /M = 1.*one more for a weak confirming statement/);
	});
});
