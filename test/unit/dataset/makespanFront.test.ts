import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paretoFront, frontPlotSvg, type FrontPoint } from '../../../src/core/dataset/frontPlot';
import { listScheduleMakespan, makespanFigures } from '../../../src/core/dataset/makespan';

describe('makespan at a concurrency', () => {
	it('places runs in order on the first free slot', () => {
		assert.equal(listScheduleMakespan([5, 3, 4, 2], 1), 14);
		// Slots: [5], [3] → 4 goes to slot 2 (free at 3) → [5], [7]; 2 goes to slot 1 (free at 5) → 7.
		assert.equal(listScheduleMakespan([5, 3, 4, 2], 2), 7);
		assert.equal(listScheduleMakespan([5, 3, 4, 2], 8), 5);
		assert.equal(listScheduleMakespan([], 4), 0);
		assert.throws(() => listScheduleMakespan([1], 0), /positive integer concurrency, got 0/);
	});

	it('compares untrimmed and trimmed makespans with the token saving', () => {
		const m = makespanFigures([10, 10, 10, 10], [8, 9, 8, 9], 2, 0.2);
		assert.equal(m.untrimmedMs, 20);
		// Slots: [8], [9] → 8 joins the first (16), 9 the second (18).
		assert.equal(m.trimmedMs, 18);
		assert.ok(Math.abs((m.savedShare ?? 0) - 0.1) < 1e-9);
		assert.ok(Math.abs((m.timeToTokenRatio ?? 0) - 0.5) < 1e-9);
		assert.equal(
			makespanFigures([10], [10], 1, 0).timeToTokenRatio,
			undefined,
			'no token saving, no ratio',
		);
	});
});

describe('saved-vs-flips front', () => {
	const points: FrontPoint[] = [
		{ policy: 'trimr', label: 'M=1', saved: 0.3, flipRate: 0.04 },
		{ policy: 'trimr', label: 'M=2', saved: 0.2, flipRate: 0.01 },
		{ policy: 'trimr', label: 'M=3', saved: 0.1, flipRate: 0.01 },
		{ policy: 'trimr', label: 'M=4', saved: 0.25, flipRate: 0.05 },
		{ policy: 'budget', label: 'B=<1024>', saved: 0.4, flipRate: 0.1 },
	];

	it('keeps the settings no other setting beats on both saved and flips', () => {
		assert.deepEqual(
			paretoFront(points.filter((p) => p.policy === 'trimr')).map((p) => p.label),
			['M=2', 'M=1'],
		);
	});

	it('draws one curve per policy with escaped labels', () => {
		const svg = frontPlotSvg(points);
		assert.equal(
			svg.match(/<polyline class="front"/g)?.length,
			1,
			'trimr has a two-point front; budget one point',
		);
		assert.equal(
			svg.match(/<circle cx=/g)?.length,
			points.length + 2,
			'every setting plus two legend dots',
		);
		assert.ok(svg.includes('B=&lt;1024&gt;'));
		assert.doesNotMatch(svg, /<1024>/);
		assert.match(frontPlotSvg([]), /No completed pair of runs to plot/);
	});
});
