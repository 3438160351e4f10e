/**
 * What each dialect supports (request shapes, the continuation's render step), and the vLLM dialect a
 * version number implies (docs/endpoints.md#dialects).
 */
import type { DialectName } from './streamEvents';

/** What a dialect supports; drives request shapes and the continuation strategy. */
export interface DialectFeatures {
	/** How to render a chat as prompt text on the server. */
	readonly render: 'tokenize-vllm' | 'tokenize-sglang' | 'apply-template' | 'none';
	/** vLLM's `stream_options.continuous_usage_stats`. */
	readonly continuousUsage: boolean;
	/** `continue_final_message` on chat completions. */
	readonly continueFinalMessage: boolean;
	/** The server needs an explicit `max_tokens` (MindIE defaults to its `maxIterTimes`). */
	readonly needsMaxTokens: boolean;
}

/** Features by dialect (an unknown server gets the cautious defaults). */
export function dialectFeatures(dialect: DialectName | undefined): DialectFeatures {
	switch (dialect) {
		case 'vllm-legacy':
		case 'vllm-transition':
		case 'vllm':
		case 'inline':
		case 'qwen3-inline':
			return {
				render: 'tokenize-vllm',
				continuousUsage: true,
				continueFinalMessage: true,
				needsMaxTokens: false,
			};
		case 'sglang':
			return {
				render: 'tokenize-sglang',
				continuousUsage: true,
				continueFinalMessage: true,
				needsMaxTokens: false,
			};
		case 'llamacpp':
			return {
				render: 'apply-template',
				continuousUsage: false,
				continueFinalMessage: false,
				needsMaxTokens: false,
			};
		case 'mindie':
			return {
				render: 'none',
				continuousUsage: false,
				continueFinalMessage: false,
				needsMaxTokens: true,
			};
		case undefined:
			return {
				render: 'tokenize-vllm',
				continuousUsage: false,
				continueFinalMessage: false,
				needsMaxTokens: true,
			};
	}
}

/** Compares dotted versions numerically ("0.10.1" > "0.9.2"); suffixes like "rc1" or "+cu128" are ignored. */
export function compareVersions(a: string, b: string): number {
	const parts = (v: string): number[] =>
		v
			.split(/[.+-]/)
			.slice(0, 3)
			.map((p) => Number.parseInt(p, 10) || 0);
	const pa = parts(a);
	const pb = parts(b);
	for (let i = 0; i < 3; i++) {
		const d = (pa[i] ?? 0) - (pb[i] ?? 0);
		if (d !== 0) {
			return d;
		}
	}
	return 0;
}

/**
 * A vLLM built from a source tree without release tags reports `0.1.dev…+g<sha>` (setuptools-scm's
 * fallback), which says nothing about its age.
 */
export function isUntaggedDevVersion(version: string): boolean {
	return /^0\.(0|1)\.dev/.test(version) || /^0\.0\.0/.test(version);
}

/**
 * The vLLM dialect by version (docs/endpoints.md#dialects): `reasoning_content` ≤ 0.11.0, both to 0.15.x,
 * `reasoning` after. An untagged dev build counts as current; the stream's fields then settle it.
 */
export function vllmDialectForVersion(version: string | undefined): DialectName {
	if (version === undefined || isUntaggedDevVersion(version)) {
		return 'vllm';
	}
	if (compareVersions(version, '0.11.1') < 0) {
		return 'vllm-legacy';
	}
	return compareVersions(version, '0.16.0') < 0 ? 'vllm-transition' : 'vllm';
}
