/**
 * Writes each finished eval run as one JSON line as soon as it ends (`OUT.runs.jsonl` beside `--out-json`),
 * so a run that is interrupted (Ctrl-C, a kill, a dead machine) keeps everything that finished, and
 * `--resume` continues from it. The first line names what the ledger belongs to (dataset and policy
 * variants); each further line is one run (`id`, `problem` index, `phase`, `run`). Lines are appended in
 * order through one queue; the ledger is removed once a complete export is written.
 */
import { appendFile, readFile, rm, stat } from 'node:fs/promises';
import type { CliIo } from './cliCommand';
import { writeFileAtomic } from '../core/history/atomicWrite';
import type { DatasetProblem } from '../core/dataset/datasetProblem';
import {
	UNTRIMMED,
	type EvaluationProgress,
	type PriorRuns,
	type TrimmedRun,
	type UntrimmedRun,
} from '../core/dataset/evaluationTypes';
import { redactSecrets } from '../core/text/redact';
import { messageOf } from '../shared/userError';

const FORMAT = 'thinktrim-eval-runs';

/** The ledger's first line. */
export interface LedgerHeader {
	readonly format: typeof FORMAT;
	readonly version: 1;
	readonly dataset: string;
	/** Variant keys, in order. */
	readonly variants: readonly string[];
}

interface LedgerLine {
	readonly id: string;
	readonly problem: number;
	readonly phase: string;
	readonly run: { readonly status: string };
}

/** What a ledger holds that a resumed evaluation can reuse. */
export interface ResumeState {
	readonly prior: PriorRuns;
	/** Runs reused (cancelled runs and repeats are not counted: they run again). */
	readonly runs: number;
	/** Problems with every run finished. */
	readonly problemsDone: number;
	/** The ledger lines to keep, one per reused run (written back before the evaluation continues). */
	readonly lines: readonly string[];
	/** Lines that could not be read (a line cut short by a kill), skipped. */
	readonly unreadable: number;
}

function isLine(value: unknown): value is LedgerLine {
	if (typeof value !== 'object' || value === null) {
		return false;
	}
	const v = value as Record<string, unknown>;
	return (
		typeof v.id === 'string' &&
		typeof v.problem === 'number' &&
		typeof v.phase === 'string' &&
		typeof v.run === 'object' &&
		v.run !== null &&
		typeof (v.run as { status?: unknown }).status === 'string'
	);
}

/**
 * Reads a ledger for `--resume`: checks it belongs to this dataset and these variants (throws a message
 * saying what differs), and returns the finished runs by problem. A cancelled run is dropped (it runs
 * again); a run listed twice keeps its last line, so nothing is duplicated.
 */
export function readLedger(
	text: string,
	path: string,
	expected: Omit<LedgerHeader, 'format' | 'version'>,
	problems: readonly DatasetProblem[],
): ResumeState {
	const rows = text.split('\n');
	let header: LedgerHeader | undefined;
	const kept = new Map<string, { line: LedgerLine; text: string }>();
	let unreadable = 0;
	for (const row of rows) {
		if (row.trim() === '') {
			continue;
		}
		let value: unknown;
		try {
			value = JSON.parse(row);
		} catch {
			unreadable++;
			continue;
		}
		if (
			header === undefined &&
			typeof value === 'object' &&
			value !== null &&
			(value as { format?: unknown }).format === FORMAT
		) {
			header = value as LedgerHeader;
			continue;
		}
		if (!isLine(value)) {
			unreadable++;
			continue;
		}
		const problem = problems[value.problem];
		if (problem === undefined || problem.id !== value.id) {
			throw new Error(
				`${path} does not match ${expected.dataset}: its problem ${value.problem + 1} is "${value.id}", ` +
					`the dataset's is ${problem === undefined ? 'missing' : `"${problem.id}"`}; ` +
					`resume with the same dataset (and --limit), or delete ${path} to start over`,
			);
		}
		const key = `${value.problem}\u0000${value.phase}`;
		if (value.run.status === 'cancelled') {
			kept.delete(key);
		} else {
			kept.set(key, { line: value, text: row });
		}
	}
	if (header !== undefined) {
		const same =
			header.variants.length === expected.variants.length &&
			header.variants.every((v, i) => v === expected.variants[i]);
		if (!same) {
			throw new Error(
				`${path} was written for the policies ${header.variants.join(', ')}; ` +
					`this run asks for ${expected.variants.join(', ')}. ` +
					`Resume with the same --policy and --sweep, or delete ${path} to start over`,
			);
		}
	}
	const prior = new Map<number, { untrimmed?: UntrimmedRun; trimmed: Map<string, TrimmedRun> }>();
	for (const { line } of kept.values()) {
		const entry = prior.get(line.problem) ?? { trimmed: new Map<string, TrimmedRun>() };
		if (line.phase === UNTRIMMED) {
			entry.untrimmed = line.run as unknown as UntrimmedRun;
		} else if (expected.variants.includes(line.phase)) {
			entry.trimmed.set(line.phase, line.run as unknown as TrimmedRun);
		}
		prior.set(line.problem, entry);
	}
	// Trimmed runs without their untrimmed run cannot be compared: they run again with it.
	const lines: string[] = [];
	let runs = 0;
	let problemsDone = 0;
	for (const [index, entry] of prior) {
		if (entry.untrimmed === undefined) {
			prior.delete(index);
			continue;
		}
		const done =
			entry.untrimmed.status !== 'complete' || expected.variants.every((v) => entry.trimmed.has(v));
		if (done) {
			problemsDone++;
		}
	}
	for (const { line, text: row } of kept.values()) {
		const entry = prior.get(line.problem);
		if (entry !== undefined && (line.phase === UNTRIMMED || entry.trimmed.has(line.phase))) {
			lines.push(row);
			runs++;
		}
	}
	return { prior, runs, problemsDone, lines, unreadable };
}

