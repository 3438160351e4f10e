/**
 * The third-party traces in ../shared/data/traces (read in place, never copied; skipped when absent):
 * one trace per source file, preferring non-ASCII text, replayed byte-exact through a parser dialect and
 * through inline `</think>` splitting.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collectStream } from '../../src/core/stream/streamEvents';
import type { EmulatorDialect } from '../../src/emulator/dialects';
import { sharedTracePicks, sharedTracesDir, withEmulator } from './conformanceKit';

const dir = sharedTracesDir();

describe(
	'conformance: shared real traces',
	{ skip: dir === undefined ? 'no ../shared/data/traces (set THINKTRIM_SHARED_TRACES)' : false },
	() => {
		const picks = dir !== undefined ? sharedTracePicks(dir) : [];
		for (const dialect of ['vllm-transition', 'inline'] satisfies EmulatorDialect[]) {
			it(`${dialect}: reasoning and answer byte-exact for one trace of each file`, async () => {
				assert.ok(picks.length > 0);
				await withEmulator(
					{ dialect, traces: picks, tokensPerChunk: 4 },
					async (_emulator, client, model) => {
						for (const trace of picks) {
							const result = await collectStream(
								client.streamChat({
									model,
									messages: [{ role: 'user', content: trace.problem ?? trace.id }],
								}),
							);
							assert.equal(result.error, undefined, `${trace.id}: ${result.error?.message ?? ''}`);
							assert.equal(result.thinking, trace.thinking, trace.id);
							assert.equal(result.answer, trace.final ?? '', trace.id);
						}
					},
				);
			});
		}
	},
);
