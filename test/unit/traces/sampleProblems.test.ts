// Issue 14.11: the Stream Reasoning picker lists each bundled problem once, in readable text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readableMath } from '../../../src/core/text/readableMath';
import { sampleProblems } from '../../../src/core/traces/sampleProblems';
import { bundledSamples } from '../../harness/sampleTraces';

const samples = bundledSamples();

describe('readable problem text', () => {
	it('turns inline LaTeX into plain characters', () => {
		const cases: [string, string][] = [
			[
				'Every morning Aya goes for a $9$-kilometer-long walk',
				'Every morning Aya goes for a 9-kilometer-long walk',
			],
			[
				'such that $\\log_x\\left(y^x\\right)=\\log_y\\left(x^{4y}\\right)=10$. Find $xy$.',
				'such that log_x(y^x)=log_y(x^(4y))=10. Find xy.',
			],
			['\\[\\log_2\\left({x \\over yz}\\right) = {1 \\over 2}\\]', 'log_2(x/(yz)) = 1/2'],
			['is $\\tfrac{m}{n}$, where', 'is m/n, where'],
			['a $5\\times5$ grid', 'a 5×5 grid'],
			['Evaluate $\\left\\lceil3\\left(6-\\frac12\\right)\\right\\rceil$.', 'Evaluate ⌈3(6-1/2)⌉.'],
			['he earns $\\$$60.', 'he earns $60.'],
			['$2\\pi x^4 + \\sqrt{10}x^4$', '2π x^4 + √10x^4'],
			[
				'triples \\((a,b,c)\\) with\n\\begin{equation*}\na^2b = 6\n\\end{equation*}',
				'triples (a,b,c) with a^2b = 6',
			],
			['a dodecagon.\n[asy] unitsize(0.6 inch); dot(dir(i)); [/asy]', 'a dodecagon. [diagram]'],
		];
		for (const [latex, plain] of cases) {
			assert.equal(readableMath(latex), plain);
		}
	});

	it('lists each bundled problem once, without dollar signs or backslashes, sending the original text', () => {
		const problems = sampleProblems(samples);
		const distinct = new Set(samples.map((t) => t.problem));
		assert.ok(
			samples.length > distinct.size,
			'some bundled problems have chains of several models',
		);
		assert.equal(problems.length, distinct.size);
		assert.equal(
			problems.reduce((n, p) => n + p.chains, 0),
			samples.length,
		);
		for (const p of problems) {
			assert.ok(distinct.has(p.problem), 'the original problem text is what is sent');
			assert.ok(!/[\\]|\$[^0-9]/.test(p.label), `readable: ${p.label}`);
			assert.ok(p.label.length <= 90 && p.label.length > 10, p.label);
		}
	});
});
