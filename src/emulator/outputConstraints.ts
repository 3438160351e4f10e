/**
 * Which output-constraint fields a verifier request carries that the emulated server would apply.
 * A field a server does not know is ignored without an error, as the real servers do: vLLM reads
 * `guided_choice` up to 0.11 and `structured_outputs` from 0.10.2; SGLang reads `regex`/`ebnf`;
 * llama.cpp reads `grammar`/`json_schema`; MindIE none of them.
 */
import type { DialectProfile } from './dialects';

function versionBelow(version: string, than: string): boolean {
	const a = version.split('.').map((x) => Number.parseInt(x, 10) || 0);
	const b = than.split('.').map((x) => Number.parseInt(x, 10) || 0);
	for (let i = 0; i < 3; i++) {
		const d = (a[i] ?? 0) - (b[i] ?? 0);
		if (d !== 0) {
			return d < 0;
		}
	}
	return false;
}

/** The fields this server understands, given its dialect and version. */
function understood(profile: DialectProfile): string[] {
	if (profile.ownedBy === 'vllm') {
		const v = profile.version ?? '0.26.0';
		if (/^0\.(0|1)\.dev/.test(v)) {
			return ['structured_outputs'];
		}
		return [
			...(versionBelow(v, '0.12.0') ? ['guided_choice'] : []),
			...(versionBelow(v, '0.10.2') ? [] : ['structured_outputs']),
		];
	}
	switch (profile.name) {
		case 'sglang':
			return ['regex', 'ebnf'];
		case 'llamacpp':
			return ['grammar', 'json_schema'];
		default:
			return [];
	}
}

/** The first constraint field of the body that the server applies, or `undefined` (the reply is free). */
export function appliedConstraint(
	profile: DialectProfile,
	body: Record<string, unknown>,
): string | undefined {
	return understood(profile).find((field) => body[field] !== undefined && body[field] !== null);
}
