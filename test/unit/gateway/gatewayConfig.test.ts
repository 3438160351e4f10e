import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
	parseGatewayConfig,
	policyFromSetting,
	settingsFor,
} from '../../../src/core/gateway/gatewayConfig';

const upstream = 'http://127.0.0.1:8000/v1';

describe('gateway config', () => {
	it('defaults to TrimR acting on every model, on 127.0.0.1:8000', () => {
		const config = parseGatewayConfig({}, { upstream });
		assert.equal(config.host, '127.0.0.1');
		assert.equal(config.port, 8000);
		assert.deepEqual(settingsFor(config, 'any'), {
			policy: 'trimr',
			mode: 'act',
			answerMaxTokens: 2048,
			guide: '',
		});
		assert.equal(config.verifier, undefined);
	});

	it('lays per-model settings over the file defaults, and flags over the file', () => {
		const config = parseGatewayConfig(
			{
				upstream: 'http://ignored:1/v1',
				policy: 'trimr:M=2',
				mode: 'watch',
				models: {
					'Qwen/QwQ-32B': { policy: 'dynasor:N=3', mode: 'act' },
					small: { policy: 'none' },
				},
			},
			{ upstream, mode: 'act' },
		);
		assert.equal(config.upstream, upstream);
		assert.deepEqual(settingsFor(config, 'other'), {
			policy: 'trimr:M=2',
			mode: 'act',
			answerMaxTokens: 2048,
			guide: '',
		});
		assert.equal(settingsFor(config, 'Qwen/QwQ-32B').policy, 'dynasor:N=3');
		assert.equal(settingsFor(config, 'small').policy, 'none');
		assert.match(policyFromSetting('trimr:M=2').description, /M = 2/);
		assert.equal(policyFromSetting('none').name, 'none');
	});

	it('says what is wrong and where', () => {
		assert.throws(() => parseGatewayConfig({}, {}), /--upstream URL/);
		assert.throws(
			() => parseGatewayConfig({ upstream, polcy: 'trimr' }, {}, 'gw.json'),
			/gw.json: unknown setting "polcy"/,
		);
		assert.throws(
			() => parseGatewayConfig({ upstream, models: { m: { policy: 'trimr:Q=2' } } }, {}),
			/models\["m"\]\.policy/,
		);
		assert.throws(
			() => parseGatewayConfig({ upstream, models: { m: { mode: 'cut' } } }, {}),
			/models\["m"\]\.mode must be "act" or "watch"/,
		);
		assert.throws(() => parseGatewayConfig({ upstream, policy: 'trimr:M=1,2' }, {}), /not a sweep/);
		assert.throws(
			() => parseGatewayConfig({ upstream, dialect: 'vllm2' }, {}),
			/unknown dialect "vllm2"/,
		);
		assert.throws(
			() => parseGatewayConfig({ upstream, verifier: { url: 'http://v:8001/v1' } }, {}),
			/verifier needs both/,
		);
		assert.throws(() => parseGatewayConfig({ upstream }, { port: 70000 }), /port/);
		assert.throws(() => parseGatewayConfig({ upstream: 'gpu:8000' }, {}), /http:\/\//);
		assert.throws(
			() => parseGatewayConfig({ upstream: 'http://admin:hunter2@gpu:8000/v1' }, {}),
			(err: Error) =>
				/must not carry credentials/.test(err.message) && !err.message.includes('hunter2'),
		);
	});

	it('refuses keys in the file without repeating them', () => {
		for (const key of ['apiKey', 'upstreamApiKey', 'verifierKey']) {
			assert.throws(
				() => parseGatewayConfig({ upstream, [key]: 'sk-do-not-echo' }, {}),
				(err: Error) =>
					err.message.includes('environment variable') && !err.message.includes('sk-do-not-echo'),
			);
		}
	});
});

describe('shipped gateway configs', () => {
	const deploy = join(__dirname, '../../../deploy/gateway');

	it('the container image config is valid', () => {
		const config = parseGatewayConfig(
			JSON.parse(readFileSync(join(deploy, 'gateway.json'), 'utf8')),
			{ upstream },
			'deploy/gateway/gateway.json',
		);
		assert.equal(config.defaults.policy, 'trimr');
	});

	it('the Kubernetes ConfigMap holds a valid config', () => {
		const manifest = readFileSync(join(deploy, 'kubernetes.yaml'), 'utf8');
		const block = /gateway\.json: \|\n((?: {4}.*\n)+)/.exec(manifest)?.[1];
		assert.ok(block !== undefined, 'the ConfigMap has a gateway.json block');
		const config = parseGatewayConfig(JSON.parse(block), { upstream }, 'kubernetes.yaml');
		assert.equal(settingsFor(config, 'Qwen/QwQ-32B').policy, 'trimr:M=2');
	});
});
