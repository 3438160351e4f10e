/**
 * The Settings editor sorts ThinkTrim's settings by their `order`; two settings with the same value fall
 * back to alphabetical order, which scatters a group (a verifier TLS file between its threshold and
 * timeout). So every `order` is set, unique, and each group (endpoint, verifier, policy, …) occupies
 * one contiguous range.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

interface SettingSchema {
	readonly order?: unknown;
}

function settings(): Array<[string, SettingSchema]> {
	const manifest = JSON.parse(
		readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8'),
	) as {
		contributes: { configuration: { properties: Record<string, SettingSchema> } };
	};
	return Object.entries(manifest.contributes.configuration.properties);
}

/** `thinktrim.verifier.model` → `verifier`. */
function groupOf(key: string): string {
	return key.split('.')[1] ?? key;
}

describe('settings order in package.json', () => {
	it('gives every setting an integer order, none shared', () => {
		const seen = new Map<number, string>();
		for (const [key, schema] of settings()) {
			assert.ok(
				typeof schema.order === 'number' && Number.isInteger(schema.order),
				`${key} has no integer order`,
			);
			const clash = seen.get(schema.order);
			assert.equal(clash, undefined, `${key} and ${clash ?? ''} share order ${schema.order}`);
			seen.set(schema.order, key);
		}
	});

	it('keeps each group in one contiguous run of orders', () => {
		const byOrder = settings().sort(([, a], [, b]) => Number(a.order) - Number(b.order));
		const finished = new Set<string>();
		let current: string | undefined;
		for (const [key] of byOrder) {
			const group = groupOf(key);
			if (group !== current) {
				assert.ok(!finished.has(group), `${key} comes after another group interrupted "${group}"`);
				if (current !== undefined) {
					finished.add(current);
				}
				current = group;
			}
		}
	});
});
