/**
 * Thinking markers: the tags that open and close a model's thinking when it arrives inline in the
 * text (no reasoning parser on the server, or a recorded trace that kept them). Presets cover the
 * families ThinkTrim targets; a custom pair is written `OPEN...CLOSE`.
 */

/** One pair of markers. */
export interface ThinkingMarkers {
	readonly open: string;
	readonly close: string;
}

/** The presets, by the name the `thinktrim.endpoint.thinkingMarkers` setting and `--think-markers` take. */
export const THINKING_MARKER_PRESETS = {
	/** R1 distills, QwQ, Qwen3, DeepSeek-R1. */
	think: { open: '<think>', close: '</think>' },
	/** Sky-T1, Bespoke-Stratos and other "begin_of_thought" fine-tunes. */
	'begin-of-thought': { open: '<|begin_of_thought|>', close: '<|end_of_thought|>' },
	/** Gemma-style channel markers. */
	'gemma-channel': { open: '<|channel>thought', close: '<channel|>' },
} as const satisfies Record<string, ThinkingMarkers>;

export type ThinkingMarkerPreset = keyof typeof THINKING_MARKER_PRESETS;

/** Every preset, in the order `auto` tries them. */
export const ALL_THINKING_MARKERS: readonly ThinkingMarkers[] =
	Object.values(THINKING_MARKER_PRESETS);

/** The default: the `<think>` pair only (what the inline splitter always handled). */
export const DEFAULT_THINKING_MARKERS: readonly ThinkingMarkers[] = [THINKING_MARKER_PRESETS.think];

/**
 * Reads a setting: `auto` (every preset), a preset name, a comma-separated list of them, or a custom
 * `OPEN...CLOSE` pair. Throws an error that says what is accepted.
 */
export function parseThinkingMarkers(spec: string): readonly ThinkingMarkers[] {
	const trimmed = spec.trim();
	if (trimmed === '' || trimmed === 'auto') {
		return ALL_THINKING_MARKERS;
	}
	const custom = trimmed.indexOf('...');
	if (custom !== -1) {
		const open = trimmed.slice(0, custom).trim();
		const close = trimmed.slice(custom + 3).trim();
		if (open === '' || close === '') {
			throw new Error(
				`thinking markers "${spec}": a custom pair needs both sides, as in "<reasoning>...</reasoning>"`,
			);
		}
		return [{ open, close }];
	}
	return trimmed.split(',').map((name) => {
		const preset = (THINKING_MARKER_PRESETS as Record<string, ThinkingMarkers | undefined>)[
			name.trim()
		];
		if (preset === undefined) {
			throw new Error(
				`thinking markers "${name.trim()}": use auto, ` +
					`${Object.keys(THINKING_MARKER_PRESETS).join(', ')}, or a custom pair OPEN...CLOSE`,
			);
		}
		return preset;
	});
}

/** A recorded text with its thinking markers taken out. */
export interface MarkedThinking {
	/** The text between the markers (leading whitespace after the opening marker dropped, as in a live stream). */
	readonly thinking: string;
	/** The text after the closing marker, trimmed (the answer), or undefined when there is none. */
	readonly after?: string;
	readonly markers: ThinkingMarkers;
}

/**
 * Finds thinking markers in a recorded text: an opening marker at the start (after whitespace) and/or a
 * closing marker (R1-style templates put the opening one in the prompt). Returns undefined when the text
 * carries none of `candidates`, so a plain thinking text is left exactly as it is.
 */
export function splitMarkedThinking(
	text: string,
	candidates: readonly ThinkingMarkers[] = ALL_THINKING_MARKERS,
): MarkedThinking | undefined {
	const lead = text.length - text.trimStart().length;
	for (const markers of candidates) {
		const opened = text.startsWith(markers.open, lead);
		const bodyStart = opened ? lead + markers.open.length : 0;
		const closeAt = text.indexOf(markers.close, bodyStart);
		if (!opened && closeAt === -1) {
			continue;
		}
		const body = text.slice(bodyStart, closeAt === -1 ? text.length : closeAt);
		const rest = closeAt === -1 ? '' : text.slice(closeAt + markers.close.length).trim();
		return {
			thinking: opened ? body.trimStart() : body,
			after: rest === '' ? undefined : rest,
			markers,
		};
	}
	return undefined;
}
