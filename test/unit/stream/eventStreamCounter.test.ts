import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventStreamCounter } from '../../../src/core/stream/bodyGuard';

/** The rule spelled out byte by byte: what the counter must decide, however the bytes are split. */
function byteByByte(max: number): (chunk: Uint8Array) => 'line' | 'event' | undefined {
	let line = 0;
	let event = 0;
	let afterCR = false;
	return (chunk) => {
		for (const b of chunk) {
			if (b === 0x0a || b === 0x0d) {
				if (!(b === 0x0a && afterCR)) {
					if (line === 0) {
						event = 0;
					}
					line = 0;
				}
				afterCR = b === 0x0d;
				continue;
			}
			afterCR = false;
			line++;
			event++;
			if (event > max) {
				return line > max ? 'line' : 'event';
			}
		}
		return undefined;
	};
}

describe('event stream size counter', () => {
	it('decides as a byte-by-byte count does, on random streams of text, LF, CR and CRLF', () => {
		let seed = 7;
		const random = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
		let limited = 0;
		for (let trial = 0; trial < 5000; trial++) {
			const max = 1 + Math.floor(random() * 40);
			const counter = eventStreamCounter(max);
			const reference = byteByByte(max);
			for (let piece = 0; piece < 6; piece++) {
				const bytes = Uint8Array.from({ length: Math.floor(random() * 30) }, () => {
					const x = random();
					return x < 0.15 ? 0x0a : x < 0.25 ? 0x0d : 0x61;
				});
				const error = counter(bytes);
				const got =
					error === undefined ? undefined : /a stream line/.test(error.message) ? 'line' : 'event';
				const want = reference(bytes);
				assert.equal(got, want, `trial ${trial}, piece ${piece}, limit ${max}`);
				if (want !== undefined) {
					limited++;
					break;
				}
			}
		}
		assert.ok(limited > 500, `the limit was reached in ${limited} of 5000 streams`);
	});
});
