import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answersEquivalent, compareAnswers } from '../../../src/core/answers/equivalence';
import { choiceLetter, normalizeAnswer } from '../../../src/core/answers/normalize';

/** Asserts equivalence and the rule that decided it. */
function same(a: string, b: string, method?: string): void {
	const c = compareAnswers(a, b);
	assert.equal(
		c.equivalent,
		true,
		`${a} vs ${b} should be equivalent (${c.method}: ${c.normalized.join(' | ')})`,
	);
	if (method !== undefined) {
		assert.equal(c.method, method, `${a} vs ${b}`);
	}
	// Equivalence is symmetric.
	assert.equal(answersEquivalent(b, a), true, `${b} vs ${a} should be equivalent`);
}

function different(a: string, b: string): void {
	const c = compareAnswers(a, b);
	assert.equal(
		c.equivalent,
		false,
		`${a} vs ${b} should differ (${c.method}: ${c.normalized.join(' | ')})`,
	);
	assert.equal(answersEquivalent(b, a), false, `${b} vs ${a} should differ`);
}

describe('normalizeAnswer', () => {
	it('removes wrappers, spacing commands, separators and units', () => {
		assert.equal(normalizeAnswer('\\boxed{\\$245,\\!000}'), '245000');
		assert.equal(normalizeAnswer('$18$'), '18');
		assert.equal(normalizeAnswer('55 \\text{ liters}'), '55');
		assert.equal(normalizeAnswer('204 minutes'), '204');
		assert.equal(normalizeAnswer('42 inches.'), '42');
		assert.equal(normalizeAnswer('623\\ \\text{pounds}'), '623');
		assert.equal(normalizeAnswer('12 m^2'), '12');
		assert.equal(normalizeAnswer('3 km'), '3');
		assert.equal(normalizeAnswer('5\\text{cm}'), '5');
		assert.equal(normalizeAnswer('2ab'), '2ab');
		assert.equal(normalizeAnswer('3m'), '3m');
		assert.equal(normalizeAnswer('1{,}000'), '1000');
		assert.equal(normalizeAnswer('18.50'), '18.5');
		assert.equal(normalizeAnswer('\\left( 3, \\frac{\\pi}{2} \\right)'), '(3,\\frac{\\pi}{2})');
		assert.equal(normalizeAnswer('x = 5'), '5');
		assert.equal(normalizeAnswer('\\pi r^2'), '\\pi r^2');
	});

	it('turns choices into their letter, but not a lowercase variable', () => {
		assert.equal(choiceLetter('(b)'), 'B');
		assert.equal(choiceLetter('Option C'), 'C');
		assert.equal(choiceLetter('H: False'), 'H');
		assert.equal(choiceLetter('b'), undefined);
		assert.equal(normalizeAnswer('\\text{(B)}'), 'B');
	});
});

describe('compareAnswers: numbers', () => {
	it('ignores commas, trailing zeros, signs of currency and scientific notation', () => {
		same('18', '18.00', 'normalized');
		same('-10,\\!000', '-10000');
		same('1.5e3', '1500');
		same('1.5\\times10^{3}', '1500', 'numeric');
		same('0.50', '\\frac{1}{2}', 'numeric');
	});

	it('treats a dropped percent sign as the same answer', () => {
		same('60\\%', '60', 'percent');
		same('60%', '0.6', 'percent');
		different('60%', '0.06');
	});

	it('accepts a decimal that is the exact value rounded, with two places or more', () => {
		same('0.33', '\\frac{1}{3}', 'rounded');
		same('3.14', '\\pi', 'rounded');
		different('0.3', '\\frac{1}{3}');
		different('12.35', '12.349');
	});

	it('tells different numbers apart', () => {
		different('18', '1.8');
		different('18', '180');
		different('3/4', '4/3');
		different('\\frac{3}{4}', '\\frac{4}{3}');
		different('-5', '5');
	});
});

