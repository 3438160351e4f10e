import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextDecodeStep } from '../../../src/emulator/pacing';
import { startEmulator } from '../../../src/emulator/server';

const THINKING = Array.from({ length: 12 }, (_, i) => `step ${i} of the work.`).join(' ');

function median(values: readonly number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const STEP = 40;

/** How far `ms` is from the nearest whole number of steps (a timer may fire a fraction of a ms early). */
const offStep = (ms: number): number => Math.min(ms % STEP, STEP - (ms % STEP));

/** Waits until this process's clock (the in-process emulator's too) is `phase` ms into a 40 ms step. */
async function untilPhase(phase: number): Promise<void> {
	const wait = (phase - (performance.now() % STEP) + STEP) % STEP;
	await new Promise((r) => setTimeout(r, wait));
	while (Math.abs((performance.now() % STEP) - phase) > 2) {
		await new Promise((r) => setImmediate(r));
	}
}

/**
 * Two streams on an emulator at 25 tokens/s (one token per 40 ms), started 12 and 28 ms into a step of
 * the shared clock: how far (median) their reasoning chunks went out from the nearest step.
 */
async function offStepOfTwoStreams(decodeStepMs: number | undefined): Promise<number> {
	const written: number[] = [];
	const emu = await startEmulator({
		traces: [{ id: 't', problem: 'p', thinking: THINKING, final: '7' }],
		dialect: 'vllm',
		tokensPerSecond: 1000 / STEP,
		ttftMs: 0,
		jitter: 0,
		decodeStepMs,
		onChunksWritten: (_request, payloads, atMs) => {
			for (let i = 0; i < payloads.length; i++) {
				written.push(atMs);
			}
		},
	});
	try {
		const stream = async (): Promise<void> => {
			const res = await fetch(`${emu.url}/chat/completions`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					model: emu.state.models[0],
					messages: [{ role: 'user', content: 'p' }],
					stream: true,
					max_tokens: 10,
				}),
			});
			assert.equal(res.status, 200);
			await res.text();
		};
		await untilPhase(12);
		const first = stream();
		await untilPhase(28);
		await Promise.all([first, stream()]);
	} finally {
		await emu.close();
	}
	assert.ok(written.length >= 16, `chunks written: ${written.length}`);
	return median(written.map(offStep));
}

describe('decode steps (lockstep emission)', () => {
	it('puts a due time on the first step at or after it', () => {
		assert.equal(nextDecodeStep(41, 20), 60);
		assert.equal(nextDecodeStep(40, 20), 40);
		assert.equal(nextDecodeStep(0.5, 20), 20);
	});

	it('sends every stream its chunks on the steps of one clock, each stream on its own time without', async () => {
		const lockstep = await offStepOfTwoStreams(STEP);
		assert.ok(lockstep < 5, `lockstep chunks ${lockstep.toFixed(1)} ms off the steps`);
		// On their own time the streams' chunks keep the phases they started at, 12 and 28 ms.
		const own = await offStepOfTwoStreams(undefined);
		assert.ok(own > 7, `own-time chunks ${own.toFixed(1)} ms off the steps`);
	});
});
