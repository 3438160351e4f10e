import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { GATEWAY_NODE_FLAGS, gatewayNodeFlagsHint } from '../../../src/cli/gatewayNodeFlags';

const ROOT = join(__dirname, '..', '..', '..');

describe('the gateway’s node flags', () => {
	it('hints at the flags when the gateway was started without them', () => {
		const hint = gatewayNodeFlagsHint(['--enable-source-maps'], undefined);
		assert.ok(hint !== undefined);
		assert.match(hint, /node --max-semi-space-size=2 /);
		assert.match(hint, /NODE_OPTIONS="--max-semi-space-size=2"/);
	});

	it('says nothing when the flag is given, on the command line or in NODE_OPTIONS, in any spelling', () => {
		assert.equal(gatewayNodeFlagsHint(['--max-semi-space-size=2'], undefined), undefined);
		assert.equal(gatewayNodeFlagsHint(['--max-semi-space-size', '4'], undefined), undefined);
		assert.equal(gatewayNodeFlagsHint([], '--inspect --max_semi_space_size=8'), undefined);
		// Another young-generation flag is not the one meant.
		assert.notEqual(gatewayNodeFlagsHint(['--min-semi-space-size=2'], ''), undefined);
	});

	it('are the flags the container image starts the gateway with', () => {
		const dockerfile = readFileSync(join(ROOT, 'deploy', 'gateway', 'Dockerfile'), 'utf8');
		const cmd = dockerfile.split('\n').find((line) => line.startsWith('CMD '));
		assert.ok(cmd !== undefined, 'the Dockerfile has a CMD');
		const start = /exec node (.*?) \/app\/cli\.js gateway/.exec(cmd);
		assert.deepEqual(start?.[1]?.split(' '), [...GATEWAY_NODE_FLAGS]);
	});
});