describe('compareAnswers: fractions, roots and units', () => {
	it('compares fraction notations', () => {
		same('\\dfrac{13}{15}', '\\frac{13}{15}');
		same('\\frac12', '1/2');
		same('2\\frac{1}{2}', '5/2');
		same('2 1/2', '2.5');
		same('\\tfrac{6}{8}', '\\frac{3}{4}', 'numeric');
	});

	it('compares roots and pi', () => {
		same('3\\sqrt{13}', '\\sqrt{117}', 'numeric');
		same('3√13', '3\\sqrt{13}');
		same('\\frac{\\sqrt{2}}{2}', '\\frac{1}{\\sqrt{2}}', 'numeric');
		same('\\sqrt[3]{27}', '3', 'numeric');
		different('\\sqrt{2}', '2');
	});

	it('drops units and currency', () => {
		same('\\$18', '18 dollars');
		same('18 \\text{ cm}', '18');
		same('90^\\circ', '90');
		same('90°', '\\frac{\\pi}{2}\\cdot\\frac{180}{\\pi}');
		different('18 cm', '19 cm');
	});

	it('compares a sentence stating an answer with the answer', () => {
		same('The perimeter of the regular hexagon is 42 inches.', '42');
		same('The distance between the points is 3√13 units.', '\\sqrt{117}');
	});
});

describe('compareAnswers: expressions, tuples and sets', () => {
	it('reads function arguments without parentheses and names before an interval', () => {
		same('\\ln 2', '0.693', 'rounded');
		same('\\sin \\pi', '0');
		same('x \\in [2, 5)', '[2,5)');
		same('2\\sqrt{2}', '\\sqrt{8}', 'numeric');
		same('x^2 - 1', '(x-1)(x+1)', 'symbolic');
		different('2n+1', '2m+1');
	});

	it('compares expressions with variables at sample points', () => {
		same('x^2+2x+1', '(x+1)^2', 'symbolic');
		same('\\pi r^2', 'r^2\\pi', 'symbolic');
		different('x^2', 'x');
		different('2x', '2y');
	});

	it('compares tuples element by element and keeps interval brackets', () => {
		same('\\left(3, \\frac{\\pi}{2}\\right)', '(3,\\pi/2)', 'tuple');
		same('\\left(3,\\,\\frac{\\pi}{2}\\right)', '\\left( 3, \\frac{\\pi}{2} \\right)');
		different('(3, \\frac{\\pi}{2})', '(\\frac{\\pi}{2}, 3)');
		different('[0, 1)', '(0, 1)');
		different('(1, 2)', '(1, 2, 3)');
	});

	it('compares vectors and matrices element by element', () => {
		same(
			'\\begin{pmatrix} \\dfrac{16}{49} \\\\ \\dfrac{48}{49} \\\\ \\dfrac{24}{49} \\end{pmatrix}',
			'\\begin{pmatrix} 16/49 \\\\ 48/49 \\\\ 24/49 \\end{pmatrix}',
			'tuple',
		);
		same('\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}', '((1,2),(3,4))');
		different(
			'\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}',
			'\\begin{pmatrix} 2 \\\\ 1 \\end{pmatrix}',
		);
	});

	it('compares sets and bare lists without order', () => {
		same('\\{1, 2\\}', '\\{2, 1\\}', 'set');
		same('2, 3', '3, 2', 'set');
		different('\\{1, 2\\}', '\\{1, 3\\}');
	});
});

describe('compareAnswers: choices and text', () => {
	it('compares option letters', () => {
		same('(B)', 'B');
		same('\\text{(C)}', 'option C');
		different('A', 'B');
		different('B', '2');
	});

	it('compares text answers case-insensitively and reports empty answers', () => {
		same('Statement 1 is true. Statement 2 is false', 'statement 1 is true. statement 2 is false');
		different('True, True', 'False, True');
		assert.deepEqual(compareAnswers('', '18').method, 'empty');
		assert.equal(answersEquivalent('  ', '  '), false);
	});
});

describe('compareAnswers: degenerate input', () => {
	it('compares a huge or deeply nested expression as text instead of overflowing the stack', () => {
		const huge = `${'x+'.repeat(3000)}1`;
		assert.equal(compareAnswers(huge, huge).equivalent, true);
		assert.equal(compareAnswers(huge, `${huge}1`).equivalent, false);
		const nested = `${'('.repeat(2000)}1${')'.repeat(2000)}`;
		assert.equal(typeof compareAnswers(nested, '1').equivalent, 'boolean');
	});
});
