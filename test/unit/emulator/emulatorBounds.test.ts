import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RequestLog, type RequestLogEntry } from '../../../src/emulator/requestLog';
import { startEmulator } from '../../../src/emulator/server';
import { SPECIAL_TOKENS, Vocabulary } from '../../../src/emulator/tokenizer';

function entry(seq: number, body?: unknown): RequestLogEntry {
	return {
		seq,
		method: 'POST',
		path: '/v1/chat/completions',
		kind: 'chat',
		receivedAtEpochMs: 0,
		durationMs: 0,
		status: 200,
		outcome: 'completed',
		chunksSent: 0,
		tokensSent: 0,
		body,
	};
}

describe('emulator memory bounds', () => {
	it('keeps only the latest log entries and counts the rest', () => {
		const log = new RequestLog(undefined, 100);
		for (let i = 0; i < 1000; i++) {
			log.add(entry(i));
		}
		assert.ok(log.entries.length <= 110);
		assert.equal(log.total, 1000);
		assert.equal(log.entries.at(-1)?.seq, 999);
		assert.deepEqual(
			log.entriesSince(995).map((e) => e.seq),
			[995, 996, 997, 998, 999],
		);
	});

	it('keeps small body fields and only the size of large ones', () => {
		const log = new RequestLog();
		log.add(
			entry(0, {
				model: 'm',
				max_tokens: 400,
				messages: [{ role: 'user', content: 'x'.repeat(100_000) }],
			}),
		);
		const body = log.entries[0]?.body as Record<string, unknown>;
		assert.equal(body.model, 'm');
		assert.equal(body.max_tokens, 400);
		assert.match(String(body.messages), /^\[\d+ bytes omitted\]$/);
	});

	it('bounds the vocabulary, keeps special tokens and recent pieces, and never reuses an id', () => {
		const vocab = new Vocabulary(1000);
		const hot = vocab.idOf(' hot');
		const first = vocab.idOf(' cold0');
		for (let i = 1; i < 5000; i++) {
			vocab.idOf(` cold${i}`);
			vocab.idOf(' hot');
		}
		assert.ok(vocab.size <= 1000);
		assert.equal(vocab.pieceOf(hot), ' hot');
		assert.equal(vocab.pieceOf(first), undefined);
		assert.equal(vocab.idOf(' cold0') === first, false);
		for (const special of SPECIAL_TOKENS) {
			assert.equal(vocab.pieceOf(vocab.idOf(special)), special);
		}
		assert.throws(() => vocab.decode([first]), /not in the vocabulary/);
	});

	it('forgets exactly the least recently used piece, through many evictions and compactions', () => {
		const capacity = 300;
		const vocab = new Vocabulary(capacity);
		// Reference: an array of pieces, most recently used last.
		const order: string[] = [];
		let seed = 7;
		const rand = (n: number): number => {
			seed = (seed * 48271) % 2147483647;
			return seed % n;
		};
		for (let step = 0; step < 60_000; step++) {
			// Mostly pieces seen before (hits), some new: uses pile up between evictions.
			const piece = ` p${rand(step % 7 === 0 ? 100_000 : 400)}`;
			vocab.idOf(piece);
			const at = order.indexOf(piece);
			if (at >= 0) {
				order.splice(at, 1);
			}
			order.push(piece);
			if (order.length > capacity - SPECIAL_TOKENS.length) {
				order.shift();
			}
		}
		assert.equal(vocab.size, capacity);
		const held = new Set(order);
		// Every piece the reference holds decodes to itself; the vocabulary holds nothing else.
		let decodable = 0;
		// At most one new id per step (ids are never reused).
		for (let id = 0; id < 60_000 + SPECIAL_TOKENS.length; id++) {
			const piece = vocab.pieceOf(id);
			if (piece !== undefined && !(SPECIAL_TOKENS as readonly string[]).includes(piece)) {
				decodable++;
				assert.ok(held.has(piece), `${piece} should have been forgotten`);
			}
		}
		assert.equal(decodable, held.size);
	});

	it('answers /tokenize for random text far past the vocabulary size without a 500', async () => {
		const emu = await startEmulator({
			traces: [{ id: 't', problem: 'p', thinking: 'a b', final: 'c' }],
			dialect: 'vllm',
			tokensPerSecond: Infinity,
			ttftMs: 0,
			vocabularyCapacity: 5000,
		});
		try {
			let seed = 1;
			const word = (): string => {
				seed = (seed * 48271) % 2147483647;
				return seed.toString(36).replace(/[0-9]/g, '');
			};
			for (let r = 0; r < 20; r++) {
				const text = Array.from({ length: 2000 }, word).join(' ');
				const res = await fetch(`${emu.origin}/tokenize`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({ model: emu.state.models[0], prompt: text }),
				});
				assert.equal(res.status, 200);
				await res.arrayBuffer();
			}
			assert.equal(emu.state.vocab.capacity, 5000);
			assert.ok(emu.state.vocab.size <= 5000);
		} finally {
			await emu.close();
		}
	});
});
