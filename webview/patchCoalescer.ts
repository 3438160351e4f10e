import type { ChainView } from '../src/shared/protocol';
import type { PatchSummary } from './store';

/** Schedules a callback before the next frame: `requestAnimationFrame` in the page, a fake in tests. */
export type RequestFrame = (callback: () => void) => void;

/** One summary for two patches applied one after the other: what either changed must be redrawn. */
export function mergeSummaries(first: PatchSummary, second: PatchSummary): PatchSummary {
	const updated = new Set(first.updated);
	for (const id of second.updated) {
		updated.add(id);
	}
	return {
		added: [...first.added, ...second.added],
		updated,
		structural: first.structural || second.structural,
		verdicts: first.verdicts || second.verdicts,
		marks: first.marks || second.marks,
		header: first.header || second.header,
	};
}

/**
 * Draws the chain at most once per animation frame. The store applies every patch as it arrives (so
 * sequence numbers and resyncs stay exact); the view only redraws what the patches of one frame changed,
 * merged. While a fast stream sends several patches between two frames (or the page is busy), the tree,
 * timeline and header are laid out once, not once per patch, and the workbench sharing the renderer
 * stays responsive.
 */
export class FrameCoalescer {
	private pending: { chain: ChainView; summary: PatchSummary } | undefined;
	private scheduled = false;
	/** Bumped by `drop`: a frame scheduled before it draws nothing. */
	private generation = 0;

	constructor(
		private readonly draw: (chain: ChainView, summary: PatchSummary) => void,
		private readonly requestFrame: RequestFrame,
	) {}

	/** A patch was applied to `chain`: draw it (with any others of this frame) before the next frame. */
	push(chain: ChainView, summary: PatchSummary): void {
		this.pending =
			this.pending === undefined || this.pending.chain !== chain
				? { chain, summary }
				: { chain, summary: mergeSummaries(this.pending.summary, summary) };
		if (!this.scheduled) {
			this.scheduled = true;
			const generation = this.generation;
			this.requestFrame(() => {
				if (generation === this.generation) {
					this.scheduled = false;
					this.flush();
				}
			});
		}
	}

	/** Draws what is pending now (before something reads the drawing, e.g. an SVG export). */
	flush(): void {
		const pending = this.pending;
		this.pending = undefined;
		if (pending !== undefined) {
			this.draw(pending.chain, pending.summary);
		}
	}

	/** Forgets what is pending (a snapshot replaces the whole drawing). */
	drop(): void {
		this.pending = undefined;
		if (this.scheduled) {
			this.scheduled = false;
			this.generation++;
		}
	}

	/** True while a drawing waits for the next frame. */
	get hasPending(): boolean {
		return this.pending !== undefined;
	}
}
