// Answer extraction against the hand-labelled passages (test/data/answer-labels.jsonl): precision and
// recall per split (train/dev, by a hash of the problem, src/core/evaluation/traceSplit.ts) and per
// chain length, then the train disagreements (label note, expected answer, what was extracted). Only
// train failures are listed: the extractor is tuned on train and reported on dev.
// `npm run labels` (or `npm run bench -- labels`); ../shared/data/traces is needed (THINKTRIM_TRACES_DIR).
import {
	labelSplit,
	loadLabels,
	scoreLabels,
	tracesFor,
	type AnswerLabel,
} from '../test/unit/answers/answerLabels';

const labels = loadLabels();
const traces = tracesFor(labels);
if (traces === undefined) {
	console.log('no ../shared/data/traces: nothing to score');
	process.exit(0);
}
const f3 = (x: number): string => x.toFixed(3);
console.log('| split | length | passages | states | TP | FP | FN | precision | recall |');
console.log('|---|---|---|---|---|---|---|---|---|');
const groups: Array<[string, string, AnswerLabel[]]> = [];
for (const split of ['train', 'dev', 'all'] as const) {
	for (const length of ['short', 'long', 'all'] as const) {
		groups.push([
			split,
			length,
			labels.filter(
				(l) =>
					(split === 'all' || labelSplit(l, traces) === split) &&
					(length === 'all' || l.length === length),
			),
		]);
	}
}
for (const [split, length, group] of groups) {
	const s = scoreLabels(group, traces);
	const states = group.filter((l) => l.states).length;
	console.log(
		`| ${split} | ${length} | ${group.length} | ${states} | ${s.truePositives} | ${s.falsePositives} | ${s.falseNegatives} | ${f3(s.precision)} | ${f3(s.recall)} |`,
	);
}
const train = scoreLabels(
	labels.filter((l) => labelSplit(l, traces) === 'train'),
	traces,
);
console.log(`\ntrain disagreements (${train.misses.length}):`);
for (const { label, found } of train.misses) {
	console.log(
		`- ${label.id} [${label.charStart}, ${label.charEnd}) ${label.length}, "${label.note}": expected ${label.states ? JSON.stringify(label.answer) : 'none'}, got ${found === undefined ? 'none' : JSON.stringify(found)}`,
	);
}
