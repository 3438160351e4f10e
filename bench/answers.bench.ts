// Answer extraction on real traces: (1) the final answer of each trace vs its recorded
// `predicted_answer`; (2) per thought (TrimR's segmentation), what each `trailingEquals` mode does:
// how many thoughts get an answer, how often that answer is the chain's final answer, how many
// answer switches it creates; (3) speed of extraction + comparison over a long chain.
// Traces: ../shared/data/traces (override with THINKTRIM_TRACES_DIR); skipped when absent.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compareAnswers } from '../src/core/answers/equivalence';
import { extractAnswer, extractThoughtAnswer } from '../src/core/answers/extract';
import type { AnswerKind, ExtractOptions } from '../src/core/answers/extractedAnswer';
import { traceFinalAnswer } from '../src/core/answers/traceAnswer';
import { ThoughtSegmenter } from '../src/core/thoughts/segmenter';
import { parseTraceJsonl, type TraceRecord } from '../src/core/traces/traceRecord';

const root = resolve(__dirname, '..');
const dir = process.env.THINKTRIM_TRACES_DIR ?? join(root, '..', 'shared', 'data', 'traces');

function loadTraces(): TraceRecord[] {
	const files = existsSync(dir)
		? readdirSync(dir)
				.filter((f) => f.endsWith('.jsonl'))
				.map((f) => join(dir, f))
		: [];
	if (files.length === 0) {
		console.log(`(no traces in ${dir}: using the bundled samples only)`);
		files.push(join(root, 'media', 'traces', 'samples.jsonl'));
	}
	return files.flatMap((file) => parseTraceJsonl(readFileSync(file, 'utf8'), file).records);
}

const pct = (n: number, d: number): string => (d === 0 ? '–' : `${((100 * n) / d).toFixed(1)} %`);

function finalAgreement(traces: readonly TraceRecord[]): void {
	let graded = 0;
	let agree = 0;
	const byKind = new Map<string, number>();
	for (const t of traces) {
		if (t.predictedAnswer === undefined || t.predictedAnswer.trim() === '') {
			continue;
		}
		graded++;
		const a = traceFinalAnswer(t);
		if (a !== undefined && compareAnswers(a.value, t.predictedAnswer).equivalent) {
			agree++;
			byKind.set(a.kind, (byKind.get(a.kind) ?? 0) + 1);
		}
	}
	console.log(`final answer vs predicted_answer: ${agree}/${graded} (${pct(agree, graded)})`);
	console.log(`  agreeing by kind: ${[...byKind].map(([k, n]) => `${k} ${n}`).join(', ')}`);
}

interface ModeFigures {
	thoughts: number;
	withAnswer: number;
	equalFinal: number;
	switches: number;
	chains: number;
	lastEqualsFinal: number;
	byKind: Map<AnswerKind, { n: number; equalFinal: number }>;
}

function perThought(traces: readonly TraceRecord[], options: ExtractOptions): ModeFigures {
	const f: ModeFigures = {
		thoughts: 0,
		withAnswer: 0,
		equalFinal: 0,
		switches: 0,
		chains: 0,
		lastEqualsFinal: 0,
		byKind: new Map(),
	};
	for (const t of traces) {
		const final = traceFinalAnswer(t)?.value ?? t.predictedAnswer;
		if (final === undefined) {
			continue;
		}
		const seg = new ThoughtSegmenter();
		const thoughts = [...seg.feed(t.thinking), ...seg.end()];
		f.chains++;
		let previous: string | undefined;
		for (const thought of thoughts) {
			f.thoughts++;
			const a = extractAnswer(thought.text, options);
			if (a === undefined) {
				continue;
			}
			f.withAnswer++;
			const same = compareAnswers(a.value, final).equivalent;
			f.equalFinal += same ? 1 : 0;
			const k = f.byKind.get(a.kind) ?? { n: 0, equalFinal: 0 };
			k.n++;
			k.equalFinal += same ? 1 : 0;
			f.byKind.set(a.kind, k);
			if (previous !== undefined && !compareAnswers(previous, a.value).equivalent) {
				f.switches++;
			}
			previous = a.value;
		}
		if (previous !== undefined && compareAnswers(previous, final).equivalent) {
			f.lastEqualsFinal++;
		}
	}
	return f;
}

