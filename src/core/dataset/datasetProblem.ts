/**
 * The problems of a dataset evaluation, read from JSONL: one object per line with `problem` (required),
 * `id`, `gold_answer` and `system` (optional). The shared trace format (`../shared/data/traces`, ThinkTrim's
 * own trace exports) is accepted as it is: its extra fields (`thinking`, `final`, …) are ignored, since the
 * evaluation asks the server afresh. Common dataset spellings are accepted too: `question` for the problem,
 * `answer` / `gold` for the gold answer (a GSM8K-style `… #### 72` keeps the part after `####`).
 */
import type { TraceLineError } from '../traces/traceRecord';
import { messageOf } from '../../shared/userError';

/** One problem to evaluate. */
export interface DatasetProblem {
	/** From the line's `id`, else `line-N`; unique within the dataset. */
	readonly id: string;
	readonly problem: string;
	readonly goldAnswer?: string;
	/** A system prompt for this problem only (the evaluation's own system prompt otherwise). */
	readonly system?: string;
	/** 1-based line in the source file. */
	readonly line: number;
}

/** A bad line: file, 1-based line and what is wrong (the same shape as a bad trace line). */
export type DatasetLineError = TraceLineError;

/** The problems read from a file and the lines that were skipped. */
export interface ParsedDataset {
	readonly problems: DatasetProblem[];
	readonly errors: DatasetLineError[];
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string or finite number as text; anything else is absent. */
function textField(value: unknown): string | undefined {
	if (typeof value === 'string') {
		return value;
	}
	if (typeof value === 'number' && Number.isFinite(value)) {
		return String(value);
	}
	return undefined;
}

/** The gold answer: `gold_answer`, else `gold`, else `answer` (GSM8K keeps what follows `####`). */
function goldOf(value: Record<string, unknown>): string | undefined {
	const explicit = textField(value.gold_answer) ?? textField(value.gold);
	if (explicit !== undefined) {
		return explicit.trim() === '' ? undefined : explicit.trim();
	}
	const answer = textField(value.answer);
	if (answer === undefined || answer.trim() === '') {
		return undefined;
	}
	const marker = answer.lastIndexOf('####');
	return (marker === -1 ? answer : answer.slice(marker + 4)).trim() || undefined;
}

/** Reads one JSON value as a problem, or says what is wrong with it. `line` names it when it has no id. */
export function problemFromJson(value: unknown, line: number): DatasetProblem | string {
	if (!isObject(value)) {
		return 'not a JSON object';
	}
	const problem = value.problem ?? value.question;
	if (problem === undefined) {
		return 'missing "problem" (the text to send to the model)';
	}
	if (typeof problem !== 'string' || problem.trim() === '') {
		return '"problem" must be a non-empty string';
	}
	if (value.system !== undefined && value.system !== null && typeof value.system !== 'string') {
		return '"system" must be a string';
	}
	const id = textField(value.id)?.trim();
	const system =
		typeof value.system === 'string' && value.system.trim() !== '' ? value.system : undefined;
	return {
		id: id !== undefined && id !== '' ? id : `line-${line}`,
		problem,
		goldAnswer: goldOf(value),
		system,
		line,
	};
}

/**
 * Parses a JSONL dataset: bad lines (not JSON, no problem, a repeated id) are reported with file:line and
 * skipped; blank lines and a leading byte-order mark are ignored.
 */
export function parseDatasetJsonl(text: string, file: string): ParsedDataset {
	const problems: DatasetProblem[] = [];
	const errors: DatasetLineError[] = [];
	const firstLineOf = new Map<string, number>();
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	for (let i = 0; i < lines.length; i++) {
		const raw = lines[i] ?? '';
		if (raw.trim() === '') {
			continue;
		}
		const line = i + 1;
		let value: unknown;
		try {
			value = JSON.parse(raw);
		} catch (err) {
			errors.push({ file, line, message: `not valid JSON (${messageOf(err)})` });
			continue;
		}
		const parsed = problemFromJson(value, line);
		if (typeof parsed === 'string') {
			errors.push({ file, line, message: parsed });
			continue;
		}
		const seen = firstLineOf.get(parsed.id);
		if (seen !== undefined) {
			errors.push({ file, line, message: `duplicate id "${parsed.id}" (first at line ${seen})` });
			continue;
		}
		firstLineOf.set(parsed.id, line);
		problems.push(parsed);
	}
	return { problems, errors };
}
