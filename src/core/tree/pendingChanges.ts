import type { ChangeKey } from './treePatch';

/**
 * What changed in a tree model since its last drained patch, and who is told when changes become pending:
 * each listener once per drain, however many changes follow.
 */
export class PendingChanges {
	private readonly changed = new Map<number, Set<ChangeKey>>();
	private pending = false;
	private readonly listeners = new Set<() => void>();

	/** Calls `listener` whenever changes become pending after a drain (at most once per drain). */
	onDidChange(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Marks field `key` of thought `index` as changed. */
	mark(index: number, key: ChangeKey): void {
		let keys = this.changed.get(index);
		if (keys === undefined) {
			keys = new Set();
			this.changed.set(index, keys);
		}
		keys.add(key);
		this.touch();
	}

	/** Something changed: the listeners hear of it, once until the next drain. */
	touch(): void {
		if (!this.pending) {
			this.pending = true;
			for (const listener of this.listeners) {
				listener();
			}
		}
	}

	/** The changed fields by thought, in thought order; forgotten once taken. */
	takeChanged(): [number, Set<ChangeKey>][] {
		const changed = [...this.changed.entries()].sort((a, b) => a[0] - b[0]);
		this.changed.clear();
		return changed;
	}

	/** The patch was drained: the next change is news again. */
	drained(): void {
		this.pending = false;
	}
}
