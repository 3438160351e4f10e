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

const CHOICES = ['Yes', 'No'];

/** The constraint for a server kind and version (`undefined` version: not reported). */
export function chooseConstraint(kind: ServerKind, version: string | undefined): OutputConstraint {
	switch (kind) {
		case 'sglang':
			return {
				name: 'regex',
				fields: { regex: '(Yes|No)' },
				reason: 'SGLang constrains with regex/ebnf (no guided_choice)',
			};
		case 'llamacpp':
			return {
				name: 'grammar',
				fields: { grammar: 'root ::= "Yes" | "No"' },
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
					fields: { guided_choice: CHOICES },
					reason: `vLLM ${version} predates structured_outputs`,
				};
			}
			return {
				name: 'structured_outputs',
				fields: { structured_outputs: { choice: CHOICES } },
				reason: `vLLM ${version} takes structured_outputs (guided_* is ignored from 0.12)`,
			};
		case 'unknown':
			break;
	}
	return {
		name: 'guided_choice+structured_outputs',
		fields: { guided_choice: CHOICES, structured_outputs: { choice: CHOICES } },
		reason: 'server version unknown: both vLLM spellings are sent',
	};
}
