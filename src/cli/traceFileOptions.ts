/** `--max-record-bytes N`: the largest trace record read from a JSONL file (see traceRecord.ts). */
export function maxRecordBytesOption(
	options: ReadonlyMap<string, string | true>,
): number | undefined {
	const v = options.get('max-record-bytes');
	if (v === undefined) {
		return undefined;
	}
	const n = Number(v);
	if (typeof v !== 'string' || !Number.isInteger(n) || n <= 0) {
		throw new Error('--max-record-bytes needs a positive whole number of bytes');
	}
	return n;
}
