/**
 * Wire dialects the emulator speaks (docs/endpoints.md#dialects): reasoning field names, error body shapes,
 * routes, model-list shapes and defaults, per server family and era.
 */

import { DIALECT_NAMES, type DialectName } from '../core/stream/streamEvents';

/** The dialects of `thinktrim emulate --dialect`: every one the client speaks. */
export const EMULATOR_DIALECTS = DIALECT_NAMES;
export type EmulatorDialect = DialectName;

/** How reasoning travels in chat chunks. */
export type ReasoningWire = 'reasoning_content' | 'reasoning' | 'both' | 'inline' | 'inline-open';

/** Error body shapes: vLLM ≥ 0.10.1 nested, vLLM ≤ 0.10.0 and SGLang flat, TGI-style string (MindIE, assumed). */
export type ErrorShape = 'nested' | 'flat' | 'string';

/** Everything that differs between dialects. */
export interface DialectProfile {
	readonly name: EmulatorDialect;
	readonly reasoning: ReasoningWire;
	readonly errorShape: ErrorShape;
	/** `/version` answer; `undefined` when the server has no such route. */
	readonly version: string | undefined;
	readonly ownedBy: string;
	readonly defaultModel: string;
	readonly defaultPort: number;
	readonly template: 'r1' | 'qwen3';
	readonly tokenize: 'vllm' | 'sglang' | 'llamacpp' | 'none';
	readonly modelsShape: 'vllm' | 'mindie' | 'llamacpp';
	/** vLLM puts `finish_reason` on the last text chunk; others send a separate empty-delta chunk. */
	readonly finishOnLastChunk: boolean;
	readonly continuousUsage: boolean;
	readonly continueFinalMessage: boolean;
	/** `completion_tokens_details.reasoning_tokens` in usage (vLLM main since Aug 2026, MindIE). */
	readonly reasoningTokensInUsage: boolean;
	/** SGLang: `usage.reasoning_tokens` at the top level instead. */
	readonly reasoningTokensTopLevel?: boolean;
}

const R1 = 'deepseek-ai/DeepSeek-R1-Distill-Qwen-32B';

const vllmBase = {
	errorShape: 'nested',
	ownedBy: 'vllm',
	defaultModel: R1,
	defaultPort: 8000,
	template: 'r1',
	tokenize: 'vllm',
	modelsShape: 'vllm',
	finishOnLastChunk: true,
	continuousUsage: true,
	continueFinalMessage: true,
	reasoningTokensInUsage: false,
} as const;

const PROFILES: Record<EmulatorDialect, DialectProfile> = {
	'vllm-legacy': {
		...vllmBase,
		name: 'vllm-legacy',
		reasoning: 'reasoning_content',
		errorShape: 'flat',
		version: '0.9.1',
	},
	'vllm-transition': { ...vllmBase, name: 'vllm-transition', reasoning: 'both', version: '0.13.0' },
	vllm: {
		...vllmBase,
		name: 'vllm',
		reasoning: 'reasoning',
		version: '0.26.0',
		reasoningTokensInUsage: true,
	},
	inline: { ...vllmBase, name: 'inline', reasoning: 'inline', version: '0.18.0' },
	'qwen3-inline': {
		...vllmBase,
		name: 'qwen3-inline',
		reasoning: 'inline-open',
		version: '0.18.0',
		defaultModel: 'Qwen/Qwen3-32B',
		template: 'qwen3',
	},
	mindie: {
		name: 'mindie',
		reasoning: 'reasoning_content',
		errorShape: 'string',
		version: undefined,
		// MindIE Server's /v1/models: owned_by "MindIE Server" and no context length.
		ownedBy: 'MindIE Server',
		defaultModel: 'DeepSeek-R1-Distill-Qwen-32B',
		defaultPort: 1025,
		template: 'r1',
		tokenize: 'none',
		modelsShape: 'mindie',
		finishOnLastChunk: false,
		continuousUsage: false,
		continueFinalMessage: false,
		reasoningTokensInUsage: true,
	},
	sglang: {
		name: 'sglang',
		reasoning: 'reasoning_content',
		errorShape: 'flat',
		version: undefined,
		ownedBy: 'sglang',
		defaultModel: R1,
		defaultPort: 30000,
		template: 'r1',
		tokenize: 'sglang',
		modelsShape: 'vllm',
		finishOnLastChunk: false,
		continuousUsage: true,
		continueFinalMessage: true,
		reasoningTokensInUsage: false,
		reasoningTokensTopLevel: true,
	},
	llamacpp: {
		name: 'llamacpp',
		reasoning: 'reasoning_content',
		errorShape: 'nested',
		version: undefined,
		ownedBy: 'llamacpp',
		defaultModel: 'DeepSeek-R1-Distill-Qwen-32B-Q4_K_M.gguf',
		defaultPort: 8080,
		template: 'r1',
		tokenize: 'llamacpp',
		modelsShape: 'llamacpp',
		finishOnLastChunk: false,
		continuousUsage: false,
		continueFinalMessage: false,
		reasoningTokensInUsage: false,
	},
};

/** The profile of a dialect; `version` overrides the emulated server version (vLLM family). */
export function dialectProfile(name: EmulatorDialect, version?: string): DialectProfile {
	const base = PROFILES[name];
	return version !== undefined && base.version !== undefined ? { ...base, version } : base;
}

/** Parses a dialect name, with the list of valid ones in the error. */
export function parseDialect(name: string): EmulatorDialect {
	const found = EMULATOR_DIALECTS.find((d) => d === name);
	if (found === undefined) {
		throw new Error(`unknown dialect "${name}"; expected one of: ${EMULATOR_DIALECTS.join(', ')}`);
	}
	return found;
}

/** An error body in the dialect's shape. */
export function errorBody(
	profile: DialectProfile,
	status: number,
	message: string,
	type: string,
	param: string | null = null,
): unknown {
	switch (profile.errorShape) {
		case 'nested':
			return { error: { message, type, param, code: status } };
		case 'flat':
			return { object: 'error', message, type, param, code: status };
		case 'string':
			return { error: message, error_type: type };
	}
}

/** The OpenAI-style type name of an HTTP status, as vLLM reports it. */
export function errorType(status: number): string {
	switch (status) {
		case 400:
			return 'BadRequestError';
		case 401:
			return 'AuthenticationError';
		case 404:
			return 'NotFoundError';
		case 429:
			return 'RateLimitError';
		case 503:
			return 'ServiceUnavailableError';
		default:
			return status >= 500 ? 'InternalServerError' : 'APIError';
	}
}
