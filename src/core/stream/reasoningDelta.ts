/**
 * Reading one streamed delta (or a non-streamed message) of a chat completion, whatever the server's
 * reasoning field is called (docs/endpoints.md#dialects): vLLM ≤ 0.11.0, SGLang, llama.cpp and MindIE send
 * `reasoning_content`; vLLM 0.11.1–0.15 sends both `reasoning` and `reasoning_content` (with explicit
 * nulls); vLLM ≥ 0.16 and OpenRouter send `reasoning`.
 */

/** Which reasoning field(s) a chunk carried; `none` when it had neither key. */
export type ReasoningFieldSeen = 'reasoning' | 'reasoning_content' | 'both' | 'none';

/** The text parts of one delta. Empty strings and nulls are reported as `undefined`. */
export interface DeltaParts {
	readonly reasoning: string | undefined;
	readonly content: string | undefined;
	/** Which reasoning keys were present (even as null), for dialect detection. */
	readonly fieldSeen: ReasoningFieldSeen;
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The reasoning text of a delta is `delta.reasoning ?? delta.reasoning_content`, skipping null and "";
 * never both appended (during vLLM's deprecation period they carry the same text).
 */
export function readDelta(delta: unknown): DeltaParts {
	return {
		reasoning: reasoningOf(delta),
		content: contentOf(delta),
		fieldSeen: reasoningFieldSeen(delta),
	};
}

/** {@link readDelta}'s `reasoning`, read alone (the stream reads each part without an object per chunk). */
export function reasoningOf(delta: unknown): string | undefined {
	if (typeof delta !== 'object' || delta === null) {
		return undefined;
	}
	const d = delta as Record<string, unknown>;
	return text(d.reasoning) ?? text(d.reasoning_content);
}

/** {@link readDelta}'s `content`. */
export function contentOf(delta: unknown): string | undefined {
	return typeof delta === 'object' && delta !== null
		? text((delta as Record<string, unknown>).content)
		: undefined;
}

/** {@link readDelta}'s `fieldSeen`. */
export function reasoningFieldSeen(delta: unknown): ReasoningFieldSeen {
	if (typeof delta !== 'object' || delta === null) {
		return 'none';
	}
	const hasNew = 'reasoning' in delta;
	const hasOld = 'reasoning_content' in delta;
	return hasNew && hasOld ? 'both' : hasNew ? 'reasoning' : hasOld ? 'reasoning_content' : 'none';
}
