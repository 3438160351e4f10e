import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GatewayMetrics, MAX_MODEL_LABELS } from '../../../src/core/gateway/gatewayMetrics';

describe('gateway metrics', () => {
	it('names every metric with the thinktrim_ prefix, process metrics included', async () => {
		const text = await new GatewayMetrics().text();
		const names = [...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1] ?? '');
		assert.ok(
			names.includes('thinktrim_cuts_total') &&
				names.includes('thinktrim_thinking_tokens_saved_total') &&
				names.includes('thinktrim_process_resident_memory_bytes'),
		);
		assert.deepEqual(
			names.filter((n) => !n.startsWith('thinktrim_')),
			[],
		);
	});

	it('gives only the first model ids their own series, so invented names cannot grow memory', async () => {
		const metrics = new GatewayMetrics({ processMetrics: false });
		for (let i = 0; i < MAX_MODEL_LABELS + 50; i++) {
			metrics.thinkingSeen.inc({ model: metrics.model(`model-${i}`) }, 1);
		}
		assert.equal(metrics.model('model-0'), 'model-0');
		const series = (await metrics.text())
			.split('\n')
			.filter((l) => l.startsWith('thinktrim_thinking_tokens_seen_total{'));
		assert.equal(series.length, MAX_MODEL_LABELS + 1);
		assert.ok(series.some((l) => l.includes('model="other"') && l.endsWith(' 50')));
	});
});
