/**
 * The client options every networked command shares and validates the same way: the server's key, the
 * dialect, the idle timeout (a timer cannot wait longer than about 24 days, and 0 would fire at once), the
 * event size limit, retries and TLS.
 */
import type { ReasoningClientOptions } from '../core/stream/reasoningClient';
import { DIALECT_NAMES, isDialectName, type DialectName } from '../core/stream/streamEvents';
import { numberFlag, stringFlag, wholeAtLeast } from './cliCommand';

type Options = ReadonlyMap<string, string | true>;

/** The flags with a value that {@link clientOptionsFrom} reads; every networked command takes them. */
export const CLIENT_VALUE_FLAGS = [
	'dialect',
	'api-key',
	'ca-file',
	'cert-file',
	'key-file',
	'idle-timeout',
	'max-retries',
	'max-event-mb',
] as const;
/** The switch {@link clientOptionsFrom} reads: `--insecure` (do not verify the server's certificate). */
export const CLIENT_SWITCHES = ['insecure'] as const;

/** Longest idle timeout accepted: one day. */
const MAX_IDLE_SECONDS = 86_400;
/** Largest event size limit accepted, in MiB. */
const MAX_EVENT_MIB = 1024;

/** `--dialect D`: `auto` (the default) or one of the dialects, named in the error otherwise. */
export function dialectOption(options: Options): DialectName | 'auto' {
	const dialect = options.get('dialect') ?? 'auto';
	if (dialect !== 'auto' && (typeof dialect !== 'string' || !isDialectName(dialect))) {
		throw new Error(
			`unknown --dialect "${String(dialect)}"; expected auto or one of: ${DIALECT_NAMES.join(', ')}`,
		);
	}
	return dialect;
}

/** `--idle-timeout SECONDS` in ms; rejects 0, negatives and values past one day. */
export function idleTimeoutMsOption(options: Options): number | undefined {
	const s = numberFlag(options, 'idle-timeout', () => true, 'a number');
	if (s === undefined) {
		return undefined;
	}
	if (s <= 0 || s > MAX_IDLE_SECONDS) {
		throw new Error(
			`--idle-timeout takes seconds between 0 and ${MAX_IDLE_SECONDS} (one day), not ${s}: 0 would stop every stream at once`,
		);
	}
	return Math.max(1, Math.round(s * 1000));
}

/** `--max-event-mb N`: the longest stream line/event (and largest JSON body) accepted, in bytes. */
export function maxEventBytesOption(options: Options): number | undefined {
	const mib = numberFlag(options, 'max-event-mb', () => true, 'a number');
	if (mib === undefined) {
		return undefined;
	}
	if (mib <= 0 || mib > MAX_EVENT_MIB) {
		throw new Error(`--max-event-mb takes MiB between 0 and ${MAX_EVENT_MIB}, not ${mib}`);
	}
	return Math.round(mib * 1024 * 1024);
}

/** `--max-retries N`: how often a request that failed before its stream began is sent again. */
export function maxRetriesOption(options: Options): number | undefined {
	return numberFlag(options, 'max-retries', wholeAtLeast(0), 'a whole number of at least 0');
}

/**
 * What a networked command gives the stream client from its command line: the key (`--api-key`, else
 * `THINKTRIM_API_KEY`), the dialect, the limits, the retries and the TLS files.
 */
export function clientOptionsFrom(options: Options, baseUrl: string): ReasoningClientOptions {
	return {
		baseUrl,
		apiKey: stringFlag(options, 'api-key') ?? process.env.THINKTRIM_API_KEY,
		dialect: dialectOption(options),
		idleTimeoutMs: idleTimeoutMsOption(options),
		maxEventBytes: maxEventBytesOption(options),
		maxRetries: maxRetriesOption(options),
		tls: {
			caFile: stringFlag(options, 'ca-file'),
			certFile: stringFlag(options, 'cert-file'),
			keyFile: stringFlag(options, 'key-file'),
			rejectUnauthorized: !options.has('insecure'),
		},
	};
}
