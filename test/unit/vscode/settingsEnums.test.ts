// The settings that name a dialect or a stop policy offer exactly the names the code accepts: package.json
// cannot import the code's lists, so this test holds them together.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { DIALECT_NAMES } from '../../../src/core/stream/streamEvents';
import { POLICY_NAMES } from '../../../src/shared/protocol';

interface Setting {
	readonly enum?: readonly string[];
	readonly enumDescriptions?: readonly string[];
}
type Section = { readonly properties: Readonly<Record<string, Setting>> };

const manifest = JSON.parse(
	readFileSync(join(resolve(__dirname, '..', '..', '..'), 'package.json'), 'utf8'),
) as { contributes: { configuration: Section | readonly Section[] } };
const settings = new Map(
	[manifest.contributes.configuration]
		.flat()
		.flatMap((section) => Object.entries(section.properties)),
);

function enumOf(key: string): readonly string[] | undefined {
	return settings.get(key)?.enum;
}

describe('setting enums', () => {
	for (const key of ['thinktrim.endpoint.dialect', 'thinktrim.verifier.dialect']) {
		it(`${key} offers auto and every dialect, each described`, () => {
			assert.deepEqual(enumOf(key), ['auto', ...DIALECT_NAMES]);
			assert.equal(settings.get(key)?.enumDescriptions?.length, DIALECT_NAMES.length + 1);
		});
	}

	it('thinktrim.policy.name offers every stop policy', () => {
		assert.deepEqual(enumOf('thinktrim.policy.name'), [...POLICY_NAMES]);
	});
});