/** Median of five timed runs after a first (cold) one, in ms. */
function timed(run: () => number): { cold: number; median: number; result: number } {
	const t0 = performance.now();
	run();
	const cold = performance.now() - t0;
	const times: number[] = [];
	let result = 0;
	for (let i = 0; i < 5; i++) {
		const t1 = performance.now();
		result = run();
		times.push(performance.now() - t1);
	}
	times.sort((a, b) => a - b);
	return { cold, median: times[2] ?? 0, result };
}

/** The same kind of figure with the problem given (`extractThoughtAnswer`, as the verifier and the oracle call it). */
function speedWithProblem(traces: readonly TraceRecord[]): void {
	const chains: Array<{ problem: string | undefined; texts: string[] }> = [];
	let chars = 0;
	for (const t of traces) {
		if (chars > 130_000) {
			break;
		}
		chars += t.thinking.length;
		const seg = new ThoughtSegmenter();
		chains.push({
			problem: t.problem,
			texts: [...seg.feed(t.thinking), ...seg.end()].map((x) => x.text),
		});
	}
	const thoughts = chains.reduce((n, c) => n + c.texts.length, 0);
	const { cold, median } = timed(() => {
		let found = 0;
		for (const chain of chains) {
			for (const text of chain.texts) {
				found += extractThoughtAnswer(text, chain.problem) === undefined ? 0 : 1;
			}
		}
		return found;
	});
	console.log(
		`speed with the problem: ${chars} chars, ${chains.length} chains, ${thoughts} thoughts (extractThoughtAnswer on every thought): first pass ${cold.toFixed(1)} ms, then median ${median.toFixed(1)} ms`,
	);
}

function speed(traces: readonly TraceRecord[]): void {
	// About 32k tokens of real thinking (≈ 130k characters), split into thoughts once.
	let text = '';
	for (const t of traces) {
		if (text.length > 130_000) {
			break;
		}
		text += `${t.thinking}\n\n`;
	}
	const seg = new ThoughtSegmenter();
	const thoughts = [...seg.feed(text), ...seg.end()];
	const run = (): number => {
		let previous: string | undefined;
		let compared = 0;
		for (const thought of thoughts) {
			const a = extractAnswer(thought.text);
			if (a !== undefined && previous !== undefined) {
				compareAnswers(previous, a.value);
				compared++;
			}
			previous = a?.value ?? previous;
		}
		return compared;
	};
	const t0 = performance.now();
	run();
	const cold = performance.now() - t0;
	const times: number[] = [];
	let compared = 0;
	for (let i = 0; i < 5; i++) {
		const t0 = performance.now();
		compared = run();
		times.push(performance.now() - t0);
	}
	times.sort((a, b) => a - b);
	console.log(
		`speed: ${text.length} chars, ${thoughts.length} thoughts, ${compared} comparisons (extract every thought + compare consecutive answers): first pass ${cold.toFixed(1)} ms, then median ${(times[2] ?? 0).toFixed(1)} ms (memoised normalisation and comparisons)`,
	);
}

const traces = loadTraces();
console.log(`${traces.length} traces`);
finalAgreement(traces);
console.log('\nper thought (ThoughtSegmenter), by extraction options:');
console.log(
	'| options | thoughts with an answer | answer = final answer | last stated = final | switches per chain |',
);
console.log('|---|---|---|---|---|');
const variants: [string, ExtractOptions][] = [
	['explicit only (trailingEquals: off)', { trailingEquals: 'off' }],
	['+ conclusions (equations: false)', { equations: false }],
	['+ trailing "= x" (conclusions: false)', { conclusions: false }],
	['+ both, as fallback (default)', {}],
	['+ both, always (trailingEquals: last)', { trailingEquals: 'last' }],
];
for (const [label, options] of variants) {
	const f = perThought(traces, options);
	console.log(
		`| ${label} | ${pct(f.withAnswer, f.thoughts)} (${f.withAnswer}/${f.thoughts}) | ${pct(f.equalFinal, f.withAnswer)} | ${pct(f.lastEqualsFinal, f.chains)} | ${(f.switches / Math.max(1, f.chains)).toFixed(2)} |`,
	);
	console.log(
		`|  | ${[...f.byKind].map(([k, v]) => `${k} ${v.n} (${pct(v.equalFinal, v.n)})`).join('; ')} | | | |`,
	);
}
speed(traces);
speedWithProblem(traces);