export class RunLedger {
	private writes: Promise<void> = Promise.resolve();
	private failure: string | undefined;

	constructor(
		readonly path: string,
		private readonly secrets: readonly (string | undefined)[],
	) {}

	/** Starts the ledger afresh: the header, then the lines of the runs a resumed evaluation reuses. */
	begin(
		header: Omit<LedgerHeader, 'format' | 'version'>,
		reused: readonly string[] = [],
	): Promise<void> {
		const first = JSON.stringify({ format: FORMAT, version: 1, ...header } satisfies LedgerHeader);
		this.writes = this.writes.then(() =>
			writeFileAtomic(this.path, redactSecrets(`${[first, ...reused].join('\n')}\n`, this.secrets)),
		);
		return this.writes;
	}

	/** Appends the run of a `run-end` event; other events are ignored. */
	record(event: EvaluationProgress): void {
		if (event.type !== 'run-end') {
			return;
		}
		const line = redactSecrets(
			`${JSON.stringify({ id: event.id, problem: event.problem, phase: event.phase, run: event.run })}\n`,
			this.secrets,
		);
		this.writes = this.writes.then(() =>
			appendFile(this.path, line).catch((err: unknown) => {
				this.failure ??= messageOf(err);
			}),
		);
	}

	/** Waits for pending lines; returns the first write failure, if any. */
	async flush(): Promise<string | undefined> {
		await this.writes;
		return this.failure;
	}

	/** Removes the ledger (the full export now holds every run). */
	async remove(): Promise<void> {
		await this.writes;
		await rm(this.path, { force: true });
	}
}

/** The ledger's text, or undefined when there is none. */
export async function ledgerText(path: string): Promise<string | undefined> {
	try {
		return await readFile(path, 'utf8');
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
			return undefined;
		}
		throw new Error(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
	}
}

/**
 * `--resume`: the runs an interrupted evaluation wrote to `OUT.runs.jsonl`, checked against this dataset
 * and these variants. Without `--resume`, an existing ledger stops the command rather than being mixed
 * with a new run or overwritten.
 */
export async function resumeState(
	resume: boolean,
	outJson: string | undefined,
	file: string,
	problems: readonly DatasetProblem[],
	variants: readonly string[],
	io: CliIo,
): Promise<ResumeState | undefined> {
	if (outJson === undefined) {
		if (resume) {
			throw new Error(
				'--resume needs --out-json OUT: the finished runs are read from OUT.runs.jsonl',
			);
		}
		return undefined;
	}
	const path = `${outJson}.runs.jsonl`;
	const text = await ledgerText(path);
	if (text === undefined) {
		if (resume) {
			if (
				await stat(outJson).then(
					() => true,
					() => false,
				)
			) {
				throw new Error(
					`--resume: there is no ${path}, so the evaluation in ${outJson} finished; nothing to resume (run without --resume to start a new one)`,
				);
			}
			io.stderr(`Nothing to resume (no ${path}): starting from the first problem.\n`);
		}
		return undefined;
	}
	if (!resume) {
		const runs = text
			.split('\n')
			.filter((l) => l.includes('"phase"') && !l.includes('"status":"cancelled"')).length;
		throw new Error(
			`${path} holds ${runs} finished run(s) of an interrupted evaluation: add --resume to continue it, or delete that file to start over`,
		);
	}
	const state = readLedger(text, path, { dataset: file, variants }, problems);
	const total = problems.length * (1 + variants.length);
	io.stderr(
		`Resuming from ${path}: ${state.runs} of ${total} runs already finished ` +
			`(${state.problemsDone} of ${problems.length} problems complete)` +
			(state.unreadable > 0
				? `; ${state.unreadable} unreadable line(s) skipped (a run cut off while being written runs again)`
				: '') +
			'.\n',
	);
	return state;
}
