import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareRuns } from '../../../src/core/run/comparison';
import { comparisonBodyHtml } from '../../../src/core/run/comparisonReport';

const ctx = {
	title: 'T <b>',
	problem: 'What is <script>alert(1)</script>?',
	originalLabel: 'Original',
	trimmedLabel: 'Trimmed',
	policy: 'trimr',
	kind: 'replay' as const,
	goldAnswer: '5',
};

describe('comparison report', () => {
	it('states the saving, the answers and correctness, with all text escaped', () => {
		const c = compareRuns(
			{ thinkingTokens: 1000, answerTokens: 50, wallMs: 10_000, verifierMs: 300, answer: '5' },
			{
				thinkingTokens: 600,
				answerTokens: 55,
				wallMs: 7_000,
				verifierMs: 200,
				answer: '\\frac{10}{2}',
			},
			{
				policy: 'trimr',
				thought: 3,
				tokenOffset: 600,
				trigger: 'overthinking',
				explanation: 'Answer 5 <x> stated 3 times',
			},
			'5',
		);
		assert.equal(c.savedShare, 0.4);
		assert.equal(c.sameAnswer, true);
		assert.equal(c.trimmedCorrect, true);
		const html = comparisonBodyHtml(c, ctx);
		assert.match(
			html,
			/Saved 400 of 1,000 thinking tokens \(40\.0 %\); saved 3\.00 s of 10\.00 s wall time \(30\.0 %\)\./,
		);
		assert.ok(!html.includes('<script>') && html.includes('&lt;script&gt;'));
		assert.ok(html.includes('Answer 5 &lt;x&gt; stated 3 times'));
	});

	it('says plainly when the trimmed run was slower', () => {
		const c = compareRuns(
			{ thinkingTokens: 1000, answerTokens: 50, wallMs: 5_000, verifierMs: 0, answer: '7' },
			{ thinkingTokens: 990, answerTokens: 50, wallMs: 5_500, verifierMs: 0, answer: '8' },
			undefined,
			undefined,
		);
		const html = comparisonBodyHtml(c, ctx);
		assert.match(
			html,
			/Saved 10 of 1,000 thinking tokens \(1\.0 %\); 0\.50 s slower than the original 5\.00 s \(10\.0 % more\)/,
		);
		assert.match(html, /The answer changed\./);
		assert.ok(!html.includes('-0.50'));
	});
});
