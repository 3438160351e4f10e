import type { RunRecord } from './runRecord';
import type { RunStore } from './runStore';

/** Where a journal writes: the run store, or anything else that saves a record (a test's list). */
export type RunSaver = Pick<RunStore, 'save'>;

/**
 * Saves a run while it streams, so a failed stream or a window reload keeps what arrived: `update` merges
 * changes and schedules a save at most once per `intervalMs`; `finish` saves the final state at once.
 * Save failures are reported through `onError` and retried on the next update, never thrown at the stream.
 */
export class RunJournal {
	private run: RunRecord;
	private timer: ReturnType<typeof setTimeout> | undefined;
	private saving: Promise<void> = Promise.resolve();
	private dirty = false;

	constructor(
		private readonly store: RunSaver,
		initial: RunRecord,
		private readonly intervalMs = 1000,
		private readonly onError: (err: unknown) => void = () => undefined,
	) {
		this.run = initial;
		this.dirty = true;
		this.flushSoon(0);
	}

	get current(): RunRecord {
		return this.run;
	}

	update(changes: Partial<Omit<RunRecord, 'id'>>): void {
		this.run = { ...this.run, ...changes };
		this.dirty = true;
		this.flushSoon(this.intervalMs);
	}

	/** Applies the last changes and waits until everything is on disk. */
	async finish(changes: Partial<Omit<RunRecord, 'id'>> = {}): Promise<RunRecord> {
		this.run = { ...this.run, ...changes };
		this.dirty = true;
		if (this.timer !== undefined) {
			clearTimeout(this.timer);
			this.timer = undefined;
		}
		await this.flush();
		return this.run;
	}

	private flushSoon(delay: number): void {
		if (this.timer === undefined) {
			this.timer = setTimeout(() => {
				this.timer = undefined;
				void this.flush();
			}, delay);
		}
	}

	private flush(): Promise<void> {
		if (!this.dirty) {
			return this.saving;
		}
		this.dirty = false;
		const snapshot = this.run;
		this.saving = this.saving.then(() =>
			this.store.save(snapshot).catch((err: unknown) => {
				this.dirty = true;
				this.onError(err);
			}),
		);
		return this.saving;
	}
}
