import {
	ALL_THINKING_MARKERS,
	splitMarkedThinking,
	type ThinkingMarkers,
} from '../stream/thinkingMarkers';
import { messageOf } from '../../shared/userError';

/**
 * A recorded reasoning trace, as found in JSONL files: the shared/data/traces format
 * (`id`, `problem`, `thinking`, `final`, `predicted_answer`, `gold_answer`, provenance fields)
 * and ThinkTrim's own exports. Only `id` and `thinking` are required; other fields are ignored.
 */
export interface TraceRecord {
	readonly id: string;
	readonly thinking: string;
	readonly problem?: string;
	readonly final?: string;
	readonly predictedAnswer?: string;
	readonly goldAnswer?: string;
	readonly model?: string;
	readonly benchmark?: string;
	readonly source?: TraceSource;
}

/** Where a third-party trace came from, kept for attribution. */
export interface TraceSource {
	readonly repo: string;
	readonly path?: string;
	readonly commit?: string;
	readonly license?: string;
}

/** A line of a JSONL file that could not be read as a trace; `line` is 1-based. */
export interface TraceLineError {
	readonly file: string;
	readonly line: number;
	readonly message: string;
}

export type TraceLineResult =
	| { readonly ok: true; readonly record: TraceRecord }
	| { readonly ok: false; readonly error: TraceLineError };

function optionalString(value: unknown): string | undefined {
	if (typeof value === 'string') {
		return value;
	}
	if (typeof value === 'number' && Number.isFinite(value)) {
		return String(value);
	}
	return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** How recorded traces are read. */
export interface TraceReadOptions {
	/**
	 * Thinking markers to take out of a `thinking` text that kept them (`<think>…</think>`, …); the text
	 * after the closing marker becomes `final` when the record has none. Default: every preset.
	 */
	readonly thinkingMarkers?: readonly ThinkingMarkers[];
}

/** Reads one JSON object as a trace, or says what is wrong with it. */
export function traceFromJson(
	value: unknown,
	options: TraceReadOptions = {},
): TraceRecord | string {
	if (!isObject(value)) {
		return 'not a JSON object';
	}
	const id = optionalString(value.id);
	if (id === undefined || id === '') {
		return 'missing "id"';
	}
	if (typeof value.thinking !== 'string') {
		return `trace "${id}" has no "thinking" text`;
	}
	const repo = optionalString(value.source_repo);
	const marked = splitMarkedThinking(
		value.thinking,
		options.thinkingMarkers ?? ALL_THINKING_MARKERS,
	);
	return {
		id,
		thinking: marked?.thinking ?? value.thinking,
		problem: optionalString(value.problem),
		final: optionalString(value.final) ?? marked?.after,
		predictedAnswer: optionalString(value.predicted_answer),
		goldAnswer: optionalString(value.gold_answer),
		model: optionalString(value.model),
		benchmark: optionalString(value.benchmark),
		source:
			repo === undefined
				? undefined
				: {
						repo,
						path: optionalString(value.source_path),
						commit: optionalString(value.source_commit),
						license: optionalString(value.license),
					},
	};
}

/** Parses one JSONL line; `lineNumber` is 1-based and only used in the error. */
export function parseTraceLine(
	text: string,
	file: string,
	lineNumber: number,
	options: TraceReadOptions = {},
): TraceLineResult {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (err) {
		const reason = messageOf(err);
		return { ok: false, error: { file, line: lineNumber, message: `not valid JSON (${reason})` } };
	}
	const record = traceFromJson(value, options);
	if (typeof record === 'string') {
		return { ok: false, error: { file, line: lineNumber, message: record } };
	}
	return { ok: true, record };
}

/** Default largest record accepted: analysis needs several times a record's size in memory. */
export const DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;

function megabytes(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** One error for a whole file that is not JSONL at all (a JSON array, a binary file), else undefined. */
function notJsonl(text: string, file: string): TraceLineError | undefined {
	const head = text.slice(0, 8192);
	if (/^\s*\[/.test(head)) {
		return {
			file,
			line: 1,
			message:
				"expected JSONL (one object per line), found a JSON array; convert it with: jq -c '.[]' FILE",
		};
	}
	// NUL bytes or many undecodable bytes (U+FFFD after UTF-8 decoding) mean a binary file.
	const replacement = head.split('\uFFFD').length - 1;
	if (head.includes('\u0000') || replacement > head.length / 100 + 2) {
		return {
			file,
			line: 1,
			message: 'expected JSONL (one object per line); this looks like a binary file',
		};
	}
	return undefined;
}

/**
 * Parses a whole JSONL text: bad lines are reported and skipped, blank lines ignored, a UTF-8 byte-order
 * mark dropped. A file that is not JSONL at all gets one error, not one per line; a record larger than
 * `maxRecordBytes` is refused before it is parsed.
 */
export function parseTraceJsonl(
	given: string,
	file: string,
	options: TraceReadOptions & { readonly maxRecordBytes?: number } = {},
): { readonly records: TraceRecord[]; readonly errors: TraceLineError[] } {
	const text = given.charCodeAt(0) === 0xfeff ? given.slice(1) : given;
	const whole = notJsonl(text, file);
	if (whole !== undefined) {
		return { records: [], errors: [whole] };
	}
	const maxBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
	const records: TraceRecord[] = [];
	const errors: TraceLineError[] = [];
	const lines = text.split(/\r?\n/);
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i] ?? '';
		if (line.trim() === '') {
			continue;
		}
		// A UTF-16 unit is at most 3 UTF-8 bytes: only long lines need counting.
		const bytes = line.length * 3 > maxBytes ? new TextEncoder().encode(line).length : 0;
		if (bytes > maxBytes) {
			errors.push({
				file,
				line: i + 1,
				message: `record ${i + 1} is ${megabytes(bytes)}; limit ${megabytes(maxBytes)} (raise it with --max-record-bytes)`,
			});
			continue;
		}
		const result = parseTraceLine(line, file, i + 1, options);
		if (result.ok) {
			records.push(result.record);
		} else {
			errors.push(result.error);
		}
	}
	return { records, errors };
}

/** `file:line: message`, the form every ThinkTrim surface uses for a bad record. */
export function formatTraceLineError(error: TraceLineError): string {
	return `${error.file}:${error.line}: ${error.message}`;
}
