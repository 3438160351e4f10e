/**
 * "Verifier down → pass through untrimmed": a stop policy wrapper that stops cutting a chain as soon as
 * one of its verdicts had to fall back to the heuristic because the LLM verifier failed. The verifier
 * itself already degrades per call; for production traffic the gateway prefers an untrimmed answer to a
 * cut resting on a guess. Cuts the inner policy decides asynchronously go through the same check.
 */
import type { StopCut, StopPolicy, TextProgress } from '../policies/stopPolicy';
import type { VerifiedThought } from '../verifier/verifiedThought';

export class VerifierGuard implements StopPolicy {
	private failed = false;

	constructor(
		private readonly inner: StopPolicy,
		/** Called once, when the first fallback verdict arrives. */
		private readonly onVerifierFailure: () => void,
	) {}

	get name(): StopPolicy['name'] {
		return this.inner.name;
	}

	get description(): string {
		return this.inner.description;
	}

	get cut(): StopCut | undefined {
		return this.failed ? undefined : this.inner.cut;
	}

	/** True once a verdict of this chain fell back: no cut will be made. */
	get verifierFailed(): boolean {
		return this.failed;
	}

	onText(progress: TextProgress): StopCut | undefined {
		const cut = this.inner.onText(progress);
		return this.failed ? undefined : cut;
	}

	onThought(step: VerifiedThought): StopCut | undefined {
		if (
			!this.failed &&
			(step.presence.source === 'heuristic-after-llm-failure' ||
				step.equivalence?.source === 'heuristic-after-llm-failure')
		) {
			this.failed = true;
			this.onVerifierFailure();
		}
		const cut = this.inner.onThought(step);
		return this.failed ? undefined : cut;
	}

	stateAt(thoughtIndex: number): string | undefined {
		const state = this.inner.stateAt(thoughtIndex);
		return this.failed && state !== undefined ? `${state} (verifier down: not cutting)` : state;
	}

	setCutListener(listener: (cut: StopCut) => void): void {
		this.inner.setCutListener?.((cut) => {
			if (!this.failed) {
				listener(cut);
			}
		});
	}
}
