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
	if (typeof delta !== 'object' || delta === null) {
		return { reasoning: undefined, content: undefined, fieldSeen: 'none' };
	}
	const d = delta as Record<string, unknown>;
	const hasNew = 'reasoning' in d;
	const hasOld = 'reasoning_content' in d;
	return {
		reasoning: text(d.reasoning) ?? text(d.reasoning_content),
		content: text(d.content),
		fieldSeen:
			hasNew && hasOld ? 'both' : hasNew ? 'reasoning' : hasOld ? 'reasoning_content' : 'none',
	};
}
