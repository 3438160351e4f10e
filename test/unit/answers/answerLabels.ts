import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { answersEquivalentWith } from '../../../src/core/answers/equivalence';
import { problemOptions } from '../../../src/core/answers/options';
import { extractThoughtAnswer } from '../../../src/core/answers/extract';
import { splitOfProblem, type TraceSplit } from '../../../src/core/evaluation/traceSplit';
import { parseTraceJsonl, type TraceRecord } from '../../../src/core/traces/traceRecord';

/** One hand-labelled passage of a trace's thinking (test/data/answer-labels.jsonl; see test/data/README.md). */
export interface AnswerLabel {
	readonly file: string;
	readonly id: string;
	readonly charStart: number;
	readonly charEnd: number;
	/** Does the passage state a candidate final answer to the problem? */
	readonly states: boolean;
	/** That answer as written (the last one stated), or null. */
	readonly answer: string | null;
	readonly note: string;
	readonly length: 'short' | 'long';
}

const root = resolve(__dirname, '..', '..', '..');
export const LABELS_FILE = join(root, 'test', 'data', 'answer-labels.jsonl');
/** The long traces committed with the repository (permissive licences only). */
export const LONG_TRACES_FILE = join(root, 'test', 'data', 'long-traces.jsonl');
const sharedDir = process.env.THINKTRIM_TRACES_DIR ?? join(root, '..', 'shared', 'data', 'traces');

export function loadLabels(): AnswerLabel[] {
	return readFileSync(LABELS_FILE, 'utf8')
		.split('\n')
		.filter((line) => line.trim() !== '')
		.map((line) => JSON.parse(line) as AnswerLabel);
}

/** The traces a label file names, by id: from `../shared/data/traces/FILE`, or the committed long traces. */
export function tracesFor(labels: readonly AnswerLabel[]): Map<string, TraceRecord> | undefined {
	const byId = new Map<string, TraceRecord>();
	for (const file of new Set(labels.map((l) => l.file))) {
		const path = file === 'long-traces.jsonl' ? LONG_TRACES_FILE : join(sharedDir, file);
		if (!existsSync(path)) {
			return undefined;
		}
		for (const trace of parseTraceJsonl(readFileSync(path, 'utf8'), path).records) {
			byId.set(trace.id, trace);
		}
	}
	return byId;
}

/** The split of a label: its trace's problem's (train or dev, by a hash of the problem text). */
export function labelSplit(
	label: AnswerLabel,
	traces: ReadonlyMap<string, TraceRecord>,
): TraceSplit {
	return splitOfProblem(traces.get(label.id)?.problem);
}

/** Precision and recall of the extractor against the labels, with the disagreements. */
export interface LabelScore {
	readonly labels: number;
	readonly truePositives: number;
	readonly falsePositives: number;
	readonly falseNegatives: number;
	readonly precision: number;
	readonly recall: number;
	readonly misses: ReadonlyArray<{ label: AnswerLabel; found: string | undefined }>;
}

/**
 * Scores `extractThoughtAnswer` on labelled passages. A true positive finds an answer where the label
 * states one, equivalent to it; an answer found where none is stated, or a different answer, is a false
 * positive (the wrong answer also counts as a miss of the right one).
 */
export function scoreLabels(
	labels: readonly AnswerLabel[],
	traces: ReadonlyMap<string, TraceRecord>,
): LabelScore {
	let tp = 0;
	let fp = 0;
	let fn = 0;
	const misses: Array<{ label: AnswerLabel; found: string | undefined }> = [];
	for (const label of labels) {
		const trace = traces.get(label.id);
		if (trace === undefined) {
			throw new Error(`${label.file}: no trace ${label.id}`);
		}
		const passage = trace.thinking.slice(label.charStart, label.charEnd);
		const found = extractThoughtAnswer(passage, trace.problem)?.value;
		const right =
			found !== undefined &&
			label.states &&
			label.answer !== null &&
			answersEquivalentWith(found, label.answer, problemOptions(trace.problem ?? ''));
		if (right) {
			tp++;
			continue;
		}
		if (found !== undefined) {
			fp++;
		}
		if (label.states) {
			fn++;
		}
		if (found !== undefined || label.states) {
			misses.push({ label, found });
		}
	}
	return {
		labels: labels.length,
		truePositives: tp,
		falsePositives: fp,
		falseNegatives: fn,
		precision: tp + fp > 0 ? tp / (tp + fp) : 1,
		recall: tp + fn > 0 ? tp / (tp + fn) : 1,
		misses,
	};
}
