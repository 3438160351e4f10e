// Issue 14.8: under code-server the extension host is the "remote", so `machine` and
// `machine-overridable` settings written by Configure Endpoint landed in Machine settings, out of sight
// in Settings → User. Every ThinkTrim setting is now one a user edits in User or Workspace settings,
// and the endpoint settings stay protected in untrusted workspaces by `restrictedConfigurations`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');

interface Manifest {
	contributes: {
		configuration:
			| { properties: Record<string, { scope?: string }> }
			| { properties: Record<string, { scope?: string }> }[];
	};
	capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const sections = Array.isArray(manifest.contributes.configuration)
	? manifest.contributes.configuration
	: [manifest.contributes.configuration];
const settings = sections.flatMap((s) => Object.entries(s.properties));

describe('settings scopes', () => {
	it('every setting lands in User or Workspace settings (scope window or resource, never machine)', () => {
		assert.ok(settings.length > 30, `${settings.length} settings read`);
		const wrong = settings
			.filter(([, s]) => s.scope !== 'window' && s.scope !== 'resource')
			.map(([key, s]) => `${key}: ${String(s.scope)}`);
		assert.deepEqual(wrong, []);
	});

	it('the endpoint, verifier, certificate and template settings stay restricted in untrusted workspaces', () => {
		const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
		const keys = new Set(settings.map(([key]) => key));
		for (const key of [
			'thinktrim.endpoint.baseUrl',
			'thinktrim.endpoint.model',
			'thinktrim.verifier.baseUrl',
			'thinktrim.endpoint.caFile',
			'thinktrim.endpoint.keyFile',
			'thinktrim.endpoint.chatTemplate',
		]) {
			assert.ok(restricted.includes(key), `${key} is restricted`);
		}
		assert.deepEqual(
			restricted.filter((key) => !keys.has(key)),
			[],
			'every restricted key exists',
		);
	});
});
