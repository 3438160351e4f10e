// Helpers for the legibility tests: the chains they draw (the longest shared real traces, a synthetic
// 2,000-thought chain) and the measurement of the drawn labels in the page.
import type { Page } from 'playwright-core';
import { analyzeTrace } from '../../src/core/engine/analyzeTrace';
import { modelFromAnalysis } from '../../src/core/tree/fromAnalysis';
import { TreeModel } from '../../src/core/tree/treeModel';
import type { ChainView } from '../../src/shared/protocol';
import { sharedTraceFiles } from '../unit/answers/traceFiles';

/** The `count` longest shared real traces (by thinking length) as the view gets them, or none when ../shared is absent. */
export async function longestSharedChains(count: number): Promise<ChainView[]> {
	const files = sharedTraceFiles();
	if (files === undefined) {
		return [];
	}
	const records = files
		.flatMap((f) => f.records)
		.sort((a, b) => b.thinking.length - a.thinking.length);
	const chains: ChainView[] = [];
	for (const record of records.slice(0, count)) {
		chains.push(modelFromAnalysis(await analyzeTrace(record), { runId: record.id }).snapshot());
	}
	return chains;
}

/** A synthetic chain of `n` thoughts with every role and verdict, long texts and a cut, so the tree is both deep and wide. */
export function syntheticChain(n: number): ChainView {
	const model = new TreeModel(
		{
			runId: `synthetic-${n}`,
			title: `${n} thoughts`,
			problem: 'Find the number of ordered pairs (x, y) with x + y = 42.',
			figures: { policy: 'trimr', mode: 'watch', verifier: { kind: 'heuristic' } },
		},
		'complete',
	);
	const roles = [
		'progress',
		'progress',
		'conclusion',
		'verification',
		'verification',
		'verification',
		'alternative',
		'progress',
		'backtrack',
		'conclusion',
	] as const;
	const verdicts = ['useful', 'useful', 'useful', 'redundant', 'redundant', 'undecided'] as const;
	for (let i = 0; i < n; i++) {
		const role = roles[i % roles.length] ?? 'progress';
		const usefulness = verdicts[(i * 7) % verdicts.length] ?? 'useful';
		const text = `Wait, let me check step ${i} again: substituting x = ${i} gives y = ${42 - i}, so the count is still the same as before.`;
		model.upsertThought({
			index: i,
			text,
			tokenStart: i * 40,
			tokenEnd: i * 40 + 10 + ((i * 13) % 90),
			label: { role, usefulness },
		});
	}
	model.setCut({
		policy: 'trimr',
		thought: Math.floor(n / 3),
		tokenOffset: Math.floor(n / 3) * 40,
		trigger: 'overthinking',
		explanation: 'synthetic',
	});
	return model.snapshot();
}

/** What the page shows of its labels: every drawn label's box, and the tree's box. */
export interface LabelReport {
	readonly labels: number;
	/** Labels showing text beyond the node's number. */
	readonly withText: number;
	readonly nodes: number;
	readonly minHeight: number;
	/** Pairs of labels whose boxes intersect (by more than half a pixel), as "a | b". */
	readonly overlaps: readonly string[];
	/** Labels reaching outside the tree's box. */
	readonly outside: readonly string[];
}

/** Measures the drawn labels (`text.label`, `text.run-toggle`) against each other and the tree's svg. */
export async function measureLabels(page: Page): Promise<LabelReport> {
	// Two frames: the zoom's requestAnimationFrame re-places the labels.
	await page.evaluate(
		() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
	);
	// A string: it runs in the page (DOM types), and the test runner's transpiler must not touch it.
	return page.evaluate<LabelReport>(`(() => {
		const svg = document.querySelector('svg.tree');
		if (svg === null) {
			throw new Error('no tree');
		}
		const view = svg.getBoundingClientRect();
		const texts = [...document.querySelectorAll('svg.tree g.node text.label, svg.tree g.node text.run-toggle')];
		const boxes = texts.map((t) => ({ text: t.textContent || '', r: t.getBoundingClientRect() })).filter((b) => b.r.width > 0);
		const overlaps = [];
		const outside = [];
		const tol = 0.5;
		for (let i = 0; i < boxes.length; i++) {
			const a = boxes[i];
			if (a === undefined) {
				continue;
			}
			if (a.r.left < view.left - tol || a.r.right > view.right + tol || a.r.top < view.top - tol || a.r.bottom > view.bottom + tol) {
				outside.push(a.text);
			}
			for (let j = i + 1; j < boxes.length; j++) {
				const b = boxes[j];
				if (b !== undefined && a.r.left < b.r.right - tol && b.r.left < a.r.right - tol && a.r.top < b.r.bottom - tol && b.r.top < a.r.bottom - tol) {
					overlaps.push(\`\${a.text} | \${b.text}\`);
				}
			}
		}
		const labels = boxes.filter((b) => !b.text.startsWith('▾') && !b.text.startsWith('▸'));
		return {
			labels: labels.length,
			withText: labels.filter((b) => !/^(#[0-9]+|Problem)$/.test(b.text)).length,
			nodes: document.querySelectorAll('svg.tree g.node').length,
			minHeight: Math.min(...labels.map((b) => b.r.height)),
			overlaps,
			outside,
		};
	})()`);
}
