import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseTraceJsonl } from '../../../src/core/traces/traceRecord';
import { runCli } from '../cli/runCli';

const LINE = JSON.stringify({
	id: 'a',
	problem: 'What is 2+3?',
	thinking: 'Two plus three is five.',
	final: 'The answer is 5.',
});

async function fileWith(content: string | Buffer): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'tt-traces-'));
	const file = join(dir, 't.jsonl');
	await writeFile(file, content);
	return file;
}

describe('hostile trace files', () => {
	it('reads the first trace of a file that starts with a UTF-8 BOM', () => {
		const { records, errors } = parseTraceJsonl(
			`\uFEFF${LINE}\n${LINE.replace('"a"', '"b"')}\n`,
			'bom.jsonl',
		);
		assert.deepEqual(errors, []);
		assert.deepEqual(
			records.map((r) => r.id),
			['a', 'b'],
		);
	});

	it('says once that a JSON array is not JSONL', () => {
		const { records, errors } = parseTraceJsonl(`[\n${LINE},\n${LINE}\n]\n`, 'arr.json');
		assert.equal(records.length, 0);
		assert.equal(errors.length, 1);
		assert.match(errors[0]?.message ?? '', /expected JSONL \(one object per line\)/);
	});

	it('says once that a binary file is not JSONL', () => {
		const bytes = Buffer.alloc(4096);
		for (let i = 0; i < bytes.length; i++) {
			bytes[i] = (i * 131) % 256;
		}
		const { errors } = parseTraceJsonl(bytes.toString('utf8'), 'bin.jsonl');
		assert.equal(errors.length, 1);
		assert.match(errors[0]?.message ?? '', /binary/);
	});

	it('refuses a record over the limit before parsing it, naming the option', () => {
		const big = JSON.stringify({
			id: 'big',
			problem: 'p',
			thinking: 'x'.repeat(3 * 1024 * 1024),
			final: 'f',
		});
		const { records, errors } = parseTraceJsonl(`${LINE}\n${big}\n`, 'big.jsonl', {
			maxRecordBytes: 1024 * 1024,
		});
		assert.deepEqual(
			records.map((r) => r.id),
			['a'],
		);
		assert.match(
			errors[0]?.message ?? '',
			/^record 2 is 3\.0 MB; limit 1\.0 MB \(raise it with --max-record-bytes\)$/,
		);
	});

	it('analyze exits 1 with "no traces in FILE" on an empty file, and BOM files analyse', async () => {
		const empty = await fileWith('');
		const r = await runCli(['analyze', empty]);
		assert.equal(r.code, 1);
		assert.match(r.err, /no traces in .*t\.jsonl/);
		const bom = await fileWith(`\uFEFF${LINE}\n`);
		const ok = await runCli(['analyze', bom, '--json']);
		assert.equal(ok.code, 0, ok.err);
		assert.match(ok.out, /"id":"a"/);
	});

	it('analyze applies --max-record-bytes', async () => {
		const file = await fileWith(`${LINE}\n`);
		const r = await runCli(['analyze', file, '--max-record-bytes', '20']);
		assert.equal(r.code, 1);
		assert.match(r.err, /record 1 is .* MB; limit .* \(raise it with --max-record-bytes\)/);
	});

	it('escapes control characters from a trace file in human output', async () => {
		const file = await fileWith(
			`${JSON.stringify({ id: 'evil\x1b]0;pwned\x07', problem: 'p', thinking: 'a\x1b[2Jb', final: 'f' })}\n`,
		);
		const r = await runCli(['thoughts', file]);
		assert.ok(!r.out.includes('\x1b'), JSON.stringify(r.out));
		assert.match(r.out, /evil\\x1b\]0;pwned\\x07/);
	});
});
