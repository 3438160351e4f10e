// Cross-validation inside the train half, for choosing a stop rule's setting without touching dev:
//
//   node scripts/cross-validate.mjs --sweep "trimr:M=1:G=0,1" [--folds 5] [--max-flips 0.005] [--bucket B] FILE.jsonl...
//
// For each fold K of N, `thinktrim analyze --split train-rest-K-of-N --sweep SPEC --json` picks the
// setting that saves the most with a flip rate ≤ --max-flips (ties: the first in SPEC order, so list the
// conservative settings first), and `--split train-fold-K-of-N` measures that choice on fold K, which
// took no part in it. Prints one line per fold and the held-out totals. Needs `npm run build` first.
import { spawnSync } from 'node:child_process';

function option(args, name, fallback) {
	const i = args.indexOf(`--${name}`);
	if (i === -1) {
		return fallback;
	}
	const value = args[i + 1];
	args.splice(i, 2);
	return value;
}

const args = process.argv.slice(2);
const spec = option(args, 'sweep', undefined);
const folds = Number(option(args, 'folds', '5'));
const maxFlips = Number(option(args, 'max-flips', '0.005'));
const bucket = option(args, 'bucket', undefined);
if (spec === undefined || args.length === 0 || !(folds >= 2) || !(maxFlips >= 0)) {
	console.error(
		'usage: node scripts/cross-validate.mjs --sweep SPEC [--folds N] [--max-flips RATE] [--bucket B] FILE.jsonl...',
	);
	process.exit(2);
}

/** The sweep points of one split, keyed by setting, in SPEC order. */
function sweep(split) {
	const extra = bucket !== undefined ? ['--bucket', bucket] : [];
	const run = spawnSync(
		process.execPath,
		['dist/cli.js', 'analyze', ...args, '--split', split, '--sweep', spec, '--json', ...extra],
		{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
	);
	if (run.status !== 0) {
		process.stderr.write(run.stderr);
		process.exit(run.status ?? 1);
	}
	return run.stdout
		.split('\n')
		.filter((line) => line.startsWith('{"sweep"'))
		.map((line) => JSON.parse(line).sweep)
		.map((p) => ({ ...p, key: `${p.policy}${JSON.stringify(p.params)}` }));
}

const pct = (part, whole) => (whole > 0 ? `${((part / whole) * 100).toFixed(1)} %` : '–');
const figures = (p) =>
	`saved ${pct(p.savedTokens, p.thinkingTokens)}, ${pct(p.savedTokens, p.oracleSavedTokens)} of the oracle, ${p.flips} flips of ${p.traces} (${pct(p.flips, p.traces)})`;

const total = { traces: 0, thinkingTokens: 0, savedTokens: 0, oracleSavedTokens: 0, flips: 0 };
for (let k = 1; k <= folds; k++) {
	const rest = sweep(`train-rest-${k}-of-${folds}`);
	let chosen;
	for (const p of rest) {
		if (
			p.flips <= maxFlips * p.traces &&
			(chosen === undefined || p.savedTokens > chosen.savedTokens)
		) {
			chosen = p;
		}
	}
	if (chosen === undefined) {
		console.log(`fold ${k}: no setting keeps flips ≤ ${maxFlips * 100} % on the other folds`);
		continue;
	}
	const held = sweep(`train-fold-${k}-of-${folds}`).find((p) => p.key === chosen.key);
	for (const field of Object.keys(total)) {
		total[field] += held[field];
	}
	console.log(
		`fold ${k}: chose ${chosen.key} (other folds: ${figures(chosen)}); held out: ${figures(held)}`,
	);
}
console.log(`held-out folds together: ${figures(total)}`);
