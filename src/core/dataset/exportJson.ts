/**
 * The JSON export of a dataset evaluation: the {@link DatasetEvaluation} object as it is (absent values
 * are left out), and a reader that checks a file is one before a viewer trusts its shape.
 */
import type { DatasetEvaluation } from './evaluationTypes';
import { messageOf } from '../../shared/userError';

/** The evaluation as indented JSON (no credentials: the base URL is stored without them). */
export function evaluationToJson(evaluation: DatasetEvaluation): string {
	return `${JSON.stringify(evaluation, null, 2)}\n`;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads an exported evaluation back (e.g. to reopen a report); throws saying what is wrong when the text
 * is not JSON, not an evaluation, or from a newer version.
 */
export function parseEvaluationJson(text: string, file = 'evaluation'): DatasetEvaluation {
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch (err) {
		throw new Error(`${file}: not valid JSON (${messageOf(err)})`);
	}
	if (!isObject(value) || value.format !== 'thinktrim-dataset-evaluation') {
		throw new Error(
			`${file}: not a ThinkTrim dataset evaluation (no "format": "thinktrim-dataset-evaluation")`,
		);
	}
	if (value.version !== 1) {
		throw new Error(
			`${file}: evaluation format version ${String(value.version)} is not supported (this ThinkTrim reads version 1)`,
		);
	}
	for (const key of ['problems', 'variants', 'aggregates'] as const) {
		if (!Array.isArray(value[key])) {
			throw new Error(`${file}: "${key}" is missing or not a list`);
		}
	}
	if (!isObject(value.settings) || !isObject(value.untrimmed)) {
		throw new Error(`${file}: "settings" or "untrimmed" is missing`);
	}
	return value as unknown as DatasetEvaluation;
}
