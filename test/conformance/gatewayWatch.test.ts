/**
 * Reading a gateway from outside, as "ThinkTrim: Watch Gateway" does: the recent requests, one in full
 * (drawn as a trace with the same cut), live events, and clear errors for a wrong address.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyzeTrace } from '../../src/core/engine/analyzeTrace';
import {
	fetchGatewayRequest,
	gatewayOrigin,
	listGatewayRequests,
	traceOfGatewayRequest,
	watchGatewayEvents,
} from '../../src/core/gateway/gatewayWatch';
import type { GatewayEvent } from '../../src/core/gateway/recentRequests';
import type { StopCut } from '../../src/core/policies/stopPolicy';
import type { TraceRecord } from '../../src/core/traces/traceRecord';
import { closedPort, collect, overthoughtTrace, startRig, type GatewayRig } from './gatewayKit';

describe('watching a gateway', () => {
	let rig: GatewayRig;
	let trace: TraceRecord;
	let offlineCut: StopCut;
	before(async () => {
		({ trace, offlineCut } = await overthoughtTrace());
		rig = await startRig({ dialect: 'vllm', traces: [trace] }, {}, { mode: 'watch' });
	});
	after(() => rig.close());

	it('lists requests live and opens one as a trace that cuts where the gateway said', async () => {
		const watching = new AbortController();
		const events: GatewayEvent[] = [];
		const done = watchGatewayEvents(
			gatewayOrigin(`${rig.gateway.url}/`),
			(e) => events.push(e),
			watching.signal,
		);
		const got = await collect(
			await rig.sdk().chat.completions.create({
				model: rig.model,
				messages: [{ role: 'user', content: trace.problem ?? '' }],
				stream: true,
			}),
		);
		const id = String(got.thinktrim?.request_id);
		while (!events.some((e) => e.type === 'request-end')) {
			await new Promise((r) => setTimeout(r, 10));
		}
		watching.abort();
		await done;
		const listed = await listGatewayRequests(rig.gateway.origin);
		assert.deepEqual(
			listed.map((r) => r.id),
			[id],
		);
		const record = await fetchGatewayRequest(rig.gateway.origin, id);
		const replayed = traceOfGatewayRequest(record);
		assert.equal(replayed.thinking, trace.thinking, 'watch mode kept the whole chain');
		assert.equal(replayed.problem, trace.problem);
		const analysis = await analyzeTrace(replayed);
		assert.deepEqual(analysis.cut, offlineCut);
		assert.equal(
			got.thinktrim?.kept_thinking_tokens,
			analysis.cut?.tokenOffset,
			'the tree marks the cut the gateway reported',
		);
	});

	it('says clearly when the address is not a gateway or not reachable', async () => {
		await assert.rejects(listGatewayRequests(rig.emulator.origin), /is this a ThinkTrim gateway/);
		await assert.rejects(
			listGatewayRequests(`http://127.0.0.1:${await closedPort()}`),
			/Cannot reach the gateway/,
		);
		await assert.rejects(fetchGatewayRequest(rig.gateway.origin, 'no-such-id'), /404/);
		assert.throws(() => gatewayOrigin('gpu-node:8000'), /http/);
		assert.equal(gatewayOrigin('http://127.0.0.1:9000/v1/'), 'http://127.0.0.1:9000');
	});
});
