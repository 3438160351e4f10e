/**
 * The HTTP transport every request of the client goes through: an undici Agent with the user's TLS trust
 * (custom CA file, optional client certificate for mutual TLS) and no built-in header/body timeouts — the
 * client enforces its own idle timeout, which unlike Node's 5-minute default fires on a silent stream and
 * says so. Every body is size-limited on the way in (bodyGuard). The same fetch is given to the openai SDK
 * and used for /tokenize, /version and the rest; a request that expects an event stream is sent with
 * undici's `request` instead of fetch, so its pieces reach the reader without web streams (pushBody.ts).
 */
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { Agent, fetch as undiciFetch, Response as UndiciResponse } from 'undici';
import { guardResponse, onBytesOf, type BodyLimits } from './bodyGuard';
import { requestEventStream } from './pushBody';
import { messageOf } from '../../shared/userError';

/** TLS settings for HTTPS endpoints (MindIE serves HTTPS by default, often with a private CA). */
export interface TlsOptions {
	/** PEM file of the CA (or bundle) that signed the server certificate; added to the system trust. */
	readonly caFile?: string;
	/** PEM file of the client certificate, for servers that require mutual TLS. */
	readonly certFile?: string;
	/** PEM file of the client certificate's private key. */
	readonly keyFile?: string;
	/** Passphrase of an encrypted key file. */
	readonly passphrase?: string;
	/** False accepts any certificate. For a lab only; the default is true. */
	readonly rejectUnauthorized?: boolean;
}

/** Connection settings. */
export interface TransportOptions extends BodyLimits {
	readonly tls?: TlsOptions;
	/** TCP + TLS connect timeout. Default 10 s. */
	readonly connectTimeoutMs?: number;
}

/** A fetch bound to one connection pool; `close()` frees the sockets. */
export interface Transport {
	readonly fetch: typeof globalThis.fetch;
	close(): Promise<void>;
}

async function readPem(file: string | undefined, what: string): Promise<string | undefined> {
	if (file === undefined || file === '') {
		return undefined;
	}
	try {
		return await readFile(file, 'utf8');
	} catch (err) {
		const reason = messageOf(err);
		throw new Error(`Cannot read the ${what} file ${file}: ${reason}`);
	}
}

/** Builds the transport; fails with a clear message when a certificate file cannot be read. */
export async function createTransport(options: TransportOptions = {}): Promise<Transport> {
	const tls = options.tls ?? {};
	const [ca, cert, key] = await Promise.all([
		readPem(tls.caFile, 'CA'),
		readPem(tls.certFile, 'client certificate'),
		readPem(tls.keyFile, 'client key'),
	]);
	if ((cert === undefined) !== (key === undefined)) {
		throw new Error('A client certificate needs both the certificate file and its key file.');
	}
	const agent = new Agent({
		headersTimeout: 0,
		bodyTimeout: 0,
		connectTimeout: options.connectTimeoutMs ?? 10_000,
		connect: {
			// A custom CA is added to Node's bundled roots, not substituted for them.
			...(ca !== undefined ? { ca: [...rootCertificates, ca] } : {}),
			...(cert !== undefined && key !== undefined ? { cert, key, passphrase: tls.passphrase } : {}),
			rejectUnauthorized: tls.rejectUnauthorized ?? true,
		},
	});
	const limits: BodyLimits = {
		maxEventBytes: options.maxEventBytes,
		maxDecompressedBytes: options.maxDecompressedBytes,
	};
	// The casts are needed where the DOM and undici's fetch types differ (the tests' tsconfig), not here.
	/* eslint-disable @typescript-eslint/no-unnecessary-type-assertion */
	const make: Parameters<typeof guardResponse>[3] = (body, rest) =>
		new UndiciResponse(
			body as unknown as ConstructorParameters<typeof UndiciResponse>[0],
			rest as ConstructorParameters<typeof UndiciResponse>[1],
		) as unknown as Response;
	/* eslint-enable @typescript-eslint/no-unnecessary-type-assertion */
	const bound = async (
		input: Parameters<typeof undiciFetch>[0],
		init?: Parameters<typeof undiciFetch>[1],
	): Promise<UndiciResponse> => {
		const touch = onBytesOf(init);
		const expectsEventStream =
			typeof init?.body === 'string' && /"stream"\s*:\s*true/.test(init.body);
		if (expectsEventStream && (typeof input === 'string' || input instanceof URL)) {
			const pushed = await requestEventStream(
				agent,
				String(input),
				init as RequestInit,
				limits,
				make,
				touch,
			);
			if (pushed !== undefined) {
				return pushed as unknown as UndiciResponse;
			}
		}
		const response = await undiciFetch(input, { ...init, dispatcher: agent });
		const guarded = guardResponse(
			response as unknown as Response,
			limits,
			expectsEventStream,
			make,
			touch,
		);
		// A rebuilt Response has no URL; the SDK and error messages may read it.
		if (guarded !== (response as unknown as Response)) {
			Object.defineProperty(guarded, 'url', { value: response.url });
		}
		return guarded as unknown as UndiciResponse;
	};
	return {
		// undici's fetch is the implementation behind Node's global fetch; only its type declarations differ.
		fetch: bound as unknown as typeof globalThis.fetch,
		close: () => agent.close(),
	};
}
