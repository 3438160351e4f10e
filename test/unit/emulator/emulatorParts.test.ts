import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
	continuationAnswer,
	firstFinalStatementEnd,
} from '../../../src/emulator/continuationAnswer';
import { FaultCounter, parseFaultSpec } from '../../../src/emulator/faults';
import { ChunkClock } from '../../../src/emulator/pacing';
import { tokenPieces, Vocabulary } from '../../../src/emulator/tokenizer';
import { TraceLibrary } from '../../../src/emulator/traceLibrary';
import { verdictLogprobs, verifierVerdict } from '../../../src/emulator/verifierAnswer';
import { bundledSamples } from '../../harness/sampleTraces';

const records = bundledSamples();

describe('emulator tokenizer', () => {
	it('cuts text into whole-code-point pieces that join back exactly, tags whole', () => {
		const text = 'So ⌈16.5⌉ = 17 😀 好的.</think>\n\nThe answer is 12345.';
		const pieces = tokenPieces(text);
		assert.equal(pieces.join(''), text);
		assert.ok(pieces.includes('</think>'));
		assert.ok(pieces.includes(' 😀'));
		assert.ok(
			pieces.every((p) => !/[\uD800-\uDBFF]$/.test(p)),
			'no piece ends inside a surrogate pair',
		);
		for (const trace of records) {
			assert.equal(tokenPieces(trace.thinking).join(''), trace.thinking, trace.id);
		}
	});

	it('round-trips ids through the vocabulary and names an unknown id', () => {
		const vocab = new Vocabulary();
		const ids = vocab.encode('<｜User｜>What is 2+3?<｜Assistant｜><think>\n');
		assert.equal(vocab.decode(ids), '<｜User｜>What is 2+3?<｜Assistant｜><think>\n');
		assert.throws(() => vocab.decode([1, 999_999]), /token id 999999 at position 1/);
	});
});

describe('fault specs', () => {
	it('parses every fault and limits them with times', () => {
		assert.deepEqual(parseFaultSpec('status=503,times=1'), { status: 503, times: 1 });
		assert.deepEqual(parseFaultSpec('error-after=5, slow-first-byte=200'), {
			errorAfter: 5,
			slowFirstByteMs: 200,
		});
		assert.throws(() => parseFaultSpec('explode=1'), /unknown fault "explode"/);
		assert.throws(() => parseFaultSpec('close-after=x'), /non-negative integer/);
		assert.throws(() => parseFaultSpec('status=200'), /400–599/);
		const counter = new FaultCounter();
		const spec = parseFaultSpec('status=503,times=2');
		assert.deepEqual(
			[counter.take('a', spec), counter.take('a', spec), counter.take('a', spec)].map(
				(s) => s?.status,
			),
			[503, 503, undefined],
		);
	});
});

describe('chunk clock', () => {
	it('spaces chunks at the token rate from the first-token time, deterministically per seed', () => {
		const clock = new ChunkClock(
			{ ttftMs: 200, tokensPerSecond: 50, tokensPerChunk: 1, jitter: 0 },
			1,
		);
		assert.deepEqual(
			[clock.next(1), clock.next(1), clock.next(2), clock.next(1)],
			[200, 220, 240, 280],
		);
		const a = new ChunkClock({ ttftMs: 0, tokensPerSecond: 30, tokensPerChunk: 1, jitter: 0.2 }, 9);
		const b = new ChunkClock({ ttftMs: 0, tokensPerSecond: 30, tokensPerChunk: 1, jitter: 0.2 }, 9);
		const ta = Array.from({ length: 50 }, () => a.next(1));
		assert.deepEqual(
			ta,
			Array.from({ length: 50 }, () => b.next(1)),
		);
		const mean = (ta.at(-1) ?? 0) / 49;
		assert.ok(mean > 30 && mean < 37, `mean interval ${mean}`);
	});
});

describe('trace choice', () => {
	it('matches the problem text exactly, inside a longer prompt, or falls back to round-robin', () => {
		const library = new TraceLibrary(records);
		const target = records[15];
		assert.ok(target?.problem);
		assert.equal(library.forMessage(target.problem).trace.id, target.id);
		assert.equal(
			library.forMessage(`Solve this:\n\n${target.problem}\n\nPut the answer in a box.`).trace.id,
			target.id,
		);
		const first = library.forMessage('something unrelated');
		assert.equal(first.matched, false);
		assert.notEqual(library.forMessage('again unrelated').trace.id, first.trace.id);
	});
});

describe('continuation answer', () => {
	it('gives the final answer after its first statement and an earlier answer before it', () => {
		const trace = records.find((t) => t.id === 'rasbt-r1-3');
		assert.ok(trace);
		const first = firstFinalStatementEnd(trace);
		assert.ok(Number.isFinite(first) && first > 0 && first <= trace.thinking.length);
		const late = continuationAnswer(trace, trace.thinking, trace.thinking.length);
		assert.equal(late.source, 'final');
		assert.equal(late.text, trace.final);
		const early = continuationAnswer(trace, 'So the value is 16.5, and the answer is 16.', 40);
		assert.equal(early.source, 'earlier');
		assert.equal(early.value, '16');
		assert.match(early.text, /\\boxed\{16\}/);
		assert.equal(continuationAnswer(trace, 'Let me start.', 13).source, 'none-stated');
	});
});

describe('verifier verdicts', () => {
	it('answers the existence question from the excerpt', () => {
		const yes = verifierVerdict(
			'Problem: x\n\nReasoning excerpt: So the total is 204 minutes, so the answer is \\boxed{204}.\n\nDoes this excerpt state a definite final answer? Reply Yes or No.',
		);
		assert.deepEqual([yes.question, yes.answer], ['existence', 'Yes']);
		const no = verifierVerdict(
			'Reasoning excerpt: First, let me set up the equations for the speeds.\n\nDoes this excerpt state a definite final answer? Reply Yes or No.',
		);
		assert.deepEqual([no.question, no.answer], ['existence', 'No']);
	});

	it('answers the equivalence question with the core comparison', () => {
		const same = verifierVerdict(
			'Answer A: \\frac{1}{2}\nAnswer B: 0.5\nAre A and B the same final answer? Reply Yes or No.',
		);
		assert.deepEqual([same.question, same.answer], ['equivalence', 'Yes']);
		const different = verifierVerdict(
			'Answer A: 204\nAnswer B: 240\nAre A and B the same final answer? Reply Yes or No.',
		);
		assert.equal(different.answer, 'No');
	});

	it('puts most probability on the verdict, with OpenAI-shaped entries', () => {
		const top = verdictLogprobs({ question: 'existence', answer: 'No', probability: 0.95 }, 5);
		assert.equal(top.length, 5);
		assert.equal(top[0]?.token, 'No');
		assert.equal(top[1]?.token, 'Yes');
		assert.ok(Math.abs(Math.exp(top[0]?.logprob ?? 0) - 0.95) < 1e-3);
		assert.ok((top[0]?.logprob ?? 0) > (top[1]?.logprob ?? 0));
		assert.deepEqual(top[0]?.bytes, [78, 111]);
	});
});
