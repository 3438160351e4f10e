import {
	bestByFlipCount,
	pointShares,
	policyFront,
	type SweepPoint,
} from '../core/evaluation/sweep';
import { policyTitle, type TrimmingPolicyName } from '../core/dataset/policyVariants';
import { wilsonInterval } from '../core/evaluation/rateInterval';

/** The `--json` line of one swept setting (the contract in docs/engine.md). */
export function sweepJsonLine(p: SweepPoint): string {
	const { traces, thinkingTokens, savedTokens, oracleSavedTokens, flips } = p;
	return JSON.stringify({
		sweep: {
			policy: p.variant.policy,
			params: p.variant.parameters,
			traces,
			thinkingTokens,
			savedTokens,
			oracleSavedTokens,
			flips,
			cuts: p.cuts,
		},
	});
}

const pct = (x: number, digits = 1): string => `${(x * 100).toFixed(digits)} %`;

/** One table per policy: every setting with saved share, share of the oracle, flips. */
export function sweepTables(points: readonly SweepPoint[]): string[] {
	const lines: string[] = [];
	const policies = [...new Set(points.map((p) => p.variant.policy))];
	for (const policy of policies) {
		const own = points.filter((p) => p.variant.policy === policy);
		const front = new Set(policyFront(own));
		const labels = own.map((p) => p.variant.label + (front.has(p) ? '' : '  (dominated)'));
		const width = Math.max(24, ...labels.map((l) => l.length));
		lines.push(
			'',
			policyTitle(policy),
			`  ${'setting'.padEnd(width)} ${'saved'.padStart(8)} ${'of oracle'.padStart(10)} ${'flips'.padStart(12)} ${'up to'.padStart(8)}  cuts`,
		);
		own.forEach((p, i) => {
			const s = pointShares(p);
			lines.push(
				`  ${(labels[i] ?? '').padEnd(width)} ${pct(s.saved).padStart(8)} ${pct(s.captured).padStart(10)} ` +
					`${`${p.flips} (${pct(s.flipRate, 2)})`.padStart(12)} ` +
					`${pct(wilsonInterval(p.flips, p.traces).high).padStart(8)}  ${p.cuts}`,
			);
		});
	}
	if (points.length > 0) {
		lines.push(
			'',
			'  "of oracle": the saving as a share of the oracle\'s; over 100 % means cutting earlier than the oracle, which costs flips.',
			'  "up to": the upper end of the flip rate\'s 95 % interval; the same setting on other chains may flip that often.',
		);
	}
	return lines;
}

const MARKS: Record<TrimmingPolicyName, string> = {
	trimr: 'T',
	'trimr-paper': 'P',
	deer: 'E',
	dynasor: 'D',
	budget: 'B',
};

/**
 * The saved-vs-flips fronts drawn in the terminal: flip rate across, saved share up, one letter per
 * policy (T TrimR, P TrimR as published, E DEER, D Dynasor, B budget) at each non-dominated setting. The
 * x axis runs to the largest flip rate on the fronts, at least 2 % and at most `maxFlipRate`, so that
 * the low-flip region, where the choice is made, stays readable.
 */
export function frontChart(
	points: readonly SweepPoint[],
	maxFlipRate = 0.2,
	width = 60,
	height = 16,
): string[] {
	const fronts = [...new Set(points.map((p) => p.variant.policy))].flatMap((policy) =>
		policyFront(points.filter((p) => p.variant.policy === policy)),
	);
	const largest = Math.max(0, ...fronts.map((p) => pointShares(p).flipRate));
	// Round the axis up to a whole percent (or a multiple of 5 % past 10 %).
	const step = largest > 0.1 ? 0.05 : 0.01;
	const axis = Math.min(maxFlipRate, Math.max(0.02, Math.ceil(largest / step - 1e-9) * step));
	const shown = fronts.filter((p) => pointShares(p).flipRate <= axis + 1e-12);
	const top = Math.max(0.05, ...shown.map((p) => pointShares(p).saved));
	const grid: string[][] = Array.from({ length: height }, () =>
		Array.from({ length: width }, () => ' '),
	);
	for (const p of shown) {
		const s = pointShares(p);
		const x = Math.min(width - 1, Math.round((s.flipRate / axis) * (width - 1)));
		const y = height - 1 - Math.min(height - 1, Math.round((s.saved / top) * (height - 1)));
		const row = grid[y] as string[];
		row[x] = row[x] === ' ' ? MARKS[p.variant.policy] : '*';
	}
	const lines = [
		'',
		'saved vs flips (non-dominated settings; ' +
			'T TrimR, P TrimR as published, E DEER, D Dynasor, B budget, * several' +
			`${shown.length < fronts.length ? `; flips over ${pct(axis, 0)} not shown` : ''})`,
	];
	grid.forEach((row, i) => {
		const label =
			i === 0 ? pct(top, 0).padStart(6) : i === height - 1 ? '0 %'.padStart(6) : ''.padStart(6);
		lines.push(`${label} |${row.join('')}`);
	});
	lines.push(
		`${''.padStart(6)} +${'-'.repeat(width)}`,
		`${''.padStart(8)}0 %${'flip rate'.padStart(Math.floor(width / 2) + 2)}${pct(axis, 0).padStart(Math.ceil(width / 2) - 5)}`,
	);
	return lines;
}

/**
 * Who wins the front at each flip count up to `maxFlipRate` of the traces (2 %, the range the goals
 * are set in): each policy's best saving with at most that many flips, and the winner with its
 * setting.
 */
export function flipCountTable(points: readonly SweepPoint[], maxFlipRate = 0.02): string[] {
	const traces = points[0]?.traces ?? 0;
	const maxFlips = Math.floor(traces * maxFlipRate + 1e-9);
	const policies = [...new Set(points.map((p) => p.variant.policy))];
	const widths = policies.map((p) => Math.max(8, policyTitle(p).length));
	const lines = [
		'',
		`best saving at each flip count, up to ${pct(maxFlipRate, 0)} of ${traces} traces (${maxFlips} flips)`,
		`  ${'flips'.padStart(5)}  ${policies.map((p, i) => policyTitle(p).padStart(widths[i] ?? 8)).join('  ')}  winner`,
	];
	for (const row of bestByFlipCount(points, maxFlips)) {
		const cells = policies.map((policy, i) => {
			const p = row.best.get(policy);
			return (p !== undefined ? pct(pointShares(p).saved) : '–').padStart(widths[i] ?? 8);
		});
		const top = row.winners[0] !== undefined ? row.best.get(row.winners[0]) : undefined;
		const winner =
			top === undefined
				? '–'
				: row.winners.length > 1
					? `tie: ${row.winners.map(policyTitle).join(', ')}`
					: `${top.variant.label} (${top.flips} ${top.flips === 1 ? 'flip' : 'flips'})`;
		lines.push(`  ${String(row.flips).padStart(5)}  ${cells.join('  ')}  ${winner}`);
	}
	return lines;
}
