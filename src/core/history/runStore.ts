import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomicWrite';
import { runFromJson, runToJson, summarize, type RunRecord, type RunSummary } from './runRecord';
import { messageOf } from '../../shared/userError';

/** A history entry that could not be read; the rest of the list is unaffected. */
export interface RunStoreProblem {
	readonly path: string;
	readonly message: string;
}

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** A new run id: sortable by time, unique enough for one user's history. */
export function newRunId(now: Date = new Date()): string {
	const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
	return `run-${stamp}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * The chain history on disk: one folder per run holding `run.json` (the whole run) and
 * `summary.json` (what the list shows), both written atomically. Listing reads only the summaries;
 * a corrupt entry is reported and skipped, never blocking the list.
 */
export class RunStore {
	/** Per-run write queue, so two saves of the same run never interleave or land out of order. */
	private readonly queues = new Map<string, Promise<void>>();
	/** Runs whose last save failed (disk full…): still listed, marked unsaved, written again on the next save. */
	private readonly unsaved = new Map<string, RunSummary>();

	constructor(
		private readonly dir: string,
		private readonly write: (path: string, data: string) => Promise<void> = writeFileAtomic,
	) {}

	async list(): Promise<{ runs: RunSummary[]; problems: RunStoreProblem[] }> {
		let names: string[];
		try {
			names = await readdir(this.dir);
		} catch (err) {
			if (isNotFound(err)) {
				return { runs: [], problems: [] };
			}
			throw err;
		}
		const runs: RunSummary[] = [];
		const problems: RunStoreProblem[] = [];
		for (const name of names) {
			if (!SAFE_ID.test(name)) {
				continue;
			}
			const path = join(this.dir, name, 'summary.json');
			try {
				runs.push(parseSummary(await readFile(path, 'utf8'), name));
			} catch (err) {
				if (isNotFound(err)) {
					continue;
				}
				problems.push({ path, message: messageOf(err) });
			}
		}
		for (const [id, summary] of this.unsaved) {
			const onDisk = runs.findIndex((r) => r.id === id);
			if (onDisk === -1) {
				runs.push(summary);
			} else {
				runs[onDisk] = summary;
			}
		}
		runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
		return { runs, problems };
	}

	async load(id: string): Promise<RunRecord> {
		const path = this.runPath(id);
		const text = await readFile(path, 'utf8');
		let value: unknown;
		try {
			value = JSON.parse(text);
		} catch (err) {
			throw new Error(`${path}: not valid JSON (${messageOf(err)})`);
		}
		const run = runFromJson(value, new Date().toISOString());
		if (typeof run === 'string') {
			throw new Error(`${path}: ${run}`);
		}
		return run;
	}

	/** Saves the whole run (atomically); concurrent saves of one run are applied in call order. */
	save(run: RunRecord): Promise<void> {
		if (!SAFE_ID.test(run.id)) {
			return Promise.reject(new Error(`"${run.id}" is not a valid run id`));
		}
		const previous = this.queues.get(run.id) ?? Promise.resolve();
		const next = previous
			.catch(() => undefined)
			.then(async () => {
				try {
					await mkdir(join(this.dir, run.id), { recursive: true });
					await this.write(this.runPath(run.id), `${JSON.stringify(runToJson(run))}\n`);
					await this.write(
						join(this.dir, run.id, 'summary.json'),
						`${JSON.stringify(summarize(run))}\n`,
					);
					this.unsaved.delete(run.id);
				} catch (err) {
					this.unsaved.set(run.id, { ...summarize(run), unsaved: true });
					throw err;
				}
			});
		this.queues.set(run.id, next);
		// Both branches handled: a failed save is the caller's to report, never an unhandled rejection here.
		const forget = (): void => {
			if (this.queues.get(run.id) === next) {
				this.queues.delete(run.id);
			}
		};
		next.then(forget, forget);
		return next;
	}

	async rename(id: string, name: string): Promise<RunRecord> {
		const run = { ...(await this.load(id)), name };
		await this.save(run);
		return run;
	}

	async delete(id: string): Promise<void> {
		checkId(id);
		await (this.queues.get(id) ?? Promise.resolve()).catch(() => undefined);
		this.unsaved.delete(id);
		await rm(join(this.dir, id), { recursive: true, force: true });
	}

	/** Whether a run with this id exists. */
	async has(id: string): Promise<boolean> {
		try {
			await readFile(join(this.dir, id, 'summary.json'));
			return true;
		} catch {
			return false;
		}
	}

	private runPath(id: string): string {
		checkId(id);
		return join(this.dir, id, 'run.json');
	}
}

function checkId(id: string): void {
	if (!SAFE_ID.test(id)) {
		throw new Error(`"${id}" is not a valid run id`);
	}
}

function isNotFound(err: unknown): boolean {
	return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ENOENT';
}

function parseSummary(text: string, dirName: string): RunSummary {
	const value: unknown = JSON.parse(text);
	if (typeof value !== 'object' || value === null) {
		throw new Error('summary is not a JSON object');
	}
	const v = value as Record<string, unknown>;
	if (
		v.id !== dirName ||
		typeof v.name !== 'string' ||
		typeof v.createdAt !== 'string' ||
		typeof v.thinkingTokens !== 'number'
	) {
		throw new Error('summary is missing id, name, createdAt or thinkingTokens');
	}
	// A summary written by hand or by an older version may carry no or odd savings: drop them, keep the run.
	const s = v.savings;
	const valid =
		typeof s === 'object' &&
		s !== null &&
		['originalTokens', 'keptTokens', 'savedTokens', 'tokenShare'].every(
			(k) => typeof (s as Record<string, unknown>)[k] === 'number',
		);
	return (s === undefined || valid ? value : { ...v, savings: undefined }) as RunSummary;
}

/** A valid run id derived from any text (for imported traces whose ids hold other characters). */
export function runIdFrom(text: string): string {
	const cleaned = text
		.replace(/[^A-Za-z0-9._-]+/g, '-')
		.replace(/^[^A-Za-z0-9]+/, '')
		.slice(0, 100);
	return cleaned === '' ? newRunId() : cleaned;
}
