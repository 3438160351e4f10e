/**
 * How to hold a verifier's one-token reply to "Yes" or "No" on each server: the request fields differ by
 * server and version, and a field a server does not know is ignored without a word (vLLM dropped
 * `guided_choice` in 0.12; SGLang never had it). See docs/endpoints.md for the sources.
 */
import { compareVersions, isUntaggedDevVersion, type ServerKind } from '../stream/discovery';

/** The parameter used: its name as shown to users, and the body fields it adds. */
export interface OutputConstraint {
	readonly name:
		| 'structured_outputs'
		| 'guided_choice'
		| 'guided_choice+structured_outputs'
		| 'regex'
		| 'grammar'
		| 'none';
	readonly fields: Readonly<Record<string, unknown>>;
	/** Why this one, in a few words. */
	readonly reason: string;
}

const YES_NO: readonly string[] = ['Yes', 'No'];

/**
 * The constraint for a server kind and version (`undefined` version: not reported), holding the reply
 * to one of `choices` (Yes/No by default; the joint question's None/Same/Other).
 */
export function chooseConstraint(
	kind: ServerKind,
	version: string | undefined,
	choices: readonly string[] = YES_NO,
): OutputConstraint {
	const list = [...choices];
	switch (kind) {
		case 'sglang':
			return {
				name: 'regex',
				fields: { regex: `(${list.join('|')})` },
				reason: 'SGLang constrains with regex/ebnf (no guided_choice)',
			};
		case 'llamacpp':
			return {
				name: 'grammar',
				fields: { grammar: `root ::= ${list.map((c) => `"${c}"`).join(' | ')}` },
				reason: 'llama.cpp constrains with a GBNF grammar',
			};
		case 'mindie':
			return {
				name: 'none',
				fields: {},
				reason: 'MindIE has no choice constraint; the Yes/No log-probabilities are read',
			};
		case 'vllm':
			if (version === undefined || isUntaggedDevVersion(version)) {
				break;
			}
			if (compareVersions(version, '0.10.2') < 0) {
				return {
					name: 'guided_choice',
					fields: { guided_choice: list },
					reason: `vLLM ${version} predates structured_outputs`,
				};
			}
			return {
				name: 'structured_outputs',
				fields: { structured_outputs: { choice: list } },
				reason: `vLLM ${version} takes structured_outputs (guided_* is ignored from 0.12)`,
			};
		case 'unknown':
			break;
	}
	return {
		name: 'guided_choice+structured_outputs',
		fields: { guided_choice: list, structured_outputs: { choice: list } },
		reason: 'server version unknown: both vLLM spellings are sent',
	};
}
