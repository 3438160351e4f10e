/**
 * `thinktrim eval`'s check before the first request: the server answers at the base URL and serves the
 * model (or lists one to use), with a one-line error that names the setting to fix otherwise.
 */
import type { ReasoningClient } from '../core/stream/reasoningClient';
import { openSettings, UserError } from '../shared/userError';

/** Failures that mean nobody is answering at the base URL (or it will not let us in). */
const UNREACHABLE = new Set([
	'connection-refused',
	'connection-reset',
	'dns',
	'tls',
	'unauthorized',
	'idle-timeout',
]);

/** What fixes a wrong endpoint: the settings the editor opens, the flags here (src/cli/errorOutput.ts). */
export const BASE_URL = openSettings('thinktrim.endpoint.baseUrl');
export const MODEL = openSettings('thinktrim.endpoint.model');

/** Checks the server answers and serves the model; returns the model to use. Throws a one-line error. */
export async function preflight(
	client: ReasoningClient,
	baseUrl: string,
	wanted: string | undefined,
	signal: AbortSignal,
): Promise<string> {
	const info = await client.discover(signal);
	const fatal = info.problems.find((p) => UNREACHABLE.has(p.kind));
	if (info.models.length === 0 && fatal !== undefined) {
		throw new UserError(fatal.message, { cause: fatal.cause, actions: [BASE_URL] });
	}
	const ids = info.models.map((m) => m.id);
	if (wanted !== undefined) {
		if (ids.length > 0 && !ids.includes(wanted)) {
			throw new UserError(
				`${baseUrl} does not serve the model "${wanted}"; it lists ${ids.join(', ')}`,
				{ actions: [MODEL] },
			);
		}
		return wanted;
	}
	const first = ids[0];
	if (first === undefined) {
		throw new UserError(
			`--model is required: ${baseUrl} did not list any model${info.problems[0] !== undefined ? ` (${info.problems[0].message})` : ''}`,
			{ cause: info.problems[0], actions: [MODEL] },
		);
	}
	return first;
}
